"""The optimiser plans against the exploitatie room (with kapitaallasten) and the krediet per year,
from the finance figures: claims, the tail after the run, settled work, levers and explanations."""

from __future__ import annotations

from decimal import Decimal

import pytest

from koersvast.capacity.models import BudgetCapacity
from koersvast.finance import services as finance_services
from koersvast.finance.models import AssetCategory, ExploitationLine, Funding, Investment
from koersvast.finance.selectors.claims import budget_claims
from koersvast.finance.selectors.estimate import default_budget_year
from koersvast.optimizer import parse_problem
from koersvast.optimizer.checker import check_solution
from koersvast.planning import presenters, translate
from koersvast.planning.choices import LeverKind, RunStatus
from koersvast.planning.models import PlanningSettings
from koersvast.planning.selectors.results import budget_rows, run_result
from koersvast.planning.services.runs import scenario_run_now
from koersvast.planning.services.scenarios import lever_add, scenario_create
from koersvast.planning.translate.finance import spread_over_periods
from koersvast.tenancy.choices import Role
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

EXPLOITATIE = "budget:exploitatie"
KREDIET = "budget:krediet"


@pytest.fixture
def pm(personas):
    return personas[Role.PORTFOLIO_MANAGER]


def ict(municipality):
    finance_services.categories_ensure(municipality=municipality)
    return AssetCategory.objects.get(municipality=municipality, name="ICT")


def invest(initiative, amount=2_000_000, year=2027):
    """€ 2 mln ICT, 5 years linear at 2 %: from 2028 € 400.000 afschrijving + rente."""
    return Investment.objects.create(
        municipality=initiative.municipality,
        initiative=initiative,
        description="Zaaksysteem",
        amount=Decimal(amount),
        activation_year=year,
        category=ict(initiative.municipality),
    )


def room(municipality, kind, amounts):
    for year, amount in amounts.items():
        BudgetCapacity.objects.create(
            municipality=municipality, kind=kind, year=year, amount=Decimal(amount)
        )


def reserve(initiative, amount, year=2028, nature="incidenteel"):
    Funding.objects.create(
        municipality=initiative.municipality,
        initiative=initiative,
        source="bestemmingsreserve",
        source_name="Reserve ICT",
        year=year,
        nature=nature,
        amount=Decimal(amount),
    )


def items_of(problem):
    return {item["id"]: item for item in problem["initiatives"]}


def test_claims_count_kapitaallasten_lasten_baten_and_dekking(world, municipality):
    a = world["a"]
    invest(a)
    ExploitationLine.objects.create(
        municipality=municipality,
        initiative=a,
        year=2028,
        side="lasten",
        nature="structureel",
        amount=Decimal(50_000),
    )
    ExploitationLine.objects.create(
        municipality=municipality,
        initiative=a,
        year=2029,
        side="baten",
        nature="incidenteel",
        amount=Decimal(600_000),
    )
    reserve(a, 100_000)
    # Algemene middelen are the room itself: they do not lower the claim.
    Funding.objects.create(
        municipality=municipality,
        initiative=a,
        source="algemene_middelen",
        year=2028,
        nature="structureel",
        amount=Decimal(30_000),
    )
    from django.db.models import Q

    claims = budget_claims(
        municipality=municipality, condition=Q(initiative=a), years=[2027, 2028, 2029]
    )
    claim = claims[a.pk]
    assert claim.krediet == {2027: Decimal(2_000_000)}
    assert claim.capital == {2028: Decimal(440_000), 2029: Decimal(432_000)}
    # 2028: 440.000 + 50.000 − 100.000 reserve; 2029: 432.000 + 50.000 − 600.000 baten < 0.
    assert claim.exploitatie == {2028: Decimal(390_000)}


def test_spread_puts_each_years_claim_in_that_year_at_the_own_start(world):
    settings = PlanningSettings.objects.get()
    claim = {2027: Decimal(300), 2028: Decimal(400)}
    # Own start 2027-Q2: the three quarters left in 2027 carry its 300.
    profile = spread_over_periods(claim, settings, own_start=1, length=7)
    assert profile == [100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0]
    assert sum(profile[:3]) == 300 and sum(profile[3:]) == 400


def test_exploitatie_demand_runs_on_after_the_work_with_its_kapitaallasten(world, municipality):
    invest(world["a"])
    room(municipality, "exploitatie", {2027: 1_000_000, 2028: 1_000_000})
    translation = translate.build_problem(municipality=municipality, framework=world["framework"])
    problem = translation.problem
    parse_problem(problem)
    a = items_of(problem)["A"]
    assert a["duration"] == 2
    # Two quarters of work, but eight quarters of money: nothing in 2027, 440.000 in 2028.
    assert a["demand"][EXPLOITATIE] == [0.0] * 4 + [110_000.0] * 4
    assert a["x-capital"] == a["demand"][EXPLOITATIE]
    assert a["x-finance"] is True
    # Without investments the krediet keeps the initiative's own amount (here no pool at all).
    assert KREDIET not in a["demand"]


def test_the_exploitatie_room_binds_and_the_explanation_names_kapitaallasten(
    world, municipality, pm
):
    invest(world["a"])
    reserve(world["a"], 100_000)
    room(municipality, "exploitatie", {2027: 300_000, 2028: 300_000})
    world["a"].latest_year, world["a"].latest_quarter = 2027, 1
    world["a"].save()
    scenario = scenario_create(municipality=municipality, name="Ruimte", by=pm)
    run = scenario_run_now(scenario=scenario, by=pm)
    assert run.status == RunStatus.DONE, run.failure_reason
    assert check_solution(run.problem, run.solution) == []
    assert "A" not in {e["id"] for e in run.solution["selected"]}
    (row,) = [row for row in run_result(run).out if row.id == "A"]
    assert "kapitaallasten 2028 € 40.000 boven de ruimte" in row.text

    # A budget lever on the exploitatie buys the room.
    lever_add(
        scenario=scenario,
        by=pm,
        kind=LeverKind.BUDGET,
        budget_kind="exploitatie",
        amount=Decimal(50_000),
        year=2028,
        quarter=1,
    )
    run = scenario_run_now(scenario=scenario, by=pm)
    assert "A" in {e["id"] for e in run.solution["selected"]}


def test_the_krediet_comes_from_the_investments(world, municipality, pm):
    invest(world["a"])
    world["a"].budget_capital = Decimal(10)  # replaced by the investment
    world["a"].save()
    room(municipality, "krediet", {2027: 1_500_000, 2028: 1_500_000})
    translation = translate.build_problem(municipality=municipality, framework=world["framework"])
    a = items_of(translation.problem)["A"]
    assert a["demand"][KREDIET] == [500_000.0] * 4 + [0.0] * 4
    scenario = scenario_create(municipality=municipality, name="Krediet", by=pm)
    run = scenario_run_now(scenario=scenario, by=pm)
    (row,) = [row for row in run_result(run).out if row.id == "A"]
    assert "krediet 2027 € 500.000 boven de ruimte" in row.text


def test_completed_work_takes_its_structural_burden_off_the_room(world, municipality):
    done = InitiativeFactory(municipality=municipality, state="afgerond", reference="Z")
    invest(done, year=2026)  # 2027: 400.000 + 40.000; 2028: 400.000 + 32.000
    room(municipality, "exploitatie", {2027: 1_000_000, 2028: 1_000_000})
    translation = translate.build_problem(municipality=municipality, framework=world["framework"])
    (pool,) = [p for p in translation.problem["pools"] if p["id"] == EXPLOITATIE]
    assert pool["capacity"] == [560_000.0, 568_000.0]
    assert pool["x-taken"] == [440_000.0, 432_000.0]
    assert any(
        "2027 € 440.000, 2028 € 432.000 gaat al op aan afgerond en lopend werk" in w
        for w in translation.warnings
    )
    # The pages show the room as entered, with the settled work as spending against it.
    (row,) = budget_rows(translation.problem, {"selected": []})
    assert [(c.year, c.spent, c.room) for c in row.cells] == [
        ("2027", 440_000, 1_000_000.0),
        ("2028", 432_000, 1_000_000.0),
    ]


def test_settled_work_leaves_the_krediet_room_alone(world, municipality):
    done = InitiativeFactory(municipality=municipality, state="afgerond", reference="Z")
    invest(done, year=2027)
    room(municipality, "krediet", {2027: 3_000_000, 2028: 3_000_000})
    translation = translate.build_problem(municipality=municipality, framework=world["framework"])
    (pool,) = [p for p in translation.problem["pools"] if p["id"] == KREDIET]
    assert pool["capacity"] == [3_000_000.0, 3_000_000.0]
    assert "x-taken" not in pool


def test_the_spending_per_year_is_the_finance_profile_with_its_tail(world, municipality, pm):
    invest(world["a"])
    world["a"].budget_operating = Decimal(80_000)  # replaced by the finance figures
    world["a"].save()
    room(municipality, "exploitatie", {2027: 1_000_000, 2028: 1_000_000})
    scenario = scenario_create(municipality=municipality, name="Uitgaven", by=pm)
    run = scenario_run_now(scenario=scenario, by=pm)
    assert "A" in {e["id"] for e in run.solution["selected"]}
    (row,) = run_result(run).budget
    # A runs in 2027 only, but its kapitaallasten of 2028 are spending of the plan in 2028.
    assert [(c.year, c.spent) for c in row.cells] == [("2027", 0), ("2028", 440_000)]
    # The stored digest of the run (no demand) gives the same figures.
    from koersvast.planning.selectors.digest import run_digest

    digest = run_digest(run.problem, run.solution)
    assert budget_rows(digest["problem"], digest["solution"])[0].cells == row.cells


def test_the_budget_table_has_every_year_when_the_plan_spends_nothing(world, municipality):
    """A room with nothing of the plan against it still shows each year's room (the spending
    per year must not replace the years of the horizon)."""
    room(municipality, "exploitatie", {2027: 100_000, 2028: 25_000})
    problem = translate.build_problem(municipality=municipality, framework=world["framework"])
    (row,) = budget_rows(problem.problem, {"selected": []})
    assert [(c.year, c.spent, c.room) for c in row.cells] == [
        ("2027", 0, 100_000.0),
        ("2028", 0, 25_000.0),
    ]


def test_finance_adds_four_queries_and_none_without_a_budget_pool(
    world, municipality, django_assert_num_queries
):
    invest(world["a"])
    with django_assert_num_queries(10):  # as without finance (with dependencies, alternatives)
        translate.build_problem(municipality=municipality, framework=world["framework"])
    room(municipality, "exploitatie", {2027: 1_000_000})
    with django_assert_num_queries(14):
        translate.build_problem(municipality=municipality, framework=world["framework"])


def test_in_months_the_tail_and_the_kapitaallasten_are_split_too(world, municipality):
    PlanningSettings.objects.update(granularity="month")
    invest(world["a"])
    room(municipality, "exploitatie", {2027: 1_000_000, 2028: 1_000_000})
    translation = translate.build_problem(municipality=municipality, framework=world["framework"])
    parse_problem(translation.problem)
    a = items_of(translation.problem)["A"]
    assert len(a["demand"][EXPLOITATIE]) == 24
    assert sum(a["demand"][EXPLOITATIE]) == pytest.approx(440_000)
    assert len(a["x-capital"]) == 24


def test_explanation_text_without_finance_keeps_the_old_words():
    problem = {
        "periods": ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"],
        "pools": [
            {
                "id": KREDIET,
                "name": "Krediet",
                "buckets": [0, 0, 0, 0],
                "x-years": [2027],
                "x-budget-kind": "krediet",
            }
        ],
        "initiatives": [{"id": "A", "demand": {KREDIET: [5.0]}}],
    }
    reason = {"kind": "capacity", "pool": KREDIET, "period_index": 0, "shortfall": 5, "start": 0}
    explanation = {"id": "A", "reasons": [reason]}
    assert presenters.explanation_text(problem, explanation) == "past niet: Krediet 2027 tekort € 5"
    problem["initiatives"][0]["x-finance"] = True
    assert (
        presenters.explanation_text(problem, explanation)
        == "past niet: krediet 2027 € 5 boven de ruimte"
    )


def test_extra_middelen_state_the_structural_and_incidental_effect_per_year(
    world, municipality, pm_client
):
    from django.urls import reverse

    from koersvast.planning.models import UrgencyRequest

    year = default_budget_year()
    e = world["e"]
    invest(e, year=year)  # kapitaallasten from the year after: 440.000, 432.000, 424.000
    ExploitationLine.objects.create(
        municipality=municipality,
        initiative=e,
        year=year,
        side="lasten",
        nature="incidenteel",
        amount=Decimal(75_000),
    )
    reserve(e, 100_000, year=year + 1, nature="structureel")
    pm_client.post(reverse("planning:urgency_start"), {"initiative": e.pk})
    request = UrgencyRequest.objects.get()
    page = pm_client.get(request.get_absolute_url()).content.decode()
    section = page[page.index("data-budget-effect") :]
    assert "Financieel effect per jaar" in section
    rows = {
        key: section[section.index(f'data-key="{key}"') :].split("</tr>")[0]
        for key in ("effect_structureel", "effect_incidenteel", "gedekt", "ongedekt")
    }
    assert "€ 440.000" in rows["effect_structureel"] and "€ 432.000" in rows["effect_structureel"]
    assert "€ 75.000" in rows["effect_incidenteel"]
    assert "€ 100.000" in rows["gedekt"]
    # Still to fund: 75.000 in the first year, then the kapitaallasten less the reserve.
    assert "€ 75.000" in rows["ongedekt"] and "€ 340.000" in rows["ongedekt"]


def test_extra_middelen_without_figures_say_the_effect_is_unknown(world, pm_client):
    from django.urls import reverse

    from koersvast.planning.models import UrgencyRequest

    pm_client.post(reverse("planning:urgency_start"), {"initiative": world["e"].pk})
    page = pm_client.get(UrgencyRequest.objects.get().get_absolute_url()).content.decode()
    assert "het structurele en incidentele effect is niet bekend" in page


def test_the_marginal_analysis_states_extra_exploitatie_as_structural(
    world, municipality, pm, pm_client
):
    from django.urls import reverse

    room(municipality, "exploitatie", {2027: 500_000, 2028: 500_000})
    for key in ("a", "b"):
        world[key].budget_operating = Decimal(400_000)
        world[key].save()
    scenario = scenario_create(municipality=municipality, name="Marge", by=pm)
    scenario_run_now(scenario=scenario, by=pm)
    pm_client.post(
        reverse("planning:marginal_start", args=[scenario.pk]), {"pool": "budget-exploitatie"}
    )
    page = pm_client.get(reverse("planning:marginal", args=[scenario.pk])).content.decode()
    assert "Effect op de begroting" in page
    assert "structureel € " in page and "per jaar, elk jaar van de horizon" in page


def test_a_lever_that_moves_the_work_moves_its_figures_along(world, municipality, pm):
    from koersvast.planning.selectors.results import budget_spending

    invest(world["a"])  # requested start 2027-Q1: kapitaallasten from 2028
    room(municipality, "exploitatie", {2027: 1_000_000, 2028: 1_000_000})
    scenario = scenario_create(municipality=municipality, name="Later", by=pm)
    lever_add(
        scenario=scenario,
        by=pm,
        kind=LeverKind.BOUND_START,
        initiative=world["a"],
        year=2028,
        quarter=1,
    )
    translation = translate.build_problem(
        municipality=municipality,
        framework=world["framework"],
        levers=list(scenario.levers.all()),
    )
    a = items_of(translation.problem)["A"]
    assert a["earliest_start"] == 4
    # Anchored at the requested start, so a start a year later puts 2028's claim in 2029.
    assert a["demand"][EXPLOITATIE] == [0.0] * 4 + [110_000.0] * 4
    assert budget_spending(translation.problem, {"A": 4}).get("exploitatie", {}) == {"2028": 0.0}


def test_a_request_pinned_before_its_own_start_brings_all_its_figures_along(
    world, municipality, pm, personas
):
    """Bug: asked to start a year before its own start, the urgent initiative's figures moved
    along a year, but the last year of the horizon lost the year after (never counted), so the
    extra budget of extra middelen was understated."""
    from koersvast.planning.choices import UrgencyOption
    from koersvast.planning.services.urgency import urgency_request_start

    from .test_urgency_decisions import _adopt, _urgent

    _adopt(world, municipality, pm)
    # Own start 2028-Q1; € 300.000 structural lasten from 2028, so also in 2029, 2030, …
    echo = _urgent(world, personas, hours=10, start_year=2028, start_quarter=1)
    ExploitationLine.objects.create(
        municipality=municipality,
        initiative=echo,
        year=2028,
        side="lasten",
        nature="structureel",
        amount=Decimal(300_000),
    )
    room(municipality, "exploitatie", {2027: 100_000, 2028: 100_000})
    request = urgency_request_start(initiative=echo, by=pm, year=2027, quarter=1)
    request.refresh_from_db()
    assert request.status == RunStatus.DONE, request.failure_reason
    extra = request.option(UrgencyOption.EXTRA)
    assert extra["possible"]
    (budget,) = extra["budget"]
    # A year earlier: 2028's € 300.000 in 2027 and 2029's € 300.000 in 2028, each € 200.000
    # above the room.
    assert [(cell["year"], cell["euro"]) for cell in budget["cells"]] == [
        ("2027", 200_000),
        ("2028", 200_000),
    ]
