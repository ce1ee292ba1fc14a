"""Budget per year in planning: budget pools, the budget lever, explanations, comparison,
move preview, extra middelen and the budget frontier."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from koersvast.capacity.models import BudgetCapacity
from koersvast.optimizer import parse_problem
from koersvast.optimizer.checker import check_solution
from koersvast.planning import translate
from koersvast.planning.choices import LeverKind, RunStatus, UrgencyOption
from koersvast.planning.errors import PlanningError
from koersvast.planning.selectors.results import run_result
from koersvast.planning.selectors.roadmap import move_preview
from koersvast.planning.services.adoption import scenario_adopt
from koersvast.planning.services.runs import scenario_run_now
from koersvast.planning.services.scenarios import lever_add, scenario_create
from koersvast.planning.services.urgency import urgency_request_start
from koersvast.tenancy.choices import Role

pytestmark = pytest.mark.django_db

KREDIET = "budget:krediet"


@pytest.fixture
def pm(personas):
    return personas[Role.PORTFOLIO_MANAGER]


@pytest.fixture
def budgeted(world, municipality):
    """Krediet: A 800k and B 600k over two quarters, C 300k over three (two left).

    Without a budget the plan is A 2027-Q1, B 2027-Q3 (after A: project leaders), C running;
    with 1.1 million a year B does not fit in 2027 next to A and C (1.0 million).
    """
    for key, amount in (("a", 800_000), ("b", 600_000), ("c", 300_000)):
        world[key].budget_capital = Decimal(amount)
        world[key].save()
    for year in (2027, 2028):
        BudgetCapacity.objects.create(
            municipality=municipality, kind="krediet", year=year, amount=Decimal(1_100_000)
        )
    return world


def _run(municipality, pm, name="S", levers=()):
    scenario = scenario_create(municipality=municipality, name=name, by=pm)
    for lever in levers:
        lever_add(scenario=scenario, by=pm, **lever)
    run = scenario_run_now(scenario=scenario, by=pm)
    assert run.status == RunStatus.DONE, run.failure_reason
    return scenario, run


def test_budget_pool_per_year_with_demand_spread_over_the_run(budgeted, municipality):
    translation = translate.build_problem(
        municipality=municipality, framework=budgeted["framework"]
    )
    problem = translation.problem
    parse_problem(problem)
    (pool,) = [p for p in problem["pools"] if p["id"] == KREDIET]
    assert pool["capacity"] == [1_100_000.0, 1_100_000.0]
    assert pool["buckets"] == [0, 0, 0, 0, 1, 1, 1, 1]
    assert pool["x-years"] == [2027, 2028]
    items = {item["id"]: item for item in problem["initiatives"]}
    assert items["A"]["demand"][KREDIET] == [400_000.0, 400_000.0]
    # C runs three quarters from 2026-Q4: two are left, at 100k each.
    assert items["C"]["demand"][KREDIET] == [100_000.0, 100_000.0]
    assert items["C"]["x-budget"] == {"krediet": 100_000.0}
    assert "budget:exploitatie" not in {p["id"] for p in problem["pools"]}  # no entries


def test_missing_years_are_carried_with_a_warning(budgeted, municipality):
    BudgetCapacity.objects.filter(year=2028).delete()
    translation = translate.build_problem(
        municipality=municipality, framework=budgeted["framework"]
    )
    (pool,) = [p for p in translation.problem["pools"] if p["id"] == KREDIET]
    assert pool["capacity"] == [1_100_000.0, 1_100_000.0]
    assert any("Krediet: geen budget ingevoerd" in w for w in translation.warnings)


def test_the_budget_delays_an_initiative_and_says_why(budgeted, municipality, pm):
    _scenario, run = _run(municipality, pm)
    assert check_solution(run.problem, run.solution) == []
    starts = {e["id"]: e["start"] for e in run.solution["selected"]}
    assert starts["A"] == 0 and starts["B"] == 4  # B waits for 2028
    result = run_result(run)
    (b,) = [row for row in result.out if row.id == "B"]
    assert "Krediet 2027 tekort € 500.000" in b.text
    (krediet,) = result.budget
    assert [(c.year, c.spent, c.room) for c in krediet.cells] == [
        ("2027", 1_000_000, 1_100_000.0),
        ("2028", 600_000, 1_100_000.0),
    ]
    assert krediet.cells[0].pct == 91


def test_the_budget_lever_buys_room(budgeted, municipality, pm):
    lever = {
        "kind": LeverKind.BUDGET,
        "budget_kind": "krediet",
        "amount": Decimal(600_000),
        "year": 2027,
        "quarter": 1,
    }
    scenario, run = _run(municipality, pm, "Meer krediet", [lever])
    assert str(scenario.levers.get()) == "+€ 600.000 krediet per jaar vanaf 2027"
    (pool,) = [p for p in run.problem["pools"] if p["id"] == KREDIET]
    assert pool["capacity"] == [1_700_000.0, 1_700_000.0]
    starts = {e["id"]: e["start"] for e in run.solution["selected"]}
    assert starts["B"] == 2  # 2027-Q3 again


def test_budget_lever_needs_kind_amount_and_year(budgeted, municipality, pm):
    scenario = scenario_create(municipality=municipality, name="S", by=pm)
    with pytest.raises(PlanningError):
        lever_add(scenario=scenario, by=pm, kind=LeverKind.BUDGET, budget_kind="krediet")


def test_budget_lever_without_budget_room_warns(world, municipality, pm):
    scenario = scenario_create(municipality=municipality, name="S", by=pm)
    lever_add(
        scenario=scenario,
        by=pm,
        kind=LeverKind.BUDGET,
        budget_kind="exploitatie",
        amount=Decimal(-100_000),
        year=2028,
        quarter=1,
    )
    translation = translate.build_problem(
        municipality=municipality, framework=world["framework"], levers=scenario.levers.all()
    )
    assert any("geen budgetruimte" in w for w in translation.warnings)
    assert str(scenario.levers.get()) == "−€ 100.000 exploitatie per jaar vanaf 2028"


def test_lever_form_takes_dutch_amounts(budgeted, municipality, pm, pm_client):
    scenario = scenario_create(municipality=municipality, name="S", by=pm)
    response = pm_client.post(
        reverse("planning:lever_add", args=[scenario.pk]),
        {"kind": "budget", "budget_kind": "krediet", "amount": "-250.000", "period": "2028-Q1"},
    )
    assert response.status_code == 302
    lever = scenario.levers.get()
    assert (lever.amount, lever.year) == (Decimal(-250_000), 2028)
    page = pm_client.get(scenario.get_absolute_url()).text
    assert "−€ 250.000 krediet per jaar vanaf 2028" in page


def test_pages_show_budget_per_year(budgeted, municipality, pm, pm_client):
    scenario, _run_a = _run(municipality, pm, "Plan")
    lever = {
        "kind": LeverKind.BUDGET,
        "budget_kind": "krediet",
        "amount": Decimal(600_000),
        "year": 2027,
        "quarter": 1,
    }
    other, _run_b = _run(municipality, pm, "Meer", [lever])
    page = pm_client.get(scenario.get_absolute_url()).text
    assert "Budget per jaar" in page
    assert "€ 1.000.000 / € 1.100.000" in page
    compare = pm_client.get(reverse("planning:compare") + f"?s={scenario.pk}&s={other.pk}").text
    assert "Budget per jaar" in compare
    assert "€ 1.600.000 / € 1.700.000" in compare  # the other scenario's 2027


def test_move_preview_reports_a_budget_overrun(budgeted, municipality, pm):
    _scenario, run = _run(municipality, pm)
    preview = move_preview(run, "B", 2)
    assert preview is not None
    assert [(o.pool, o.period, o.used, o.capacity) for o in preview.budget_overloads] == [
        ("Krediet", "2027", 1_600_000, 1_100_000.0)
    ]
    back = move_preview(run, "B", 5)
    assert back is not None and not back.budget_overloads


def test_extra_middelen_asks_for_budget_and_prices_the_fte(budgeted, municipality, pm):
    pl = budgeted["pl"]
    pl.cost_per_fte = Decimal(100_000)
    pl.save()
    plan, _run_plan = _run(municipality, pm, "Plan")
    scenario_adopt(scenario=plan, body=budgeted["body"], rationale="Begroting", by=pm)
    echo = budgeted["e"]
    echo.has_political_urgency = True
    echo.budget_capital = Decimal(300_000)
    echo.save()
    request = urgency_request_start(initiative=echo, by=pm, year=2027, quarter=1)
    request.refresh_from_db()
    assert request.status == RunStatus.DONE, request.failure_reason
    extra = request.options[UrgencyOption.EXTRA]
    assert extra["possible"]
    (budget,) = extra["budget"]
    assert budget["pool"] == "Krediet"
    assert budget["cells"] == [{"year": "2027", "euro": 200_000}]  # 1.0 + 0.3 − 1.1 million
    (hours,) = extra["pools"]
    # 10 extra hours of project leaders (100 hours per fte-quarter): 0.1 fte-quarter.
    assert hours["fte_quarters"] == pytest.approx(0.1)
    assert hours["euro"] == 2_500  # 0.1 × € 100.000 / 4
    assert extra["total_euro"] == 202_500


def test_budget_frontier(budgeted, municipality, pm, pm_client):
    scenario, _run_s = _run(municipality, pm)
    response = pm_client.post(
        reverse("planning:marginal_start", args=[scenario.pk]), {"pool": "budget-krediet"}
    )
    assert response.status_code == 302
    analysis = scenario.analyses.get()
    assert analysis.status == RunStatus.DONE, analysis.failure_reason
    assert analysis.budget_kind == "krediet"
    result = analysis.result
    assert result["frontier_kind"] == "budget"
    assert [p["euro"] for p in result["frontier"]] == [0, 55_000, 110_000, 220_000, 330_000]
    values = [p["value"] for p in result["frontier"]]
    assert values == sorted(values)
    (row,) = result["budget"]
    assert row["pool"] == KREDIET and row["step_euro"] == 110_000
    page = pm_client.get(reverse("planning:marginal", args=[scenario.pk])).text
    assert "Marginale waarde van extra budget" in page
    assert "extra € per jaar" in page
    assert 'value="budget-krediet" selected' in page


def test_the_optimisers_warnings_reach_the_run_in_words(budgeted, municipality, pm, monkeypatch):
    from koersvast.optimizer import planner

    # As when the LP of a very large portfolio does not finish within the run's time.
    monkeypatch.setattr(planner, "lp_relaxation", lambda model, limit: None)
    monkeypatch.setattr(planner, "SMALL_MODEL", 0)  # no exact MILP either: a large model
    # Nor a plan that is proven optimal by reaching the value ceiling before any LP.
    monkeypatch.setattr(planner, "value_ceiling", lambda c: 1e9)
    _scenario, run = _run(municipality, pm)
    assert any("LP-relaxatie werd niet binnen de rekentijd opgelost" in w for w in run.warnings)


def test_solver_warnings_in_words():
    from koersvast.planning import presenters

    solution = {
        "solver": {"recommended_time_limit": 20.0},
        "warnings": [{"code": "time_limit_short", "message": "…"}, {"code": "new", "message": ""}],
    }
    assert presenters.solver_warnings(solution) == [
        "De rekentijd is korter dan de 20 seconden die een portfolio van deze omvang nodig heeft."
    ]
    assert presenters.solver_warnings({}) == []
