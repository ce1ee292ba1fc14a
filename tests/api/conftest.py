"""API fixtures: a populated municipality (A) and a second one (B), tokens and clients."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from koersvast.api.tokens import token_create
from koersvast.capacity.models import BudgetCapacity
from koersvast.finance.models import (
    AssetCategory,
    BudgetVersion,
    BudgetVersionLine,
    ExploitationLine,
    Funding,
    Investment,
)
from koersvast.intake.models import Contribution, Decision, ImpactScore
from koersvast.monitoring.models import Lesson
from koersvast.planning.models import PlanItem, PlanVersion, ScenarioDecision
from koersvast.tenancy.choices import Role
from tests.factories import (
    AdviceFactory,
    AllocationFactory,
    BenefitFactory,
    DecisionBodyFactory,
    DemandFactory,
    FrameworkFactory,
    ImpactAxisFactory,
    InitiativeFactory,
    ObjectiveFactory,
    PersonFactory,
    PoolCapacityFactory,
    PriorityScoreFactory,
    ProgrammeFactory,
    ProgressReportFactory,
    RiskFactory,
    ScenarioFactory,
    ScenarioRunFactory,
)

# Endpoint → key of the object in `populate()` that a detail URL of it addresses.
ENDPOINTS = {
    "domains": "domain",
    "initiatives": "initiative",
    "objectives": "objective",
    "impact-axes": "axis",
    "contributions": "contribution",
    "impact-scores": "impact_score",
    "priority-scores": "priority_score",
    "advice": "advice",
    "decision-bodies": "body",
    "decisions": "decision",
    "capacity-pools": "pool",
    "pool-capacities": "pool_capacity",
    "budget-capacities": "budget_capacity",
    "demands": "demand",
    "people": "person",
    "allocations": "allocation",
    "scenarios": "scenario",
    "scenario-runs": "run",
    "plan-versions": "plan_version",
    "plan-items": "plan_item",
    "progress-reports": "report",
    "risks": "risk",
    "benefits": "benefit",
    "lessons": "lesson",
    "opgaven": "opgave",
    "programmes": "programme",
    "programme-reports": "programme_report",
    "investments": "investment",
    "exploitation-lines": "exploitation_line",
    "fundings": "funding",
    "asset-categories": "asset_category",
    "budget-versions": "budget_version",
    "budget-version-lines": "budget_version_line",
    "commitments": "commitment",
    "motions": "motion",
    "council-moments": "council_moment",
}


def populate(municipality: Any) -> dict[str, Any]:
    """One object for every endpoint, in one municipality."""
    framework = FrameworkFactory(municipality=municipality, status="published")
    objective = ObjectiveFactory(municipality=municipality, framework=framework)
    axis = ImpactAxisFactory(municipality=municipality, framework=framework)
    initiative = InitiativeFactory(municipality=municipality, state="in_uitvoering")
    demand = DemandFactory(initiative=initiative)
    body = DecisionBodyFactory(municipality=municipality)
    scenario = ScenarioFactory(municipality=municipality)
    run = ScenarioRunFactory(scenario=scenario, status="done")
    plan_version, plan_item = _plan(municipality, scenario, run, body, initiative)
    category = AssetCategory.objects.create(municipality=municipality, name="ICT", default_term=5)
    council = DecisionBodyFactory(municipality=municipality, name="Gemeenteraad", kind="raad")
    budget_version = BudgetVersion.objects.create(
        municipality=municipality,
        budget_year=2027,
        kind="primitief",
        title="Primitieve begroting 2027",
        moment="begroting",
        body=council,
        decided_on=datetime.date(2026, 11, 7),
        decision_reference="RB-2026-114",
    )
    return {
        **_steering(municipality, initiative, objective, body),
        "budget_version": budget_version,
        "budget_version_line": BudgetVersionLine.objects.create(
            municipality=municipality,
            version=budget_version,
            initiative=initiative,
            reference=initiative.reference,
            programme="Wonen",
            key="lasten_structureel",
            year=2027,
            amount=Decimal(50_000),
        ),
        **_council(municipality, initiative, body),
        "asset_category": category,
        "investment": Investment.objects.create(
            municipality=municipality,
            initiative=initiative,
            description="Zaaksysteem",
            amount=Decimal(2_000_000),
            activation_year=2027,
            category=category,
        ),
        "exploitation_line": ExploitationLine.objects.create(
            municipality=municipality,
            initiative=initiative,
            year=2028,
            side="lasten",
            nature="structureel",
            amount=Decimal(50_000),
        ),
        "funding": Funding.objects.create(
            municipality=municipality,
            initiative=initiative,
            source="bestemmingsreserve",
            source_name="Reserve ICT",
            year=2028,
            nature="incidenteel",
            amount=Decimal(100_000),
        ),
        "framework": framework,
        "domain": initiative.domain,
        "initiative": initiative,
        "objective": objective,
        "axis": axis,
        "contribution": Contribution.objects.create(
            municipality=municipality, initiative=initiative, objective=objective, score=2
        ),
        "impact_score": ImpactScore.objects.create(
            municipality=municipality, initiative=initiative, axis=axis, score=3
        ),
        "priority_score": PriorityScoreFactory(initiative=initiative, framework=framework),
        "advice": AdviceFactory(initiative=initiative),
        "body": body,
        "decision": Decision.objects.create(
            municipality=municipality,
            initiative=initiative,
            body=body,
            outcome="admit",
            rationale="Past in het kader.",
        ),
        "pool": demand.pool,
        "pool_capacity": PoolCapacityFactory(pool=demand.pool),
        "budget_capacity": BudgetCapacity.objects.create(
            municipality=municipality, kind="krediet", year=2027, amount=Decimal(1_000_000)
        ),
        "demand": demand,
        "person": (person := PersonFactory(pool=demand.pool)),
        "allocation": AllocationFactory(person=person, initiative=initiative),
        "scenario": scenario,
        "run": run,
        "plan_version": plan_version,
        "plan_item": plan_item,
        "report": ProgressReportFactory(initiative=initiative),
        "risk": RiskFactory(initiative=initiative),
        "benefit": BenefitFactory(initiative=initiative, baseline=Decimal(20)),
        "lesson": Lesson.objects.create(
            municipality=municipality,
            initiative=initiative,
            domain=initiative.domain,
            title="Aanbesteding vroeg starten",
            what_happened="De aanbesteding liep drie maanden uit.",
            to_repeat="Marktconsultatie vooraf.",
            tags="|aanbesteding|",
        ),
    }


def _steering(municipality: Any, initiative: Any, objective: Any, body: Any) -> dict[str, Any]:
    """An opgave, a programme (with the initiative, an objective and a steering group) and a
    submitted programme report."""
    from koersvast.monitoring.models import Opgave, ProgrammeInitiative, ProgrammeReport

    opgave = Opgave.objects.create(municipality=municipality, name="Wonen", goals="Betaalbaar")
    opgave.objectives.add(objective)
    programme = ProgrammeFactory(
        municipality=municipality, opgave=opgave, steering_group=body, own_budget=Decimal(1000)
    )
    programme.objectives.add(objective)
    ProgrammeInitiative.objects.create(
        municipality=municipality, programme=programme, initiative=initiative
    )
    report = ProgrammeReport.objects.create(
        municipality=municipality,
        programme=programme,
        year=2026,
        quarter=2,
        rag="oranje",
        summary="Op koers, met zorgen over de planning.",
        status="ingediend",
        snapshot={"projects": [{"reference": initiative.reference, "rag": "groen"}]},
    )
    return {"opgave": opgave, "programme": programme, "programme_report": report}


def _council(municipality: Any, initiative: Any, body: Any) -> dict[str, Any]:
    """A toezegging, a motie and a college moment of the initiative."""
    from tests.council.factories import AgendaMomentFactory, CouncilItemFactory

    return {
        "commitment": CouncilItemFactory(municipality=municipality, initiatives=[initiative]),
        "motion": CouncilItemFactory(
            municipality=municipality, kind="motie", number="M1", initiatives=[initiative]
        ),
        "council_moment": AgendaMomentFactory(
            municipality=municipality, initiative=initiative, body=body
        ),
    }


def _plan(municipality: Any, scenario: Any, run: Any, body: Any, initiative: Any) -> Any:
    """An adopted plan version with the initiative planned in it."""
    decision = ScenarioDecision.objects.create(
        municipality=municipality, scenario=scenario, run=run, body=body, rationale="Begroting"
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
    item = PlanItem.objects.create(
        municipality=municipality,
        version=version,
        initiative=initiative,
        start_year=2027,
        start_quarter=3,
        end_year=2028,
        end_quarter=2,
        start_period="2027-Q3",
        end_period="2028-Q2",
        running=True,
        value=12.5,
    )
    return version, item


@pytest.fixture
def world(municipality: Any) -> dict[str, Any]:
    return populate(municipality)


@pytest.fixture
def other_world(other_municipality: Any) -> dict[str, Any]:
    return populate(other_municipality)


@pytest.fixture
def token_for() -> Any:
    """The key of a new token for a user in a municipality."""

    def make(user: Any, municipality: Any, name: str = "test") -> str:
        return token_create(user=user, municipality=municipality, name=name).key

    return make


class ApiClient(Client):
    """A test client that sends the token and JSON."""

    def __init__(self, key: str | None) -> None:
        self.authorization = f"Bearer {key}" if key else ""
        super().__init__(headers={"Authorization": self.authorization} if key else {})

    def post_json(self, path: str, data: Any = None) -> Any:
        return self.post(path, data or {}, content_type="application/json")

    def patch_json(self, path: str, data: Any) -> Any:
        return self.patch(path, data, content_type="application/json")


@pytest.fixture
def api_for(token_for: Any, municipality: Any) -> Any:
    """An API client for a user, with a token for `municipality` (or another one)."""

    def make(user: Any, in_municipality: Any = None) -> ApiClient:
        return ApiClient(token_for(user, in_municipality or municipality))

    return make


@pytest.fixture
def pm_api(api_for: Any, personas: dict[Role, Any]) -> ApiClient:
    return api_for(personas[Role.PORTFOLIO_MANAGER])


@pytest.fixture
def reader_api(api_for: Any, personas: dict[Role, Any]) -> ApiClient:
    return api_for(personas[Role.READER])
