"""Fixtures of the OData tests: a filled portfolio per municipality and key-authenticated GETs."""

from __future__ import annotations

import base64
import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from koersvast.capacity.models import BudgetCapacity
from koersvast.finance.models import (
    AssetCategory,
    BudgetVersion,
    BudgetVersionLine,
    ExploitationLine,
    Funding,
    Investment,
)
from koersvast.finance.selectors.estimate import default_budget_year
from koersvast.intake.models import Contribution, ImpactScore
from koersvast.monitoring.models import BenefitMeasurement, Lesson, ProgrammeInitiative
from koersvast.odata.services import key_create
from koersvast.planning.models import PlanItem, PlanVersion, ScenarioDecision
from koersvast.portfolio.models import (
    Alternative,
    AlternativeGroup,
    CustomField,
    Dependency,
    Initiative,
)
from koersvast.reference.models import Taakveld
from tests.factories import (
    BenefitFactory,
    CapacityPoolFactory,
    DecisionBodyFactory,
    DemandFactory,
    ImpactAxisFactory,
    InitiativeFactory,
    ObjectiveFactory,
    PoolCapacityFactory,
    PriorityScoreFactory,
    ProgrammeFactory,
    ProgressReportFactory,
    RiskFactory,
    ScenarioFactory,
    ScenarioRunFactory,
)

FEED = "/odata/v4/"

# Rows per entity set that populate() makes for municipality A.
COUNTS = {
    "Initiatives": 7,
    "Dependencies": 1,
    "Alternatives": 2,
    "Scores": 7,
    "Contributions": 7,
    "ImpactScores": 7,
    "Plan": 2,
    "PlanItems": 2,
    "CapacityDemand": 7,
    "StatusReports": 1,
    "Risks": 7,
    "Benefits": 1,
    "BenefitMeasurements": 1,
    "Lessons": 2,
    "Capacity": 4,
    "BudgetRoom": 2,
    "Programmes": 1,
    "Opgaven": 1,
    "ProgrammeReports": 1,
    "ProgrammeReportProjects": 1,
    "InitiativeFieldValues": 3,
    "Investments": 1,
    "ExploitationLines": 2,
    "Fundings": 1,
    "BudgetVersions": 1,
    "BudgetLines": 2,
    "MultiYearEstimate": 48,  # twelve lines × four years
    "Commitments": 2,
    "Motions": 1,
    "CouncilItemInitiatives": 4,
}


def _steering(municipality: Any, programme: Any, initiative: Any, prefix: str) -> dict[str, Any]:
    """An opgave served by the programme, a steering group, and a submitted programme report
    with one project in its snapshot (plus a draft, which the feed leaves out)."""
    from koersvast.monitoring.models import Opgave, ProgrammeReport

    opgave = Opgave.objects.create(municipality=municipality, name=f"Wonen {prefix}")
    programme.opgave = opgave
    programme.steering_group = DecisionBodyFactory(municipality=municipality, name="Stuurgroep")
    programme.save()
    project = {
        "pk": initiative.pk,
        "reference": initiative.reference,
        "rag": "oranje",
        "milestones_due": 2,
        "milestones_late": 1,
        "risks_open": 3,
        "planned": "1000.00",
        "actual": "1250.50",
    }
    report = ProgrammeReport.objects.create(
        municipality=municipality,
        programme=programme,
        year=2026,
        quarter=2,
        rag="oranje",
        summary="Zorgen over de planning.",
        status="ingediend",
        snapshot={"projects": [project]},
    )
    ProgrammeReport.objects.create(
        municipality=municipality,
        programme=programme,
        year=2026,
        quarter=3,
        rag="groen",
        summary="Concept.",
    )
    return {"opgave": opgave, "programme_report": report}


def populate(municipality: Any, n: int = 7, prefix: str = "A") -> dict[str, Any]:
    """A small but complete portfolio: every entity set has rows, with some nulls."""
    taakveld = Taakveld.objects.filter(code="0.1").first()
    programme = ProgrammeFactory(municipality=municipality)
    pool = CapacityPoolFactory(municipality=municipality, code=f"pl{prefix.lower()}")
    objective = ObjectiveFactory(municipality=municipality)
    axis = ImpactAxisFactory(municipality=municipality, framework=objective.framework)
    initiatives = []
    for i in range(n):
        initiative = InitiativeFactory(
            municipality=municipality,
            reference=f"{prefix}-{i:03d}",
            title=f"Initiatief {prefix} {i}",
            state=["ingediend", "opgenomen", "in_uitvoering"][i % 3],
            start_year=2027 if i % 2 else None,
            start_quarter=(i % 4) + 1 if i % 2 else None,
            duration_quarters=2 + i % 3,
            budget_capital=Decimal(f"{1000 * i}.50"),
            is_statutory=i % 3 == 0,
            taakveld=taakveld if i % 2 else None,
        )
        initiatives.append(initiative)
        DemandFactory(initiative=initiative, pool=pool, offset=0, hours=Decimal(10 + i))
        PriorityScoreFactory(
            initiative=initiative, framework=objective.framework, total=Decimal(f"{i}.125")
        )
        Contribution.objects.create(
            municipality=municipality, initiative=initiative, objective=objective, score=i % 3
        )
        ImpactScore.objects.create(
            municipality=municipality, initiative=initiative, axis=axis, score=i % 5
        )
        RiskFactory(initiative=initiative, probability=1 + i % 5)
    ProgrammeInitiative.objects.create(
        municipality=municipality, programme=programme, initiative=initiatives[0]
    )
    # A dependency and a group of alternatives (decision 0404).
    Dependency.objects.create(
        municipality=municipality,
        predecessor=initiatives[0],
        successor=initiatives[1],
        lag_quarters=1,
    )
    group = AlternativeGroup.objects.create(municipality=municipality, name=f"Varianten {prefix}")
    for initiative in initiatives[2:4]:
        Alternative.objects.create(municipality=municipality, group=group, initiative=initiative)
    # Own intake fields: a number and a yes/no on the first initiative, a date on the second.
    for code, kind in (("inwoners", "getal"), ("privacy", "janee"), ("gereed", "datum")):
        CustomField.objects.create(municipality=municipality, code=code, name=code, kind=kind)
    Initiative.objects.filter(pk=initiatives[0].pk).update(
        custom_values={"inwoners": "1250.5", "privacy": True}
    )
    Initiative.objects.filter(pk=initiatives[1].pk).update(custom_values={"gereed": "2027-06-30"})
    report = ProgressReportFactory(
        initiative=initiatives[1], status="ingediend", submitted_at=timezone.now()
    )
    ProgressReportFactory(initiative=initiatives[1], quarter=2)  # a draft: never in the feed
    benefit = BenefitFactory(
        initiative=initiatives[2], target_date=datetime.date(2028, 12, 31), programme=programme
    )
    BenefitMeasurement.objects.create(
        municipality=municipality,
        benefit=benefit,
        measured_on=datetime.date(2027, 6, 30),
        value=Decimal("15.25"),
    )
    # A lesson of an initiative (with its domain and two tags) and one of the portfolio.
    Lesson.objects.create(
        municipality=municipality,
        initiative=initiatives[0],
        domain=initiatives[0].domain,
        title=f"Les {prefix}",
        what_happened="De aanbesteding liep uit.",
        to_repeat="Marktconsultatie.",
        tags="|aanbesteding|communicatie|",
    )
    Lesson.objects.create(
        municipality=municipality,
        title=f"Portfolioles {prefix}",
        what_happened="Te laat bijgestuurd.",
        to_avoid="Kwartaaloverleg zonder cijfers.",
    )
    for quarter in (1, 2, 3, 4):
        PoolCapacityFactory(pool=pool, year=2027, quarter=quarter, fte=Decimal("2.5"))
    for kind in ("krediet", "exploitatie"):
        BudgetCapacity.objects.create(
            municipality=municipality, kind=kind, year=2027, amount=Decimal(1_500_000)
        )
    # Finance: an investment (kapitaallasten from the budget year), lasten and a dekking.
    category = AssetCategory.objects.create(municipality=municipality, name="ICT", default_term=5)
    budget_year = default_budget_year()
    Investment.objects.create(
        municipality=municipality,
        initiative=initiatives[1],
        description="Zaaksysteem",
        amount=Decimal(2_000_000),
        activation_year=budget_year - 1,
        category=category,
    )
    for side, amount in (("lasten", 50_000), ("baten", 10_000)):
        ExploitationLine.objects.create(
            municipality=municipality,
            initiative=initiatives[1],
            year=budget_year,
            side=side,
            nature="structureel",
            amount=Decimal(amount),
        )
    Funding.objects.create(
        municipality=municipality,
        initiative=initiatives[1],
        source="bestemmingsreserve",
        source_name="Reserve ICT",
        year=budget_year,
        nature="incidenteel",
        amount=Decimal("100000.50"),
    )
    council = DecisionBodyFactory(municipality=municipality, name="Gemeenteraad", kind="raad")
    version = BudgetVersion.objects.create(
        municipality=municipality,
        budget_year=budget_year,
        kind="primitief",
        title=f"Primitieve begroting {budget_year}",
        body=council,
        decided_on=datetime.date(budget_year - 1, 11, 7),
    )
    for key, amount in (("lasten_structureel", "50000"), ("baten_structureel", "10000")):
        BudgetVersionLine.objects.create(
            municipality=municipality,
            version=version,
            initiative=initiatives[1],
            reference=initiatives[1].reference,
            key=key,
            year=budget_year,
            amount=Decimal(amount),
        )
    scenario = ScenarioFactory(municipality=municipality, is_plan_of_record=True)
    run = ScenarioRunFactory(
        scenario=scenario,
        status="done",
        problem={
            "periods": ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"],
            "initiatives": [
                {
                    "id": initiative.reference,
                    "name": initiative.title,
                    "x-pk": initiative.pk,
                    "x-domain": initiative.domain.name,
                    "duration": 2,
                    "value": 10 + i,
                    "earliest_start": 0,
                }
                for i, initiative in enumerate(initiatives[:3])
            ],
        },
        solution={
            "selected": [
                {"id": initiatives[0].reference, "start": 0, "value": 10},
                {"id": initiatives[1].reference, "start": 2, "value": 11.5},
            ]
        },
    )
    decision = ScenarioDecision.objects.create(
        municipality=municipality,
        scenario=scenario,
        run=run,
        body=DecisionBodyFactory(municipality=municipality, name="College"),
        rationale="Begroting",
    )
    version = PlanVersion.objects.create(
        municipality=municipality,
        year=2027,
        number=1,
        scenario=scenario,
        run=run,
        decision=decision,
        is_baseline=True,
        adopted_at=timezone.now(),
    )
    PlanItem.objects.create(
        municipality=municipality,
        version=version,
        initiative=initiatives[0],
        start_year=2027,
        start_quarter=1,
        end_year=2027,
        end_quarter=2,
        start_period="2027-Q1",
        end_period="2027-Q2",
    )
    PlanItem.objects.create(
        municipality=municipality,
        version=version,
        initiative=initiatives[2],
        reason="past niet: Juristen 2027-Q3 tekort 28 uur",
    )
    # Bestuurlijke agenda: an overdue toezegging on two initiatives, one on time, a motie.
    from tests.council.factories import CouncilItemFactory

    CouncilItemFactory(
        municipality=municipality,
        title=f"Toezegging {prefix} te laat",
        due_on=datetime.date(2026, 1, 31),
        initiatives=initiatives[:2],
    )
    CouncilItemFactory(
        municipality=municipality,
        due_on=datetime.date(2099, 1, 1),
        initiatives=[initiatives[1]],
    )
    CouncilItemFactory(
        municipality=municipality,
        kind="motie",
        number=f"M-{prefix}",
        due_on=datetime.date(2099, 1, 1),
        initiatives=[initiatives[2]],
    )
    steering = _steering(municipality, programme, initiatives[0], prefix)
    return {
        **steering,
        "initiatives": initiatives,
        "programme": programme,
        "pool": pool,
        "report": report,
        "benefit": benefit,
        "scenario": scenario,
        "run": run,
    }


@pytest.fixture
def data_a(municipality: Any) -> dict[str, Any]:
    return populate(municipality, prefix="A")


@pytest.fixture
def data_b(other_municipality: Any) -> dict[str, Any]:
    return populate(other_municipality, n=4, prefix="B")


@pytest.fixture
def secret_a(municipality: Any) -> str:
    return key_create(municipality=municipality, name="Power BI dashboard MT").secret


@pytest.fixture
def secret_b(other_municipality: Any) -> str:
    return key_create(municipality=other_municipality, name="Dashboard B").secret


def basic(secret: str, username: str = "powerbi") -> str:
    return "Basic " + base64.b64encode(f"{username}:{secret}".encode()).decode()


class Feed:
    """GETs against the feed with a key; returns the response (json via .json())."""

    def __init__(self, secret: str) -> None:
        self.client = Client()
        self.secret = secret

    def get(self, path: str, params: dict[str, str] | None = None) -> Any:
        url = path if path.startswith("http") or path.startswith("/") else FEED + path
        return self.client.get(url, params or {}, HTTP_AUTHORIZATION=basic(self.secret))

    def all(self, path: str, params: dict[str, str] | None = None) -> list[dict[str, Any]]:
        """Every row of a collection, following @odata.nextLink to the end."""
        response = self.get(path, params)
        assert response.status_code == 200, response.content
        body = response.json()
        rows = list(body["value"])
        while "@odata.nextLink" in body:
            response = self.get(body["@odata.nextLink"])
            assert response.status_code == 200, response.content
            body = response.json()
            rows.extend(body["value"])
        return rows


@pytest.fixture
def feed_a(secret_a: str) -> Feed:
    return Feed(secret_a)


@pytest.fixture
def feed_b(secret_b: str) -> Feed:
    return Feed(secret_b)
