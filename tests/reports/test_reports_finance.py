"""P&C reports warn when figures are missing for their period (never a silent € 0) and carry the
meerjarenraming."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from koersvast.finance.models import AssetCategory, Investment, ResistanceCapacity, RiskEffect
from koersvast.finance.services import categories_ensure
from koersvast.reports import selectors
from tests.factories import BudgetLineFactory, InitiativeFactory, RiskFactory

pytestmark = pytest.mark.django_db


def test_missing_budget_lines_and_actuals_are_named(municipality) -> None:
    with_lines = InitiativeFactory(municipality=municipality, state="in_uitvoering")
    without = InitiativeFactory(municipality=municipality, state="in_uitvoering")
    BudgetLineFactory(initiative=with_lines, year=2027, planned=100_000)
    data = selectors.portfolio_report(municipality=municipality, moment="jaarrekening", year=2027)
    text = " ".join(data["warnings"])
    assert "1 van de 2 initiatieven hebben geen budgetregels voor 2027" in text
    assert without.reference in text and with_lines.reference not in text
    assert "geen werkelijke bedragen over 2027" in text
    assert "de meerjarenraming ontbreekt" in text
    assert "beschikbare weerstandscapaciteit voor 2027 is niet ingevoerd" in text
    rows = {i["reference"]: i for g in data["groups"] for i in g["initiatives"]}
    assert rows[without.reference]["budget"] is None
    assert rows[with_lines.reference]["budget"]["planned"] == 100_000


def test_the_report_carries_the_meerjarenraming(municipality, pm_client) -> None:
    initiative = InitiativeFactory(municipality=municipality, state="in_uitvoering")
    BudgetLineFactory(initiative=initiative, year=2027, planned=100_000, actual=90_000)
    categories_ensure(municipality=municipality)
    Investment.objects.create(
        municipality=municipality,
        initiative=initiative,
        description="Zaaksysteem",
        amount=Decimal(2_000_000),
        activation_year=2027,
        category=AssetCategory.objects.get(municipality=municipality, name="ICT"),
    )
    ResistanceCapacity.objects.create(municipality=municipality, year=2028, amount=1_000_000)
    risk = RiskFactory(initiative=initiative, title="Aanbesteding mislukt")
    RiskEffect.objects.create(
        municipality=municipality, risk=risk, minimum=500_000, probability=100
    )
    # A voorjaarsnota 2027 looks ahead to begroting 2028: 2028–2031.
    data = selectors.portfolio_report(municipality=municipality, moment="voorjaarsnota", year=2027)
    assert data["raming"]["years"] == [2028, 2029, 2030, 2031]
    lines = {line["key"]: line["values"] for line in data["raming"]["lines"]}
    assert lines["afschrijving"] == [400_000] * 4
    # the only warning: no primitieve begroting 2027 to draft a begrotingswijziging against
    assert data["warnings"] == [
        "Voor 2027 is geen primitieve begroting vastgelegd: de begrotingswijziging is niet te "
        "bepalen (geen € 0)."
    ]
    resistance = data["weerstandsvermogen"]
    assert (resistance["required"], resistance["ratio"]) == (500_000, 2.0)
    assert resistance["rating"] == ["A", "uitstekend"]
    assert resistance["top"][0]["title"] == "Aanbesteding mislukt"
    response = pm_client.get(
        reverse("reports:report")
        + "?kind=portfolio&moment=voorjaarsnota&year=2027&group_by=taakveld"
    )
    html = response.content.decode()
    assert "Meerjarenraming 2028–2031" in html
    assert "€ 400.000" in html
    assert "Weerstandsvermogen 2028" in html
    assert "A: uitstekend" in html


def test_the_page_shows_the_warning_and_missing_cells(municipality, pm_client) -> None:
    InitiativeFactory(municipality=municipality, state="in_uitvoering")
    response = pm_client.get(
        reverse("reports:report") + "?kind=portfolio&moment=begroting&year=2027&group_by=taakveld"
    )
    html = response.content.decode()
    assert "Ontbrekende cijfers" in html
    assert "ontbreekt" in html
