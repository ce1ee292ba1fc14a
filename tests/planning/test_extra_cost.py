"""Extra middelen and the marginal analysis state their cost as the incidental and structural
effect on the exploitatie per year, and how it could be funded (decision 1103)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from koersvast.capacity.models import BudgetCapacity
from koersvast.finance.models import ResistanceCapacity
from koersvast.planning.choices import RunStatus, UrgencyOption
from koersvast.planning.selectors.marginal import marginal_costs
from koersvast.planning.selectors.urgency import urgency_document, urgency_extra_cost
from koersvast.planning.services.marginal import marginal_start
from koersvast.planning.services.runs import scenario_run_now
from koersvast.planning.services.scenarios import scenario_create
from koersvast.tenancy.choices import Role

from .test_urgency_decisions import _request

pytestmark = pytest.mark.django_db


@pytest.fixture
def pm(personas):
    return personas[Role.PORTFOLIO_MANAGER]


@pytest.fixture
def priced(world):
    world["pl"].cost_per_fte = Decimal(100_000)
    world["pl"].save()
    return world


def _rows(effect):
    return [
        (y.year, y.incidental, y.structural, y.from_general, y.from_reserve, y.uncovered)
        for y in effect.years
    ]


def test_extra_middelen_is_incidental_and_uncovered_without_room(
    priced, municipality, pm, personas, pm_client
):
    request = _request(priced, municipality, pm, personas)
    # One fte-quarter of project leaders in 2027 (€ 100.000 a year): € 25.000, that year only.
    cost = urgency_extra_cost(urgency=request)
    assert _rows(cost) == [(2027, 25_000, 0, 0, 0, 25_000), (2028, 0, 0, 0, 0, 0)]
    assert urgency_document(urgency=request)["cost"].uncovered == 25_000
    page = pm_client.get(request.get_absolute_url()).text
    assert "Kosten: effect op de exploitatie en dekking" in page and "Ongedekt" in page
    document = pm_client.get(reverse("planning:urgency_document", args=[request.pk])).text
    assert "Extra middelen: effect op de exploitatie en dekking" in document
    assert "<strong>€ 25.000</strong>" in document
    pdf = pm_client.get(reverse("planning:urgency_document_pdf", args=[request.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_extra_middelen_funded_from_free_room_and_reserve(priced, municipality, pm, personas):
    ResistanceCapacity.objects.create(municipality=municipality, year=2027, amount=Decimal(10_000))
    for year in (2027, 2028):
        BudgetCapacity.objects.create(
            municipality=municipality, kind="exploitatie", year=year, amount=Decimal(5_000_000)
        )
    request = _request(priced, municipality, pm, personas)
    room = request.options[UrgencyOption.EXTRA]["free_room"]
    assert set(room) == {"2027", "2028"} and room["2027"] > 25_000
    cost = urgency_extra_cost(urgency=request)
    # The plan leaves exploitatie room: the algemene middelen cover it, the reserve is not used.
    assert _rows(cost)[0] == (2027, 25_000, 0, 25_000, 0, 0)
    assert cost.reserve_room == 10_000 and cost.uncovered == 0


def test_no_cost_without_extra_middelen(world, municipality, pm, personas):
    request = _request(world, municipality, pm, personas)  # no cost per fte: nothing to state
    assert urgency_extra_cost(urgency=request) is None
    assert urgency_document(urgency=request)["cost"] is None


def test_the_marginal_analysis_states_the_structural_cost_per_year(
    priced, municipality, pm, pm_client
):
    scenario = scenario_create(municipality=municipality, name="S", by=pm)
    run = scenario_run_now(scenario=scenario, by=pm)
    assert run.status == RunStatus.DONE, run.failure_reason
    analysis = marginal_start(scenario=scenario, by=pm)
    analysis.refresh_from_db()
    assert analysis.status == RunStatus.DONE, analysis.failure_reason
    costs = marginal_costs(analysis=analysis)
    assert set(costs) == {"pl"}  # pools without a cost per fte are left out
    assert _rows(costs["pl"]) == [
        (2027, 0, 100_000, 0, 0, 100_000),
        (2028, 0, 100_000, 0, 0, 100_000),
    ]
    page = pm_client.get(reverse("planning:marginal", args=[scenario.pk])).text
    assert "Kosten van één eenheid extra" in page
    assert 'data-cost="pl"' in page and "2028: € 100.000" in page


def test_the_marginal_cost_is_covered_by_the_plans_free_exploitatie_room(priced, municipality, pm):
    for year, amount in ((2027, 5_000_000), (2028, 50_000)):
        BudgetCapacity.objects.create(
            municipality=municipality, kind="exploitatie", year=year, amount=Decimal(amount)
        )
    # A reserve does not cover structural costs: it changes nothing here.
    ResistanceCapacity.objects.create(municipality=municipality, year=2027, amount=Decimal(10**7))
    scenario = scenario_create(municipality=municipality, name="S", by=pm)
    run = scenario_run_now(scenario=scenario, by=pm)
    assert run.status == RunStatus.DONE, run.failure_reason
    analysis = marginal_start(scenario=scenario, by=pm)
    analysis.refresh_from_db()
    assert analysis.status == RunStatus.DONE, analysis.failure_reason
    costs = marginal_costs(analysis=analysis)
    assert set(costs) == {"pl", "budget:exploitatie"}
    (first, second) = costs["pl"].years
    assert (first.structural, first.from_general, first.from_reserve, first.uncovered) == (
        100_000,
        100_000,
        0,
        0,
    )
    assert second.structural == 100_000 and second.from_reserve == 0
    assert second.from_general + second.uncovered == 100_000 and second.from_general <= 50_000
