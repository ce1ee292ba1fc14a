"""Dependencies and alternatives in the optimiser's problem, the plan and its explanations."""

from __future__ import annotations

import pytest

from koersvast.optimizer import parse_problem
from koersvast.planning import presenters, translate
from koersvast.portfolio.choices import DependencyKind
from koersvast.portfolio.models import Alternative, AlternativeGroup, Dependency

pytestmark = pytest.mark.django_db


def _dep(municipality, a, b, kind=DependencyKind.FINISH_TO_START, lag=0):
    # Straight into the table: the run-time checks must hold even for data the services never saw.
    return Dependency.objects.create(
        municipality=municipality, predecessor=a, successor=b, kind=kind, lag_quarters=lag
    )


def _build(world, municipality):
    return translate.build_problem(municipality=municipality, framework=world["framework"])


def _items(translation):
    return {item["id"]: item for item in translation.problem["initiatives"]}


def test_finish_to_start_with_lag_becomes_after_and_after_lag(world, municipality):
    _dep(municipality, world["a"], world["b"], lag=2)
    _dep(municipality, world["a"], world["d"], kind=DependencyKind.NEEDS_RESULT)
    items = _items(_build(world, municipality))
    parse_problem(_build(world, municipality).problem)
    assert items["B"]["after"] == ["A"] and items["B"]["after_lag"] == {"A": 2}
    assert items["D"]["after"] == ["A"] and "after_lag" not in items["D"]


def test_the_plan_respects_it_and_the_explanation_names_it(world, municipality):
    _dep(municipality, world["a"], world["b"], lag=1)
    problem = _build(world, municipality).problem
    solution = translate.solve_plan(problem, time_limit=5)
    assert translate.check(problem, solution) == []
    starts = {p["id"]: p["start"] for p in solution["selected"]}
    assert starts["B"] >= starts["A"] + 2 + 1
    explanation = next(e for e in solution["explanations"] if e["id"] == "B")
    text = presenters.explanation_text(problem, explanation)
    assert "B kan pas na A (eindigt 2027-Q2)" in text


def test_running_predecessor_holds_its_successor_until_its_end(world, municipality):
    _dep(municipality, world["c"], world["a"])  # C runs 2026-Q4 .. 2027-Q2
    problem = _build(world, municipality).problem
    solution = translate.solve_plan(problem, time_limit=5)
    starts = {p["id"]: p["start"] for p in solution["selected"]}
    assert starts["A"] >= 2  # after C's end in 2027-Q2


def test_a_predecessor_outside_the_plan_keeps_its_successor_out(world, municipality):
    _dep(municipality, world["e"], world["a"])  # E is only an idea
    translation = _build(world, municipality)
    assert "A" not in _items(translation)
    assert any("A wacht op E" in w for w in translation.warnings)


def test_a_cycle_is_refused_at_run_time_naming_the_initiatives(world, municipality):
    _dep(municipality, world["a"], world["b"])
    _dep(municipality, world["b"], world["a"])
    with pytest.raises(translate.TranslationError) as caught:
        _build(world, municipality)
    assert "A → B → A" in str(caught.value)


def test_a_mandatory_successor_that_cannot_fit_is_refused(world, municipality):
    d = world["d"]  # statutory, starts 2027-Q3 at the earliest
    d.latest_year, d.latest_quarter = 2027, 2
    d.start_year, d.start_quarter = 2027, 1
    d.save()
    _dep(municipality, world["a"], d, lag=1)  # A takes two quarters from 2027-Q1
    with pytest.raises(translate.TranslationError) as caught:
        _build(world, municipality)
    assert "A → D" in str(caught.value)


def test_alternatives_share_an_exclusive_group_and_at_most_one_is_chosen(world, municipality):
    group = AlternativeGroup.objects.create(municipality=municipality, name="Huisvesting")
    for initiative in (world["a"], world["b"]):
        Alternative.objects.create(municipality=municipality, group=group, initiative=initiative)
    problem = _build(world, municipality).problem
    items = {item["id"]: item for item in problem["initiatives"]}
    assert items["A"]["exclusive_group"] == items["B"]["exclusive_group"]
    solution = translate.solve_plan(problem, time_limit=5)
    chosen = {p["id"] for p in solution["selected"]} & {"A", "B"}
    assert len(chosen) == 1


def test_start_together_keeps_own_windows_the_optimiser_shares_them(world, municipality):
    _dep(municipality, world["a"], world["d"], kind=DependencyKind.START_TOGETHER)
    problem = _build(world, municipality).problem
    items = {item["id"]: item for item in problem["initiatives"]}
    assert (items["A"]["earliest_start"], items["D"]["earliest_start"]) == (0, 2)
    assert items["A"]["x-together"] == ["D"] and items["D"]["x-together"] == ["A"]
    from koersvast.optimizer.compiled import compile_problem

    compiled = compile_problem(parse_problem(problem))
    a, d = compiled.index["A"], compiled.index["D"]
    assert compiled.lo[a] == compiled.lo[d] == 2


def test_start_together_is_a_together_group_planned_in_one_period(world, municipality):
    _dep(municipality, world["a"], world["d"], kind=DependencyKind.START_TOGETHER)
    problem = _build(world, municipality).problem
    items = {item["id"]: item for item in problem["initiatives"]}
    assert items["D"]["together_with"] == ["A"]
    compiled = parse_problem(problem)
    assert compiled.initiative("D").together_with == ("A",)
    solution = translate.solve_plan(problem, time_limit=5)
    assert translate.check(problem, solution) == []
    starts = {p["id"]: p["start"] for p in solution["selected"]}
    # D is statutory, so A (all or none) is planned too, in D's period.
    assert starts["A"] == starts["D"] >= 2
    # A plan that starts them apart or splits them is refused by the checker.
    apart = {**solution, "selected": [p for p in solution["selected"] if p["id"] != "A"]}
    assert any("together" in e for e in translate.check(problem, apart))


def test_start_together_explanation_names_the_partner(world, municipality):
    from koersvast.optimizer import SolveOptions, solution_to_json, solve

    _dep(municipality, world["a"], world["d"], kind=DependencyKind.START_TOGETHER)
    problem = _build(world, municipality).problem
    parsed = parse_problem(problem)
    solution = solution_to_json(solve(parsed, SolveOptions(time_limit=5)), parsed)
    # A could start in 2027-Q1 but waits for D (statutory, from 2027-Q3).
    explanation = next(e for e in solution["explanations"] if e["id"] == "A")
    assert {"kind": "together", "with": ["D"], "selected": True} in explanation["reasons"]
    text = presenters.explanation_text(problem, explanation)
    assert "A start samen met D" in text


def test_a_running_partner_fixes_the_start_without_a_group(world, municipality):
    _dep(municipality, world["c"], world["a"], kind=DependencyKind.START_TOGETHER)
    items = _items(_build(world, municipality))
    fixed = items["C"]["fixed_start"]
    assert items["A"]["earliest_start"] == items["A"]["latest_start"] == fixed
    assert "together_with" not in items["A"] and "together_with" not in items["C"]


def test_lags_are_counted_in_months_when_planning_in_months(world, municipality):
    from koersvast.planning.choices import Granularity
    from koersvast.planning.models import PlanningSettings

    PlanningSettings.objects.filter(municipality=municipality).update(granularity=Granularity.MONTH)
    _dep(municipality, world["a"], world["b"], lag=1)
    items = _items(_build(world, municipality))
    assert items["B"]["after_lag"] == {"A": 3}


# --- the roadmap -------------------------------------------------------------------------------


@pytest.fixture
def manager(personas):
    from koersvast.tenancy.choices import Role

    return personas[Role.PORTFOLIO_MANAGER]


@pytest.fixture
def plan_with_dependency(world, municipality, manager):
    from koersvast.planning.services.adoption import scenario_adopt
    from koersvast.planning.services.runs import scenario_run_now
    from koersvast.planning.services.scenarios import scenario_create

    _dep(municipality, world["a"], world["b"])
    scenario = scenario_create(municipality=municipality, name="Plan", by=manager)
    scenario_run_now(scenario=scenario, by=manager)
    scenario_adopt(scenario=scenario, body=world["body"], rationale="Begroting", by=manager)
    return scenario


def test_roadmap_says_in_words_what_each_initiative_waits_for(plan_with_dependency, pm_client):
    from django.urls import reverse

    from koersvast.planning.selectors.roadmap import move_preview, roadmap

    run = plan_with_dependency.runs.get()
    result = roadmap(run)
    rows = {row.id: row for _domain, rows in result.domains for row in rows}
    assert rows["B"].waits_for == [("A", "B start na afronding van A (eindigt 2027-Q2)")]
    assert [line.text for line in result.links] == [rows["B"].waits_for[0][1]]
    page = pm_client.get(reverse("planning:roadmap")).content.decode()
    assert "Afhankelijkheden in dit plan" in page
    assert 'href="#roadmap-a"' in page and 'id="roadmap-a"' in page
    # Moving A later: B would have to move along, and the preview says so.
    preview = move_preview(run, "A", 3)
    assert any("B wacht op A" in note for note in preview.notes)
    early = move_preview(run, "B", 0)
    assert any("B kan pas na A" in note for note in early.notes)
