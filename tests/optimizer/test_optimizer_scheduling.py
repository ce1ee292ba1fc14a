"""Schedule generation for must-run work (serial SGS + forward-backward improvement)."""

from __future__ import annotations

import itertools
import time
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koersvast.optimizer import SolveOptions, parse_problem, solution_to_json, solve
from koersvast.optimizer.checker import check_solution
from koersvast.optimizer.compiled import compile_problem
from koersvast.optimizer.scheduling import SerialScheduler, schedule_must_run


@st.composite
def precedence_problems(draw: st.DrawFn) -> dict[str, Any]:
    """Small all-mandatory problems with precedences and time-varying capacity."""
    horizon = draw(st.integers(2, 5))
    pools = ["A", "B"][: draw(st.integers(1, 2))]
    n = draw(st.integers(1, 4))
    items: list[dict[str, Any]] = []
    for i in range(n):
        duration = draw(st.integers(1, min(3, horizon)))
        item: dict[str, Any] = {
            "id": f"J{i}",
            "value": 1.0,
            "duration": duration,
            "demand": {p: [draw(st.integers(0, 4)) for _ in range(duration)] for p in pools},
            "mandatory": True,
        }
        if i > 0 and draw(st.booleans()):
            item["after"] = sorted({f"J{draw(st.integers(0, i - 1))}"})
        if draw(st.integers(0, 4)) == 0:
            item["latest_start"] = draw(st.integers(0, horizon - 1))
        items.append(item)
    capacity = {p: [draw(st.integers(2, 6)) for _ in range(horizon)] for p in pools}
    return {
        "format": "koersvast.portfolio-problem/1",
        "periods": [f"T{t}" for t in range(horizon)],
        "pools": [{"id": p, "capacity": capacity[p]} for p in pools],
        "initiatives": items,
    }


def brute_force_feasible(doc: dict[str, Any]) -> bool:
    horizon = len(doc["periods"])
    options = [range(horizon) for _ in doc["initiatives"]]
    for starts in itertools.product(*options):
        plan = [
            {"id": item["id"], "start": s}
            for item, s in zip(doc["initiatives"], starts, strict=True)
        ]
        if not check_solution(doc, {"selected": plan, "mode": "check"}):
            return True
    return False


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
@given(precedence_problems())
def test_schedule_generation_matches_brute_force(doc: dict[str, Any]) -> None:
    c = compile_problem(parse_problem(doc))
    found = schedule_must_run(c, seed=0, deadline=time.perf_counter() + 5, max_schedules=400)
    expected = brute_force_feasible(doc)
    if found is None:
        assert not expected
        return
    plan = [{"id": c.problem.initiatives[i].id, "start": s} for i, s in found.items()]
    assert check_solution(doc, {"selected": plan, "mode": "check"}) == []
    assert expected


def test_forward_backward_improvement_never_makes_lateness_worse() -> None:
    doc = {
        "format": "koersvast.portfolio-problem/1",
        "periods": [f"T{t}" for t in range(6)],
        "pools": [{"id": "R", "capacity": [2] * 6}],
        "initiatives": [
            {"id": "A", "value": 1, "duration": 2, "demand": {"R": 2}, "mandatory": True},
            {"id": "B", "value": 1, "duration": 1, "demand": {"R": 1}, "mandatory": True},
            {"id": "C", "value": 1, "duration": 3, "demand": {"R": 1}, "mandatory": True},
            {
                "id": "D",
                "value": 1,
                "duration": 1,
                "demand": {"R": 1},
                "mandatory": True,
                "after": ["B"],
            },
        ],
    }
    c = compile_problem(parse_problem(doc))
    scheduler = SerialScheduler(c)
    for order in itertools.permutations(scheduler.jobs):
        if any(order.index(a) > order.index(j) for j in order for a in scheduler.preds[j]):
            continue
        starts = scheduler.forward(order)
        assert starts is not None
        improved = scheduler.improve(starts)
        assert scheduler.lateness(improved) <= scheduler.lateness(starts)


def test_schedule_generation_is_reproducible_with_a_schedule_limit() -> None:
    doc = {
        "format": "koersvast.portfolio-problem/1",
        "periods": [f"T{t}" for t in range(8)],
        "pools": [{"id": "R", "capacity": [3] * 8}, {"id": "S", "capacity": [2] * 8}],
        "initiatives": [
            {
                "id": f"J{i}",
                "value": 1,
                "duration": 1 + i % 3,
                "demand": {"R": 1 + i % 2, "S": i % 3 and 1},
                "mandatory": True,
                "after": [f"J{i - 2}"] if i >= 2 else [],
            }
            for i in range(8)
        ],
    }
    c = compile_problem(parse_problem(doc))
    runs = [
        schedule_must_run(c, seed=3, deadline=time.perf_counter() + 30, max_schedules=200)
        for _ in range(2)
    ]
    assert runs[0] == runs[1]


def test_fully_mandatory_problem_is_optimal_without_milp() -> None:
    # All work mandatory, no decay: any feasible plan reaches the value ceiling.
    doc = {
        "format": "koersvast.portfolio-problem/1",
        "periods": [f"T{t}" for t in range(4)],
        "pools": [{"id": "R", "capacity": [3] * 4}],
        "initiatives": [
            {"id": "A", "value": 1, "duration": 2, "demand": {"R": 2}, "mandatory": True},
            {"id": "B", "value": 1, "duration": 1, "demand": {"R": 1}, "mandatory": True},
            {
                "id": "C",
                "value": 1,
                "duration": 1,
                "demand": {"R": 2},
                "mandatory": True,
                "after": ["B"],
            },
            {
                "id": "D",
                "value": 1,
                "duration": 1,
                "demand": {"R": 1},
                "mandatory": True,
                "after": ["C"],
            },
        ],
    }
    problem = parse_problem(doc)
    solution = solve(problem, SolveOptions(time_limit=10))
    assert solution.status == "optimal"
    assert "milp_nodes" not in solution.solver["stats"]
    assert solution.gap == 0
    assert check_solution(doc, solution_to_json(solution, problem)) == []
    assert len(solution.selected) == 4
