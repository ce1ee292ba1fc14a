"""Planning in months instead of quarters: the same data, three periods to a quarter."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from koersvast.capacity.models import BudgetCapacity
from koersvast.optimizer import parse_problem
from koersvast.optimizer.checker import check_solution
from koersvast.planning import translate
from koersvast.planning.choices import Granularity, LeverKind, RunStatus, UrgencyOption
from koersvast.planning.models import PlanningSettings
from koersvast.planning.selectors.results import run_result
from koersvast.planning.services.adoption import scenario_adopt
from koersvast.planning.services.runs import scenario_run_now
from koersvast.planning.services.scenarios import lever_add, scenario_create
from koersvast.planning.services.urgency import urgency_request_start
from koersvast.tenancy.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def pm(personas):
    return personas[Role.PORTFOLIO_MANAGER]


@pytest.fixture
def monthly(world, municipality):
    PlanningSettings.objects.filter(municipality=municipality).update(granularity=Granularity.MONTH)
    return world


def _items(problem):
    return {item["id"]: item for item in problem["initiatives"]}


def test_the_problem_in_months(monthly, municipality):
    world = monthly
    world["a"].budget_capital = Decimal(600_000)
    world["a"].latest_year, world["a"].latest_quarter = 2027, 2
    world["a"].save()
    BudgetCapacity.objects.create(
        municipality=municipality, kind="krediet", year=2027, amount=Decimal(1_000_000)
    )
    translation = translate.build_problem(municipality=municipality, framework=world["framework"])
    problem = translation.problem
    parse_problem(problem)
    assert len(problem["periods"]) == 24
    assert problem["periods"][:4] == ["2027-01", "2027-02", "2027-03", "2027-04"]
    pools = {p["id"]: p for p in problem["pools"]}
    assert pools["pl"]["capacity"][:3] == [pytest.approx(200 / 3)] * 3
    assert pools["pl"]["x-hours-per-fte"] == pytest.approx(100 / 3, abs=1e-3)
    assert pools["budget:krediet"]["buckets"] == [0] * 12 + [1] * 12
    assert pools["budget:krediet"]["capacity"] == [1_000_000.0, 1_000_000.0]
    items = _items(problem)
    a = items["A"]
    assert a["duration"] == 6
    assert a["demand"]["pl"] == [50.0] * 6
    assert a["demand"]["budget:krediet"] == [pytest.approx(100_000)] * 6
    assert a["x-budget"] == {"krediet": pytest.approx(100_000)}
    assert (a["earliest_start"], a["latest_start"]) == (0, 5)  # any month of 2027-Q1..Q2
    c = items["C"]  # running since 2026-Q4: two quarters left
    assert (c["fixed_start"], c["duration"]) == (0, 6)
    assert items["D"]["earliest_start"] == 6  # 2027-Q3


def test_a_monthly_run_is_checked_and_starts_in_months(monthly, municipality, pm, pm_client):
    scenario = scenario_create(municipality=municipality, name="Maanden", by=pm)
    lever_add(
        scenario=scenario,
        by=pm,
        kind=LeverKind.CAPACITY,
        pool=monthly["pl"],
        year=2027,
        quarter=2,
        fte=Decimal(1),
    )
    run = scenario_run_now(scenario=scenario, by=pm)
    assert run.status == RunStatus.DONE, run.failure_reason
    assert check_solution(run.problem, run.solution) == []
    pl = next(p for p in run.problem["pools"] if p["id"] == "pl")
    assert pl["capacity"][2] == pytest.approx(200 / 3) and pl["capacity"][3] == pytest.approx(100)
    result = run_result(run)
    assert result.in_months
    assert all(len(row.start) == 7 for row in result.selected)  # "2027-04"
    page = pm_client.get(scenario.get_absolute_url()).text
    assert "Later dan kan (mnd.)" in page


def test_urgency_in_months(monthly, municipality, pm):
    plan = scenario_create(municipality=municipality, name="Plan", by=pm)
    scenario_run_now(scenario=plan, by=pm)
    scenario_adopt(scenario=plan, body=monthly["body"], rationale="Begroting", by=pm)
    echo = monthly["e"]
    echo.has_political_urgency = True
    echo.save()
    echo.demands.update(hours=Decimal(120))
    request = urgency_request_start(initiative=echo, by=pm, year=2027, quarter=2)
    request.refresh_from_db()
    assert request.status == RunStatus.DONE, request.failure_reason
    assert request.options["request"]["start"] == "2027-04"
    assert request.options["in_months"] is True
    assert request.options[UrgencyOption.EXTRA]["possible"]


def test_settings_page_switches_to_months(world, municipality, pm_client):
    response = pm_client.post(
        reverse("planning:settings"),
        {
            "first_year": 2027,
            "first_quarter": 1,
            "horizon": 16,
            "headroom_pct": 85,
            "granularity": "month",
        },
    )
    assert response.status_code == 302
    assert PlanningSettings.objects.get(municipality=municipality).periods_per_quarter == 3
