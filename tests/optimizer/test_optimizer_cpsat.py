"""CP-SAT in its subprocess: its models are right, and every way it can fail falls back.

The worker is always the real one (``python -P cpsat_worker.py``); failures are produced for
real with other commands (a process that exits non-zero, prints garbage or a wrong plan, an
interpreter without site-packages) and with deadlines too short to finish.
"""

from __future__ import annotations

import csv
import json
import random
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from koersvast.optimizer import SolveOptions, cpsat, parse_problem, solution_to_json, solve
from koersvast.optimizer.checker import check_solution
from koersvast.optimizer.compiled import Compiled, compile_problem
from koersvast.optimizer.scheduling import schedule_must_run
from tests.optimizer.test_optimizer_scheduling import brute_force_feasible

# Starts the CP-SAT worker process and solves hard PSPLIB instances.
pytestmark = pytest.mark.slow

# Scarce resources (RS = 0.2): schedule generation ends late at the optimal makespan.
HARD_J30 = "j3045_1.sm"


def _j30(bench_data: Path, converters: ModuleType, name: str) -> dict[str, Any]:
    folder = bench_data / "rcpsp/j30"
    with (folder / "optimum.csv").open() as handle:
        optimum = {row["problem"]: int(row["optimum"]) for row in csv.DictReader(handle)}
    doc: dict[str, Any] = converters.rcpsp_problem(folder / name, optimum[name])
    return doc


def _must_run(c: Compiled, command: list[str] | None = None, **limits: Any) -> Any:
    """Reproducible scheduling with one schedule and one search node: CP-SAT does the work."""
    stats: dict[str, Any] = {}
    starts = schedule_must_run(
        c,
        seed=0,
        deadline=time.perf_counter() + limits.pop("seconds", 60.0),
        max_schedules=1,
        max_nodes=1,
        max_work=limits.pop("work", 50.0),
        stats=stats,
    )
    return starts, stats.get("cpsat", {})


@pytest.fixture
def hard(bench_data: Path, converters: ModuleType) -> Compiled:
    return compile_problem(parse_problem(_j30(bench_data, converters, HARD_J30)))


# ---------------------------------------------------------------------- the real worker
def test_cpsat_schedules_what_schedule_generation_misses(
    bench_data: Path, converters: ModuleType
) -> None:
    doc = _j30(bench_data, converters, HARD_J30)
    problem = parse_problem(doc)
    solution = solve(problem, SolveOptions(time_limit=30))
    assert solution.status in ("optimal", "feasible")
    assert check_solution(doc, solution_to_json(solution, problem)) == []
    assert len(solution.selected) == len(doc["initiatives"])
    assert solution.solver["stats"]["cpsat"]["status"] == "feasible"
    assert solution.solver["stats"]["cpsat"]["solver"].startswith("OR-Tools CP-SAT 9.")


def test_reproducible_runs_give_the_same_schedule(hard: Compiled) -> None:
    first, report = _must_run(hard, work=30.0)
    second, _ = _must_run(hard, work=30.0)
    assert report["status"] == "feasible"
    assert first is not None
    assert hard.is_feasible(first)
    assert first == second


# ---------------------------------------------------------------------- failures
@pytest.mark.parametrize(
    ("command", "status"),
    [
        ([sys.executable, "-c", "import sys; sys.stdin.read(); sys.exit(3)"], "exit 3"),
        # No site-packages, hence no ortools: what a machine without it sees.
        ([sys.executable, "-S", "-P", str(cpsat.WORKER)], "exit 1: ModuleNotFoundError"),
        ([sys.executable, "-c", "import sys; sys.stdin.read(); print('{no json')"], "failed"),
    ],
)
def test_a_failing_worker_means_no_answer_not_an_exception(
    hard: Compiled, monkeypatch: pytest.MonkeyPatch, command: list[str], status: str
) -> None:
    monkeypatch.setattr(cpsat, "COMMAND", command)
    starts, report = _must_run(hard)
    assert starts is None
    assert report["status"].startswith(status)


def test_a_wrong_plan_from_the_worker_is_rejected(
    hard: Compiled, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every job at period 0: well-formed output, far over capacity and precedence.
    line = json.dumps({"event": "solution", "starts": [0] * hard.size, "objective": None})
    script = f'import sys; sys.stdin.read(); print({line!r}); print(\'{{"event": "done"}}\')'
    monkeypatch.setattr(cpsat, "COMMAND", [sys.executable, "-c", script])
    starts, report = _must_run(hard)
    assert starts is None
    assert report["status"].startswith("rejected")


def test_the_worker_is_killed_at_the_deadline(
    hard: Compiled, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A worker that reads its request and never answers: CP-SAT itself solves this instance
    # in a fifth of a second on an idle machine, faster than any deadline worth testing.
    script = "import sys, time; sys.stdin.read(); time.sleep(60)"
    monkeypatch.setattr(cpsat, "COMMAND", [sys.executable, "-c", script])
    begin = time.perf_counter()
    worker = cpsat.start(hard, cpsat.must_run_items(hard), deadline=begin + 0.3)
    assert worker is not None
    with worker:
        worker.send(cpsat.schedule_request(hard, worker.items, time_limit=60.0, seed=0))
        worker.wait(begin + 60.0)  # returns at the worker's own deadline
        assert time.perf_counter() - begin < 3.0
        assert worker.process.wait(timeout=2.0) < 0  # killed by its timer, not by stop()
    assert worker.report()["status"] == "timeout"
    assert worker.best() is None


def test_our_own_search_answers_while_the_worker_starts(
    bench_data: Path, converters: ModuleType
) -> None:
    # Schedule generation misses this one and the propagation search finds it in a few dozen
    # nodes, before CP-SAT has even started; the worker is then stopped.
    doc = _j30(bench_data, converters, "j3021_5.sm")
    problem = parse_problem(doc)
    begin = time.perf_counter()
    solution = solve(problem, SolveOptions(time_limit=1.5))
    assert time.perf_counter() - begin < 4.0
    assert solution.status in ("optimal", "feasible")
    assert check_solution(doc, solution_to_json(solution, problem)) == []


def test_the_worker_can_be_switched_off(hard: Compiled, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOERSVAST_CPSAT", "off")
    assert not cpsat.available()
    assert cpsat.start(hard, cpsat.must_run_items(hard), deadline=time.perf_counter() + 5) is None
    starts, report = _must_run(hard, seconds=2.0)
    assert report == {}
    assert starts is None or hard.is_feasible(starts)


# ---------------------------------------------------------------------- the worker's models
# Many small problems through the worker's own ``main`` in one subprocess (one import of
# CP-SAT instead of one per problem), compared with brute force.
DRIVER = """
import contextlib, importlib.util, io, json, sys
spec = importlib.util.spec_from_file_location("cpsat_worker", sys.argv[1])
worker = importlib.util.module_from_spec(spec)
sys.modules["cpsat_worker"] = worker
spec.loader.exec_module(worker)
answers = []
for request in json.load(sys.stdin):
    sys.stdin = io.StringIO(json.dumps(request))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = worker.main()
    answers.append([code, [json.loads(line) for line in out.getvalue().splitlines()]])
print(json.dumps(answers))
"""


def _through_worker(requests: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    result = subprocess.run(  # noqa: S603  (our interpreter and worker file)
        [sys.executable, "-P", "-c", DRIVER, str(cpsat.WORKER)],
        input=json.dumps(requests),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    answers = json.loads(result.stdout)
    assert all(code == 0 for code, _ in answers)
    return [lines for _, lines in answers]


def _random_schedule_problem(rng: random.Random) -> dict[str, Any]:
    """Must-run work with varying capacity, ramped and fractional demand, fixed starts."""
    horizon = rng.randint(2, 5)
    pools = ["A", "B"][: rng.randint(1, 2)]
    items: list[dict[str, Any]] = []
    for i in range(rng.randint(1, 4)):
        duration = rng.randint(1, min(3, horizon))
        item: dict[str, Any] = {
            "id": f"J{i}",
            "value": 1.0,
            "duration": duration,
            "demand": {p: [rng.choice([0, 1, 1.5, 2, 3]) for _ in range(duration)] for p in pools},
            "mandatory": True,
        }
        if i and rng.random() < 0.4:
            item["after"] = [f"J{rng.randrange(i)}"]
        if rng.random() < 0.15:
            item["fixed_start"] = rng.randrange(horizon - duration + 1)
        elif rng.random() < 0.2:
            item["latest_start"] = rng.randrange(horizon)
        items.append(item)
    return {
        "format": "koersvast.portfolio-problem/1",
        "periods": [f"T{t}" for t in range(horizon)],
        "pools": [
            {"id": p, "capacity": [rng.choice([2, 3, 4.5]) for _ in range(horizon)]} for p in pools
        ],
        "initiatives": items,
    }


def _plan(c: Compiled, items: list[int], starts: list[int]) -> list[dict[str, Any]]:
    ids = c.problem.initiatives
    return [{"id": ids[i].id, "start": s} for i, s in zip(items, starts, strict=True) if s >= 0]


@pytest.mark.parametrize("direction", ["forward", "backward"])
def test_schedule_model_matches_brute_force(direction: str) -> None:
    rng = random.Random(4)
    docs = [_random_schedule_problem(rng) for _ in range(40)]
    compiled = [compile_problem(parse_problem(doc)) for doc in docs]
    requests = [
        {
            **cpsat.schedule_request(c, cpsat.must_run_items(c), time_limit=20.0, seed=0),
            "directions": [direction],
        }
        for c in compiled
    ]
    for doc, c, lines in zip(docs, compiled, _through_worker(requests), strict=True):
        expected = brute_force_feasible(doc)
        solutions = [line for line in lines if line["event"] == "solution"]
        assert lines[-1]["status"] in ("feasible", "infeasible")
        assert bool(solutions) == expected, doc
        if solutions:
            plan = _plan(c, cpsat.must_run_items(c), solutions[-1]["starts"])
            assert check_solution(doc, {"selected": plan, "mode": "check"}) == []


def test_schedule_model_uses_the_hint_when_it_is_late() -> None:
    # Three jobs that fit only one after another; the hint is two periods late.
    doc = {
        "format": "koersvast.portfolio-problem/1",
        "periods": [f"T{t}" for t in range(3)],
        "pools": [{"id": "R", "capacity": [1, 1, 1]}],
        "initiatives": [
            {"id": f"J{i}", "value": 1, "duration": 1, "demand": {"R": 1}, "mandatory": True}
            for i in range(3)
        ],
    }
    c = compile_problem(parse_problem(doc))
    hint = {0: 0, 1: 1, 2: 4}
    request = cpsat.schedule_request(c, [0, 1, 2], time_limit=20.0, seed=0, hint=hint)
    (lines,) = _through_worker([{**request, "directions": ["forward"]}])
    plan = _plan(c, [0, 1, 2], lines[0]["starts"])
    assert check_solution(doc, {"selected": plan, "mode": "check"}) == []


def test_integer_scaling_never_lets_a_plan_overfill_a_pool() -> None:
    # 0.1 + 0.2 > 0.3 in floating point; scaled by ten it is 1 + 2 <= 3.
    doc = {
        "format": "koersvast.portfolio-problem/1",
        "periods": ["T0"],
        "pools": [{"id": "R", "capacity": [0.3]}],
        "initiatives": [
            {"id": "A", "value": 1, "duration": 1, "demand": {"R": 0.1}, "mandatory": True},
            {"id": "B", "value": 1, "duration": 1, "demand": {"R": 0.2}, "mandatory": True},
        ],
    }
    c = compile_problem(parse_problem(doc))
    request = cpsat.schedule_request(c, [0, 1], time_limit=10.0, seed=0)
    assert request["capacity"] == [[3]]
    assert request["items"][0]["use"] == [[0, [1]]]
    assert request["exact"]
