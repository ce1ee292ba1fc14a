"""Translation from the municipality's models to the optimiser's problem document."""

from __future__ import annotations

from decimal import Decimal

import pytest

from koersvast.optimizer import parse_problem
from koersvast.planning import constants, translate
from koersvast.planning.choices import LeverKind
from koersvast.planning.models import Lever, PlanningSettings
from tests.factories import ScenarioFactory

pytestmark = pytest.mark.django_db


def _build(world, municipality, levers=(), **kwargs):
    return translate.build_problem(
        municipality=municipality, framework=world["framework"], levers=levers, **kwargs
    )


def _items(translation):
    return {item["id"]: item for item in translation.problem["initiatives"]}


def test_problem_is_valid_and_has_periods_pools_and_planned_initiatives(world, municipality):
    translation = _build(world, municipality)
    problem = translation.problem
    parse_problem(problem)  # the optimiser accepts it
    assert problem["format"] == "koersvast.portfolio-problem/1"
    assert problem["periods"][:3] == ["2027-Q1", "2027-Q2", "2027-Q3"]
    assert len(problem["periods"]) == 8
    pools = {p["id"]: p["capacity"] for p in problem["pools"]}
    assert pools["pl"] == [200.0] * 8
    assert pools["jur"] == [100.0] * 8
    assert set(_items(translation)) == {"A", "B", "C", "D"}  # E is only an idea


def test_values_durations_windows_and_flags(world, municipality):
    translation = _build(world, municipality)
    items = _items(translation)
    assert items["A"]["value"] == 80.0
    assert items["A"]["demand"] == {"pl": [150.0, 150.0]}
    assert items["A"]["earliest_start"] == 0
    assert items["A"]["mandatory"] is False
    assert items["D"]["mandatory"] is True  # statutory
    assert items["D"]["earliest_start"] == 2
    assert items["D"]["value"] == constants.UNSCORED_VALUE
    assert any("D" in warning for warning in translation.warnings)


def test_running_initiative_keeps_its_start_with_only_the_remaining_work(world, municipality):
    item = _items(_build(world, municipality))["C"]
    # Started 2026-Q4 for three quarters: two quarters left inside the horizon.
    assert item["fixed_start"] == 0
    assert item["duration"] == 2
    assert item["demand"] == {"pl": [50.0, 50.0]}


def test_start_window_is_clamped_into_the_horizon(world, municipality):
    a = world["a"]
    a.start_year, a.start_quarter = 2030, 2
    a.latest_year, a.latest_quarter = 2031, 1
    a.save()
    item = _items(_build(world, municipality))["A"]
    assert item["earliest_start"] == 6  # last start that still finishes in 8 quarters
    assert item["latest_start"] == 6


def test_headroom_scales_capacity(world, municipality):
    settings = PlanningSettings.objects.get(municipality=municipality)
    settings.headroom_pct = 85
    translation = _build(world, municipality, settings=settings)
    assert translation.problem["pools"][1]["capacity"][0] == 170.0


def test_levers_change_capacity_windows_and_selection(world, municipality):
    scenario = ScenarioFactory(municipality=municipality)
    levers = [
        Lever(
            scenario=scenario,
            kind=LeverKind.CAPACITY,
            pool=world["pl"],
            year=2027,
            quarter=3,
            fte=Decimal(1),
        ),
        Lever(scenario=scenario, kind=LeverKind.HEADROOM, headroom_pct=50),
        Lever(scenario=scenario, kind=LeverKind.FORCE_OUT, initiative=world["b"]),
        Lever(scenario=scenario, kind=LeverKind.FORCE_IN, initiative=world["e"]),
        Lever(
            scenario=scenario, kind=LeverKind.FIX_START, initiative=world["a"], year=2027, quarter=2
        ),
        Lever(
            scenario=scenario,
            kind=LeverKind.BOUND_START,
            initiative=world["d"],
            year=2027,
            quarter=4,
            latest_year=2028,
            latest_quarter=1,
        ),
    ]
    translation = _build(world, municipality, levers=levers)
    pools = {p["id"]: p["capacity"] for p in translation.problem["pools"]}
    assert pools["pl"][:4] == [100.0, 100.0, 150.0, 150.0]  # 50 % headroom, +1 fte from Q3
    items = _items(translation)
    assert "B" not in items
    assert items["E"]["mandatory"] is True
    assert items["A"]["fixed_start"] == 1
    assert (items["D"]["earliest_start"], items["D"]["latest_start"]) == (3, 4)
    parse_problem(translation.problem)


def test_without_framework_everything_gets_the_default_value_and_a_warning(world, municipality):
    translation = translate.build_problem(municipality=municipality)
    assert {i["value"] for i in translation.problem["initiatives"]} == {constants.UNSCORED_VALUE}
    assert translation.warnings


def test_round_trip_solution_is_checked_feasible(world, municipality):
    translation = _build(world, municipality)
    solution = translate.solve_plan(translation.problem)
    assert solution["status"] == "optimal"
    assert translate.check(translation.problem, solution) == []
    starts = {s["id"]: s["start"] for s in solution["selected"]}
    assert starts["C"] == 0 and "D" in starts
    # A (150) and B (100) cannot both run next to C (50) within 200 hours at the start.
    assert starts.get("A") != starts.get("B") or "B" not in starts


def test_build_problem_query_count_is_constant(world, municipality, django_assert_max_num_queries):
    # Eight, plus the dependencies and the alternatives (decision 0404).
    with django_assert_max_num_queries(10):
        _build(world, municipality)
