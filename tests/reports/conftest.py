"""A small portfolio with known figures, shared by the report tests."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from koersvast.monitoring.models import BenefitMeasurement, PhaseGate
from koersvast.reference.models import Taakveld
from tests.factories import (
    BenefitFactory,
    BudgetLineFactory,
    DomainFactory,
    InitiativeFactory,
    ProgressReportFactory,
    RiskFactory,
)


def taakveld(code: str, description: str) -> Taakveld:
    found, _created = Taakveld.objects.get_or_create(
        code=code,
        defaults={"description": description, "level": "taakveld", "main_code": code[0]},
    )
    return found


@dataclass
class Portfolio:
    bridge: Any
    library: Any
    idea: Any
    loose: Any
    domain: Any


@pytest.fixture
def portfolio(municipality: Any) -> Portfolio:
    """Three admitted initiatives in two taakvelden (and one without), plus an idea."""
    domain = DomainFactory(municipality=municipality, name="Ruimte", code="ruimte")
    traffic = taakveld("2.1", "Verkeer en vervoer")
    culture = taakveld("5.6", "Media")
    bridge = InitiativeFactory(
        municipality=municipality,
        domain=domain,
        reference="KV-001",
        title="Vervanging Zuidbrug",
        state="in_uitvoering",
        taakveld=traffic,
        budget_programme="Bereikbaarheid",
        budget_capital=Decimal("2500000"),
        budget_operating=Decimal("300000"),
        start_year=2026,
        start_quarter=2,
        duration_quarters=6,
    )
    library = InitiativeFactory(
        municipality=municipality,
        reference="KV-002",
        title="Nieuwe bibliotheek West",
        state="gepland",
        taakveld=culture,
        budget_programme="Cultuur",
        budget_capital=Decimal("400000"),
    )
    loose = InitiativeFactory(
        municipality=municipality,
        reference="KV-003",
        title="Zaaksysteem vervangen",
        state="opgenomen",
        budget_operating=Decimal("90000"),
    )
    idea = InitiativeFactory(
        municipality=municipality,
        reference="KV-004",
        title="Idee zonder budget",
        state="idee",
        taakveld=traffic,
    )
    BudgetLineFactory(
        initiative=bridge, year=2026, kind="krediet", planned=1_200_000, actual=900_000
    )
    BudgetLineFactory(
        initiative=bridge, year=2026, kind="exploitatie", planned=100_000, actual=50_000
    )
    BudgetLineFactory(initiative=bridge, year=2025, kind="krediet", planned=777_000)
    BudgetLineFactory(initiative=library, year=2026, kind="krediet", planned=400_000, actual=0)
    # Q2 is the latest frozen report up to Q3 2026; the later and the draft ones do not count.
    ProgressReportFactory(
        initiative=bridge, year=2026, quarter=1, status="ingediend", rag_overall="groen"
    )
    ProgressReportFactory(
        initiative=bridge, year=2026, quarter=2, status="ingediend", rag_overall="oranje"
    )
    ProgressReportFactory(
        initiative=bridge, year=2026, quarter=4, status="ingediend", rag_overall="rood"
    )
    ProgressReportFactory(initiative=library, year=2026, quarter=3, rag_overall="rood")
    RiskFactory(initiative=bridge, title="Stikstofvergunning vertraagd", probability=4, impact=5)
    RiskFactory(initiative=bridge, title="Aannemer failliet", probability=2, impact=5)
    RiskFactory(
        initiative=bridge, title="Gesloten risico", probability=5, impact=5, status="gesloten"
    )
    benefit = BenefitFactory(initiative=bridge, name="Kortere reistijd")
    BenefitMeasurement.objects.create(
        municipality=municipality, benefit=benefit, measured_on="2026-06-30", value=Decimal("9")
    )
    BenefitFactory(initiative=bridge, name="Minder storingen")
    PhaseGate.objects.create(
        municipality=municipality,
        initiative=bridge,
        from_phase="initiatie",
        to_phase="definitie",
        decided_on="2026-01-10",
    )
    PhaseGate.objects.create(
        municipality=municipality,
        initiative=bridge,
        from_phase="definitie",
        to_phase="realisatie",
        decided_on="2026-05-10",
    )
    return Portfolio(bridge=bridge, library=library, idea=idea, loose=loose, domain=domain)
