"""Small hand-made problems with one pool ("PL"), for the tests of single constraints."""

from __future__ import annotations

from typing import Any

from koersvast.optimizer import SolveOptions, parse_problem, solution_to_json, solve
from koersvast.optimizer.checker import check_solution


def one_pool_doc(items: list[dict[str, Any]], horizon: int, capacity: float) -> dict[str, Any]:
    return {
        "format": "koersvast.portfolio-problem/1",
        "periods": [f"P{t}" for t in range(horizon)],
        "pools": [{"id": "PL", "capacity": [capacity] * horizon}],
        "initiatives": items,
    }


def one_pool_item(item_id: str, value: float, duration: int = 1, **extra: Any) -> dict[str, Any]:
    return {"id": item_id, "value": value, "duration": duration, "demand": {"PL": 1}, **extra}


def checked_plan(doc: dict[str, Any]) -> tuple[dict[str, Any], dict[str, int]]:
    """The optimal plan (5 s, no gap) after the independent check, and its starts per id."""
    problem = parse_problem(doc)
    solution = solution_to_json(solve(problem, SolveOptions(time_limit=5, gap=1e-9)), problem)
    assert check_solution(doc, solution) == []
    return solution, {p["id"]: p["start"] for p in solution["selected"]}
