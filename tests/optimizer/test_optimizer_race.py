"""CP-SAT racing HiGHS on selection models: the worker's select model is right, the race's
plans pass the independent checker, and every way the worker can fail leaves HiGHS's plan.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from koersvast.optimizer import SolveOptions, cpsat, parse_problem, solution_to_json, solve
from koersvast.optimizer.checker import check_solution
from koersvast.optimizer.compiled import compile_problem
from koersvast.optimizer.planner import RACE_MIN_ITEMS
from tests.optimizer.test_optimizer_bruteforce import brute_force
from tests.optimizer.test_optimizer_cpsat import _plan, _through_worker

# Races HiGHS against the CP-SAT worker process with real time limits.
pytestmark = pytest.mark.slow


def _random_select_problem(rng: random.Random) -> dict[str, Any]:
    horizon = rng.randint(1, 4)
    items: list[dict[str, Any]] = []
    for i in range(rng.randint(1, 5)):
        duration = rng.randint(1, horizon)
        item: dict[str, Any] = {
            "id": f"I{i}",
            "value": rng.randint(0, 20),
            "duration": duration,
            "demand": {"A": [rng.randint(0, 6) for _ in range(duration)]},
            "earliest_start": rng.randrange(horizon),
            "decay": rng.choice([0.0, 0.0, 0.2]),
        }
        if i and rng.random() < 0.25:
            item["after"] = [f"I{rng.randrange(i)}"]
        if rng.random() < 0.2:
            item["exclusive_group"] = "G"
        if rng.random() < 0.15:
            item["mandatory"] = True
        items.append(item)
    return {
        "format": "koersvast.portfolio-problem/1",
        "periods": [f"T{t}" for t in range(horizon)],
        "pools": [{"id": "A", "capacity": [rng.randint(0, 10) for _ in range(horizon)]}],
        "initiatives": items,
    }


def test_select_model_matches_brute_force() -> None:
    rng = random.Random(7)
    docs = [_random_select_problem(rng) for _ in range(40)]
    compiled = [compile_problem(parse_problem(doc)) for doc in docs]
    items = [cpsat.selectable_items(c) for c in compiled]
    requests = [
        cpsat.select_request(c, mine, time_limit=20.0, seed=0)
        for c, mine in zip(compiled, items, strict=True)
    ]
    for doc, c, mine, lines in zip(docs, compiled, items, _through_worker(requests), strict=True):
        expected = brute_force(doc)
        solutions = [line for line in lines if line["event"] == "solution"]
        last = solutions[-1]["starts"] if solutions else [-1] * len(mine)
        starts = {i: s for i, s in zip(mine, last, strict=True) if s >= 0}
        if expected is None:
            # Must-run work without any start is left out of the request; the parent's check
            # (``Worker.best``) rejects the plan without it.
            assert not solutions or not c.is_feasible(starts)
            continue
        assert lines[-1]["status"] == "optimal", doc
        assert c.is_feasible(starts)
        plan = _plan(c, mine, solutions[-1]["starts"])
        assert check_solution(doc, {"selected": plan, "mode": "check"}) == []
        # The tiny preference for early starts is not in CP-SAT's objective: value only.
        assert c.objective(starts) == pytest.approx(expected, abs=1e-6)


def _knapsack(seed: int, n: int = 120, m: int = 5) -> dict[str, Any]:
    """A random one-period knapsack (correlated values, capacity a quarter of demand)."""
    rng = random.Random(seed)
    weights = [[rng.randint(1, 1000) for _ in range(n)] for _ in range(m)]
    values = [sum(w[j] for w in weights) // m + rng.randint(1, 500) for j in range(n)]
    return {
        "format": "koersvast.portfolio-problem/1",
        "periods": ["P1"],
        "pools": [{"id": f"C{r}", "capacity": [sum(weights[r]) // 4]} for r in range(m)],
        "initiatives": [
            {
                "id": f"x{j}",
                "value": values[j],
                "duration": 1,
                "demand": {f"C{r}": [weights[r][j]] for r in range(m)},
            }
            for j in range(n)
        ],
    }


def _solve(doc: dict[str, Any], **options: Any) -> tuple[Any, dict[str, Any]]:
    problem = parse_problem(doc)
    solution = solve(problem, SolveOptions(**options))
    assert solution.status in ("optimal", "feasible")
    assert check_solution(doc, solution_to_json(solution, problem)) == []
    return solution, solution.solver["stats"]


def test_selection_models_race_cpsat_and_the_plan_checks() -> None:
    assert RACE_MIN_ITEMS <= 120
    solution, stats = _solve(_knapsack(1), time_limit=2.5)
    report = stats["cpsat"]
    assert report["status"] in ("feasible", "optimal", "stopped", "timeout"), report
    assert report["solver"].startswith("OR-Tools CP-SAT 9.")
    assert solution.objective >= solution.baseline["objective"]


def test_the_race_is_not_run_for_reproducible_runs_or_when_switched_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    doc = _knapsack(2)
    first, stats = _solve(doc, time_limit=20.0, node_limit=200)
    second, _ = _solve(doc, time_limit=20.0, node_limit=200)
    assert "cpsat" not in stats
    assert first.selected == second.selected
    monkeypatch.setenv("KOERSVAST_CPSAT", "off")
    _, stats = _solve(doc, time_limit=1.5)
    assert "cpsat" not in stats


def test_multi_period_and_small_models_do_not_race(generator: ModuleType) -> None:
    _, stats = _solve(generator.generate(12, seed=3, pools=2), time_limit=1.5)
    assert "cpsat" not in stats
    _, stats = _solve(_knapsack(3, n=RACE_MIN_ITEMS - 1), time_limit=1.5)
    assert "cpsat" not in stats


@pytest.mark.parametrize(
    "script",
    [
        "import sys; sys.stdin.read(); sys.exit(3)",
        "import sys; sys.stdin.read(); print('{no json')",
        # Well-formed, but every item selected: far over capacity.
        "import sys, json; n = len(json.loads(sys.stdin.read())['items']); "
        "print(json.dumps({'event': 'solution', 'starts': [0] * n, 'objective': 1e12}))",
    ],
)
def test_a_failing_or_wrong_worker_leaves_the_highs_plan(
    monkeypatch: pytest.MonkeyPatch, script: str
) -> None:
    monkeypatch.setattr(cpsat, "COMMAND", [sys.executable, "-c", script])
    solution, stats = _solve(_knapsack(4), time_limit=1.5)
    assert stats["cpsat"]["status"] != "feasible"
    assert solution.objective >= solution.baseline["objective"]


def test_benchmark_knapsack_with_the_race(bench_data: Path, converters: ModuleType) -> None:
    instance = converters.read_mknapcb(bench_data / "mkp/orlib/mknapcb1.txt")[0]
    doc = converters.knapsack_problem(instance)
    _, stats = _solve(doc, time_limit=2.0)
    assert "cpsat" in stats
    assert json.dumps(stats["cpsat"])
