"""The tabu search for selection models: never worse, always feasible, reproducible."""

from __future__ import annotations

import random
import time
from typing import Any

import numpy as np

from koersvast.optimizer import SolveOptions, parse_problem, solution_to_json, solve
from koersvast.optimizer.checker import check_solution
from koersvast.optimizer.compiled import Compiled, compile_problem
from koersvast.optimizer.selection import columns, is_selection_model, movable, search
from tests.optimizer.test_optimizer_bruteforce import brute_force


def _problem(rng: random.Random, n: int, pools: int = 3, horizon: int = 1) -> dict[str, Any]:
    """Selection model: every initiative has exactly one start (earliest = latest)."""
    items: list[dict[str, Any]] = []
    for j in range(n):
        duration = rng.randint(1, horizon)
        start = rng.randint(0, horizon - duration)
        demand = {
            f"P{p}": [rng.randint(0, 40) for _ in range(duration)]
            for p in range(pools)
            if rng.random() < 0.8
        }
        items.append(
            {
                "id": f"x{j}",
                "value": rng.randint(1, 60),
                "duration": duration,
                "demand": demand,
                "earliest_start": start,
                "latest_start": start,
            }
        )
    return {
        "format": "koersvast.portfolio-problem/1",
        "periods": [f"T{t}" for t in range(horizon)],
        "pools": [
            {"id": f"P{p}", "capacity": [rng.randint(20, 10 * n) for _ in range(horizon)]}
            for p in range(pools)
        ],
        "initiatives": items,
    }


def _plan_doc(c: Compiled, starts: dict[int, int]) -> dict[str, Any]:
    ids = c.problem.initiatives
    return {"selected": [{"id": ids[i].id, "start": s} for i, s in starts.items()]}


def _far() -> float:
    return time.perf_counter() + 60.0


def test_search_matches_brute_force_on_small_models_and_every_plan_checks() -> None:
    rng = random.Random(11)
    reached = 0
    for k in range(30):
        doc = _problem(rng, rng.randint(4, 11), horizon=1 if k % 2 else 3)
        c = compile_problem(parse_problem(doc))
        assert is_selection_model(c)
        result = search(c, {}, deadline=_far(), seed=k, max_events=200)
        assert c.is_feasible(result.starts)
        assert check_solution(doc, {**_plan_doc(c, result.starts), "mode": "check"}) == []
        assert result.objective == c.objective(result.starts)
        expected = brute_force(doc)
        assert expected is not None
        assert result.objective <= expected + 1e-9
        reached += abs(result.objective - expected) <= 1e-9
    # A heuristic: it reaches the optimum on almost all of these small models.
    assert reached >= 27


def test_search_never_returns_a_worse_plan_and_is_reproducible() -> None:
    rng = random.Random(5)
    doc = _problem(rng, 80, pools=5)
    c = compile_problem(parse_problem(doc))
    start: dict[int, int] = {}
    residual = c.cap.copy()
    for i in sorted(range(c.size), key=lambda i: -c.start_value(i, c.lo[i])):
        if c.fits(residual, i, c.lo[i]):
            c.place(residual, i, c.lo[i])
            start[i] = c.lo[i]
    first = search(c, start, deadline=_far(), seed=3, max_events=300)
    second = search(c, start, deadline=_far(), seed=3, max_events=300)
    assert first.starts == second.starts
    assert first.events == 300
    assert first.objective >= c.objective(start)
    assert c.is_feasible(first.starts)
    # Stopped at once: the starting plan, unchanged.
    assert search(c, start, deadline=time.perf_counter() - 1.0).starts == start


def test_mandatory_grouped_and_linked_initiatives_are_never_moved() -> None:
    rng = random.Random(8)
    doc = _problem(rng, 30, pools=2)
    doc["initiatives"][0]["mandatory"] = True
    doc["initiatives"][1]["exclusive_group"] = "G"
    doc["initiatives"][2]["exclusive_group"] = "G"
    doc["initiatives"][4]["after"] = ["x3"]
    for k in (3, 4):  # one start each, the second after the first
        doc["initiatives"][k].update(
            {"duration": 1, "earliest_start": 0, "latest_start": 0, "demand": {"P0": [1]}}
        )
    doc["periods"] = ["T0", "T1"]
    for pool in doc["pools"]:
        pool["capacity"] = pool["capacity"] * 2
    doc["initiatives"][4].update({"earliest_start": 1, "latest_start": 1})
    c = compile_problem(parse_problem(doc))
    frozen = {0, 1, 2, 3, 4}
    assert frozen.isdisjoint(movable(c))
    start = {0: c.lo[0], 2: c.lo[2]}
    assert c.is_feasible(start)
    result = search(c, start, deadline=_far(), seed=0, max_events=200)
    assert c.is_feasible(result.starts)
    assert {i: s for i, s in result.starts.items() if i in frozen} == start
    assert check_solution(doc, {**_plan_doc(c, result.starts), "mode": "check"}) == []


def test_columns_are_the_capacity_use_per_pool_and_period() -> None:
    rng = random.Random(2)
    doc = _problem(rng, 6, pools=2, horizon=4)
    c = compile_problem(parse_problem(doc))
    items = movable(c)
    a = columns(c, items)
    for k, i in enumerate(items):
        assert np.allclose(a[:, k], c.usage({i: c.lo[i]}).ravel())


def test_the_planner_runs_the_search_on_selection_models() -> None:
    doc = _problem(random.Random(4), 120, pools=5)
    problem = parse_problem(doc)
    solution = solve(problem, SolveOptions(time_limit=2.0))
    assert check_solution(doc, solution_to_json(solution, problem)) == []
    stats = solution.solver["stats"]
    assert stats["selection_events"] > 0
    assert solution.objective >= stats["selection_objective"] - 1e-9
    # Reproducible with a node limit: the search then counts events, not seconds.
    first = solve(problem, SolveOptions(time_limit=30.0, node_limit=100))
    second = solve(problem, SolveOptions(time_limit=30.0, node_limit=100))
    assert first.selected == second.selected
    assert first.solver["stats"]["selection_events"] == second.solver["stats"]["selection_events"]
