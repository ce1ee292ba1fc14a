"""Random tiny problems: the optimiser matches brute force and never loses to ranking."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koersvast.optimizer import SolveOptions, parse_problem, solution_to_json, solve
from koersvast.optimizer.checker import check_solution, plan_value


@st.composite
def tiny_problems(draw: st.DrawFn) -> dict[str, Any]:
    horizon = draw(st.integers(1, 4))
    pools = ["A", "B"][: draw(st.integers(1, 2))]
    n = draw(st.integers(1, 5))
    items: list[dict[str, Any]] = []
    for i in range(n):
        duration = draw(st.integers(1, horizon))
        demand = {p: [draw(st.integers(0, 6)) for _ in range(duration)] for p in pools}
        item: dict[str, Any] = {
            "id": f"I{i}",
            "value": draw(st.integers(0, 20)),
            "duration": duration,
            "demand": demand,
            "earliest_start": draw(st.integers(0, horizon - 1)),
            "decay": draw(st.sampled_from([0.0, 0.0, 0.2])),
        }
        if draw(st.booleans()) and draw(st.booleans()):
            item["latest_start"] = draw(st.integers(0, horizon - 1))
        if i > 0 and draw(st.integers(0, 3)) == 0:
            item["after"] = [f"I{draw(st.integers(0, i - 1))}"]
        if draw(st.integers(0, 4)) == 0:
            item["exclusive_group"] = "G"
        if draw(st.integers(0, 5)) == 0:
            item["mandatory"] = True
        items.append(item)
    capacity = {p: [draw(st.integers(0, 10)) for _ in range(horizon)] for p in pools}
    return {
        "format": "koersvast.portfolio-problem/1",
        "periods": [f"T{t}" for t in range(horizon)],
        "pools": [{"id": p, "capacity": capacity[p]} for p in pools],
        "initiatives": items,
    }


def _starts(item: dict[str, Any], horizon: int) -> list[int | None]:
    """Not selected, or each start inside the item's window and the horizon.

    Starts outside them are infeasible (the checker would refuse them); leaving them out keeps
    the enumeration small without deciding anything the checker decides.
    """
    if "fixed_start" in item:
        return [None, item["fixed_start"]]
    last = min(item.get("latest_start", horizon), horizon - item["duration"])
    return [None, *range(max(0, item.get("earliest_start", 0)), last + 1)]


def brute_force(doc: dict[str, Any]) -> float | None:
    horizon = len(doc["periods"])
    options = [_starts(item, horizon) for item in doc["initiatives"]]
    best: float | None = None
    for starts in itertools.product(*options):
        selected = [
            {"id": item["id"], "start": s}
            for item, s in zip(doc["initiatives"], starts, strict=True)
            if s is not None
        ]
        if check_solution(doc, {"selected": selected, "mode": "check"}):
            continue
        value = plan_value(doc, selected)
        best = value if best is None or value > best else best
    return best


def solved_as_brute_force(doc: dict[str, Any]) -> Any:
    """Solve `doc` to optimality and check it against brute force: infeasible exactly when no
    plan exists, otherwise optimal, passing the independent check, with the same value."""
    problem = parse_problem(doc)
    solution = solve(problem, SolveOptions(time_limit=5, gap=1e-9))
    expected = brute_force(doc)
    if expected is None:
        assert solution.status == "infeasible"
        return solution
    assert solution.status == "optimal"
    assert check_solution(doc, solution_to_json(solution, problem)) == []
    assert solution.objective is not None
    assert abs(solution.objective - expected) <= 1e-6 * max(1.0, expected)
    return solution


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
@given(tiny_problems())
def test_matches_brute_force_and_beats_ranking(doc: dict[str, Any]) -> None:
    solution = solved_as_brute_force(doc)
    if solution.status == "infeasible":
        assert solution.conflicts
        return
    assert solution.baseline is not None
    if solution.baseline["includes_all_mandatory"]:
        assert solution.objective >= solution.baseline["objective"] - 1e-9
