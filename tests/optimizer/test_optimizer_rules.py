"""Targeted tests: mandatory, fixed start, precedence, exclusive groups, decay, infeasibility."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from koersvast.optimizer import Solution, SolveOptions, parse_problem, solution_to_json, solve
from koersvast.optimizer.checker import check_solution

Doc = dict[str, Any]
FAST = SolveOptions(time_limit=5)


def run(doc: Doc) -> tuple[Solution, dict[str, int]]:
    problem = parse_problem(doc)
    solution = solve(problem, FAST)
    if solution.status in ("optimal", "feasible"):
        assert check_solution(doc, solution_to_json(solution, problem)) == []
    return solution, {p.id: p.start for p in solution.selected}


def item(item_id: str, value: float, units: float = 6, duration: int = 1, **extra: Any) -> Doc:
    return {"id": item_id, "value": value, "duration": duration, "demand": {"PL": units}, **extra}


def reasons(solution: Solution, item_id: str) -> list[dict[str, Any]]:
    found = [e for e in solution.explanations if e["id"] == item_id]
    assert found, f"no explanation for {item_id}"
    return list(found[0]["reasons"])


def test_capacity_picks_best_value_and_explains_the_rest(make_doc: Callable[..., Doc]) -> None:
    doc = make_doc([item("A", 10), item("B", 8), item("C", 9)], capacity=[10], periods=1)
    solution, plan = run(doc)
    assert solution.status == "optimal"
    assert plan == {"A": 0}
    why = reasons(solution, "C")
    assert why[0]["kind"] == "capacity"
    assert why[0]["pool"] == "PL"
    assert why[0]["shortfall"] == 2
    assert why[0]["used_by"] == ["A"]


def test_mandatory_displaces_higher_value(make_doc: Callable[..., Doc]) -> None:
    doc = make_doc([item("A", 100), item("M", 1, mandatory=True)], capacity=[10], periods=1)
    _, plan = run(doc)
    assert plan == {"M": 0}


def test_fixed_start_is_kept(make_doc: Callable[..., Doc]) -> None:
    doc = make_doc([item("F", 1, fixed_start=2), item("A", 5, units=6, duration=4)], capacity=10)
    solution, plan = run(doc)
    assert plan == {"F": 2}
    assert reasons(solution, "A")[0]["period_index"] == 2


def test_precedence_delays_and_requires_predecessor(make_doc: Callable[..., Doc]) -> None:
    doc = make_doc([item("A", 5, duration=2), item("B", 5, after=["A"])], capacity=20)
    solution, plan = run(doc)
    assert plan == {"A": 0, "B": 2}
    assert reasons(solution, "B")[0] == {
        "kind": "precedence",
        "after": "A",
        "selected": True,
        "finishes_before": 2,
    }
    blocked = make_doc([item("A", 5, units=30), item("B", 5, after=["A"])], capacity=20)
    solution, plan = run(blocked)
    assert plan == {}
    assert {"kind": "precedence", "after": "A", "selected": False} in reasons(solution, "B")


def test_exclusive_group_takes_at_most_one(make_doc: Callable[..., Doc]) -> None:
    doc = make_doc(
        [item("A", 5, exclusive_group="G"), item("B", 6, exclusive_group="G")], capacity=100
    )
    solution, plan = run(doc)
    assert plan == {"B": 0}
    assert reasons(solution, "A") == [{"kind": "exclusive", "group": "G", "chosen": "B"}]


def test_decay_pulls_forward_the_decaying_initiative(make_doc: Callable[..., Doc]) -> None:
    doc = make_doc(
        [item("D", 10, units=10, decay=0.5), item("S", 10, units=10)], capacity=10, periods=2
    )
    solution, plan = run(doc)
    assert plan == {"D": 0, "S": 1}
    assert solution.objective == 20


def test_window_outside_horizon_is_explained(make_doc: Callable[..., Doc]) -> None:
    doc = make_doc([item("L", 5, duration=3, earliest_start=2)], capacity=10)
    solution, plan = run(doc)
    assert plan == {}
    assert reasons(solution, "L")[0]["kind"] == "window"


def test_infeasible_mandatory_work_names_the_conflict(make_doc: Callable[..., Doc]) -> None:
    doc = make_doc(
        [item("M1", 1, mandatory=True), item("M2", 1, mandatory=True), item("X", 3)],
        capacity=[10, 10],
        periods=2,
        pools=("PL",),
    )
    doc["initiatives"][0]["latest_start"] = 0
    doc["initiatives"][1]["fixed_start"] = 0
    solution, _ = run(doc)
    assert solution.status == "infeasible"
    conflict = solution.conflicts[0]
    assert conflict["kind"] == "capacity"
    assert conflict["pool"] == "PL"
    assert conflict["period_index"] == 0
    assert conflict["shortfall"] == 2
    assert set(conflict["initiatives"]) == {"M1", "M2"}


def test_infeasible_structure_is_reported(make_doc: Callable[..., Doc]) -> None:
    doc = make_doc(
        [
            item("A", 1, mandatory=True, exclusive_group="G"),
            item("B", 1, mandatory=True, exclusive_group="G"),
        ],
        capacity=100,
    )
    solution, _ = run(doc)
    assert solution.status == "infeasible"
    assert solution.conflicts[0]["kind"] == "exclusive"
    late = make_doc([item("A", 1, duration=3, mandatory=True, earliest_start=3)], capacity=100)
    solution, _ = run(late)
    assert solution.status == "infeasible"
    assert solution.conflicts[0]["kind"] == "window"


@pytest.mark.slow
def test_node_limit_runs_are_reproducible(generator: Any) -> None:
    doc = generator.generate(30, seed=8, pools=4)
    problem = parse_problem(doc)
    options = SolveOptions(time_limit=60, node_limit=20, use_lns=False)
    first = solve(problem, options)
    second = solve(problem, options)
    assert first.selected == second.selected
    assert first.solver["node_limit"] == 20
    assert first.solver["version"]
