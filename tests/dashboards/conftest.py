"""A small, varied portfolio for the dashboard tests: every tile has something to count."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest

from koersvast.intake.models import Decision
from koersvast.monitoring.models import ProgrammeInitiative
from koersvast.portfolio.choices import WorkForm
from koersvast.tenancy.choices import Role
from koersvast.tenancy.services import membership_grant
from tests.factories import (
    BenefitFactory,
    CapacityPoolFactory,
    DecisionBodyFactory,
    DemandFactory,
    DomainFactory,
    InitiativeFactory,
    MilestoneFactory,
    ObjectiveFactory,
    ProgrammeFactory,
    ProgressReportFactory,
    RiskFactory,
    UserFactory,
)

STATES = ["in_uitvoering", "gepland", "ingediend"]
FORMS = [WorkForm.PROJECT, WorkForm.PROGRAMME, WorkForm.PROCESS, WorkForm.LINE]
COLOURS = ["groen", "oranje", "rood"]


@dataclass
class Portfolio:
    municipality: Any
    domains: list[Any]
    programme: Any
    owner: Any
    objective: Any
    initiatives: list[Any] = field(default_factory=list)


def build_portfolio(municipality: Any, size: int, *, prefix: str = "D") -> Portfolio:
    """`size` initiatives cycling through domains, work forms, states, colours and owners.

    Running initiatives (every third) get a submitted report for 2026-Q1 in a cycling colour;
    all get a risk, a benefit, a demand, a milestone and a decision; even ones join a programme.
    """
    domains = [
        DomainFactory(municipality=municipality, code=f"{prefix.lower()}-sociaal", name="Sociaal"),
        DomainFactory(municipality=municipality, code=f"{prefix.lower()}-ruimte", name="Ruimte"),
    ]
    programme = ProgrammeFactory(municipality=municipality, name=f"{prefix} Programma")
    owner = UserFactory(
        username=f"{prefix.lower()}-eigenaar", first_name="Olga", last_name=f"Eigenaar {prefix}"
    )
    membership_grant(user=owner, municipality=municipality, roles=[Role.PROJECT_LEADER])
    objective = ObjectiveFactory(municipality=municipality, code=f"{prefix}1")
    pool = CapacityPoolFactory(municipality=municipality)
    body = DecisionBodyFactory(municipality=municipality)
    portfolio = Portfolio(municipality, domains, programme, owner, objective)
    for n in range(size):
        initiative = InitiativeFactory(
            municipality=municipality,
            reference=f"{prefix}-{n:04d}",
            domain=domains[n % 2],
            work_form=FORMS[n % 4],
            state=STATES[n % 3],
            budget_capital=Decimal(1000 * (n + 1)),
            budget_operating=Decimal(100),
            start_year=2026,
            start_quarter=1 + n % 4,
            duration_quarters=1,
            contractor=owner if n % 3 == 0 else None,
        )
        portfolio.initiatives.append(initiative)
        if n % 2 == 0:
            ProgrammeInitiative.objects.create(
                municipality=municipality, programme=programme, initiative=initiative
            )
        if initiative.state == "in_uitvoering":
            ProgressReportFactory(
                initiative=initiative,
                status="ingediend",
                rag_overall=COLOURS[(n // 3) % 3],
            )
        RiskFactory(initiative=initiative, probability=1 + n % 5, impact=4)
        BenefitFactory(
            initiative=initiative, objective=objective, target_date=datetime.date(2026, 1, 1)
        )
        DemandFactory(initiative=initiative, pool=pool, hours=Decimal(10))
        MilestoneFactory(
            initiative=initiative,
            baseline_date=datetime.date(2026, 3, 1),
            actual_date=datetime.date(2026, 3, 1) if n % 2 else None,
        )
        Decision.objects.create(
            municipality=municipality,
            initiative=initiative,
            body=body,
            outcome="admit",
            rationale="Past in het afwegingskader.",
        )
    return portfolio


@pytest.fixture
def portfolio(municipality: Any) -> Portfolio:
    return build_portfolio(municipality, 12)
