"""Searches on other cores (``parallel``): adopted when better, ignored and cleaned up when
they crash, hang or lie, never started for one worker or reproducible runs."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

from koersvast.optimizer import SolveOptions, parallel, parse_problem, planner, solution_to_json
from koersvast.optimizer.checker import check_solution
from koersvast.optimizer.compiled import compile_problem
from koersvast.optimizer.heuristics import LnsState
from koersvast.optimizer.modes import solve


def _generated(generator: ModuleType, n: int = 120, seed: int = 1) -> dict[str, Any]:
    return generator.generate(n, seed=seed, pools=4, periods=8)


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[subprocess.Popen[bytes]]:
    """Every worker process the solves of a test start."""
    processes: list[subprocess.Popen[bytes]] = []
    original = parallel._start_lns

    def recording(*args: Any, **kwargs: Any) -> parallel.SearchWorker | None:
        worker = original(*args, **kwargs)
        if worker is not None:
            processes.append(worker.process)
        return worker

    monkeypatch.setattr(parallel, "_start_lns", recording)
    return processes


def _fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, body: str) -> None:
    """Replace the LNS worker by a script (``request`` is its first line, parsed)."""
    script = tmp_path / "fake_worker.py"
    script.write_text(
        "import json, sys, time\nrequest = json.loads(sys.stdin.readline())\n" + body + "\n"
    )
    monkeypatch.setattr(parallel, "LNS_COMMAND", [sys.executable, str(script)])


def test_problem_document_compiles_to_the_same_problem(generator: ModuleType) -> None:
    doc = _generated(generator)
    doc["initiatives"][3]["after"] = [doc["initiatives"][1]["id"]]
    doc["initiatives"][3]["after_lag"] = {doc["initiatives"][1]["id"]: 2}
    problem = parse_problem(doc)
    extra = np.ones((len(problem.pools), problem.horizon))
    c = compile_problem(problem, extra_capacity=extra)
    again = compile_problem(parse_problem(parallel.problem_document(c)))
    assert np.array_equal(again.cap, c.cap)
    assert (again.lo, again.hi, again.must, again.preds, again.lag) == (
        c.lo,
        c.hi,
        c.must,
        c.preds,
        c.lag,
    )
    assert [again.start_value(i, c.lo[i]) for i in range(c.size)] == [
        c.start_value(i, c.lo[i]) for i in range(c.size)
    ]


@pytest.mark.slow
def test_one_worker_and_reproducible_runs_start_no_process(
    generator: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("no worker may start")

    monkeypatch.setattr(parallel, "start", refuse)
    problem = parse_problem(_generated(generator))
    one = solve(problem, SolveOptions(time_limit=3.0, workers=1))
    assert one.solver["stats"]["cores"] == 1
    # Reproducible: the same plan with any number of workers (always one process); a small
    # problem, so that the node limit, not the clock, ends every phase.
    small = parse_problem(generator.generate(40, seed=3, pools=3, periods=6))
    a = solve(small, SolveOptions(time_limit=20.0, node_limit=20, workers=4))
    b = solve(small, SolveOptions(time_limit=20.0, node_limit=20, workers=1))
    assert a.selected == b.selected and a.objective == b.objective and a.bound == b.bound


@pytest.mark.slow
def test_a_real_worker_shares_plans_and_is_gone_afterwards(
    generator: ModuleType, started: list[subprocess.Popen[bytes]]
) -> None:
    doc = _generated(generator)
    problem = parse_problem(doc)
    begin = time.perf_counter()
    solution = solve(problem, SolveOptions(time_limit=3.0, workers=2))
    assert time.perf_counter() - begin < 3.0 + 1.0
    assert check_solution(doc, solution_to_json(solution, problem)) == []
    stats = solution.solver["stats"]
    assert stats["cores"] == 2
    assert stats["workers"][0]["method"] == "lns"
    assert stats["found_by"]
    assert started and all(p.poll() is not None for p in started)


@pytest.mark.slow
def test_a_better_plan_from_a_worker_is_adopted(
    generator: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    doc = _generated(generator)
    problem = parse_problem(doc)
    c = compile_problem(problem)
    good = solve(problem, SolveOptions(time_limit=3.0, workers=1))
    plan = c.starts_of(good.selected)
    vector = [plan.get(i, -1) for i in range(c.size)]
    # The parent searches no further than its first plans (no MILP, LNS only listens).
    monkeypatch.setattr(planner, "SMALL_MODEL", 0)

    def listening(model: Any, starts: dict[int, int], options: Any, **kw: Any) -> LnsState:
        state = LnsState(dict(starts), c.objective(starts))
        while time.perf_counter() < kw["deadline"] - 0.2:
            offered = kw["feed"](state.starts) if kw.get("feed") else None
            if offered is not None:
                state.starts, state.objective, state.found_by = dict(offered[0]), 0.0, offered[1]
                break
            time.sleep(0.05)
        return state

    monkeypatch.setattr(planner, "lns", listening)
    _fake(
        monkeypatch,
        tmp_path,
        f"print(json.dumps({{'event': 'solution', 'starts': {vector}}}), flush=True)\n"
        "print(json.dumps({'event': 'done', 'status': 'feasible'}), flush=True)",
    )
    first = solve(problem, SolveOptions(time_limit=2.5, workers=1))
    assert good.objective is not None and first.objective is not None
    if good.objective <= first.objective + 1e-9:
        pytest.skip("the parent's first plans are already as good")
    solution = solve(problem, SolveOptions(time_limit=2.5, workers=2))
    assert solution.objective is not None
    assert solution.objective >= good.objective - 1e-9
    assert solution.solver["stats"]["found_by"].startswith("lns")
    assert check_solution(doc, solution_to_json(solution, problem)) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "body",
    [
        "sys.exit(3)",  # crashes at once
        "time.sleep(60)",  # hangs without a word
        "print('not json', flush=True); time.sleep(60)",  # garbage, then hangs
        # A plan that breaks capacity (everything at its earliest start), then hangs.
        "print(json.dumps({'event': 'solution', 'starts': [0] * len(request['starts'])}),"
        " flush=True); time.sleep(60)",
        # A plan of the wrong length.
        "print(json.dumps({'event': 'solution', 'starts': [0]}), flush=True); time.sleep(60)",
    ],
    ids=["crash", "hang", "garbage", "infeasible", "wrong-length"],
)
def test_a_failing_worker_is_ignored_and_stopped_in_time(
    generator: ModuleType,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    started: list[subprocess.Popen[bytes]],
    body: str,
) -> None:
    doc = _generated(generator)
    problem = parse_problem(doc)
    _fake(monkeypatch, tmp_path, body)
    begin = time.perf_counter()
    solution = solve(problem, SolveOptions(time_limit=2.5, workers=2))
    assert time.perf_counter() - begin < 2.5 + 1.0
    assert solution.status in ("optimal", "feasible")
    assert check_solution(doc, solution_to_json(solution, problem)) == []
    stats = solution.solver["stats"]
    assert not stats["found_by"].startswith("lns-") and stats["found_by"] != "parent"
    assert stats["workers"][0]["solutions"] <= 1
    assert started and all(p.poll() is not None for p in started)


def test_a_plan_the_checker_rejects_is_not_adopted(generator: ModuleType) -> None:
    """``Compiled.is_feasible`` and the independent checker must both accept a plan."""
    problem = parse_problem(_generated(generator))
    c = compile_problem(problem)
    plan = c.starts_of(solve(problem, SolveOptions(time_limit=1.0, workers=1)).selected)
    portfolio = parallel.Portfolio(c, time.perf_counter() + 5.0)
    # A checker document with no capacity at all: every plan with work in it fails there.
    for pool in portfolio.document["pools"]:
        pool["capacity"] = [0.0] * len(pool["capacity"])
    assert c.is_feasible(plan) and portfolio.verify(plan) is False
    assert portfolio.rejected == 1


def test_workers_option_is_validated() -> None:
    with pytest.raises(ValueError, match="workers"):
        SolveOptions(workers=0)
    assert dataclasses.replace(SolveOptions(), workers=3).workers == 3
    assert 1 <= parallel.default_workers() <= parallel.MAX_WORKERS
    json.dumps(parallel.default_workers())


@pytest.mark.parametrize(
    ("cores", "load", "requested", "expected"),
    [
        (2, 0.2, 2, 2),  # idle: the second core is used
        (2, 1.0, 2, 2),  # the parent's own load: one core still idle
        (2, 1.7, 2, 1),  # both cores taken: one process, as before
        (2, 5.5, 4, 1),
        (8, 2.0, 4, 4),
        (8, 6.0, 4, 3),
        (4, 0.0, 1, 1),
    ],
)
def test_the_default_uses_only_idle_cores(
    monkeypatch: pytest.MonkeyPatch, cores: int, load: float, requested: int, expected: int
) -> None:
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: cores)
    monkeypatch.setattr(parallel.os, "getloadavg", lambda: (load, load, load))
    assert parallel.idle_workers(requested) == expected


def test_the_race_gets_the_idle_cores_as_cpsat_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 8)
    monkeypatch.setattr(parallel.os, "getloadavg", lambda: (0.5, 0.5, 0.5))
    assert planner._race_threads(SolveOptions()) == parallel.MAX_WORKERS - 1
    assert planner._race_threads(SolveOptions(workers=2)) == 1
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    assert planner._race_threads(SolveOptions()) == 1  # as measured in round 5


@pytest.mark.slow
def test_the_real_worker_takes_a_better_plan_from_the_parent(generator: ModuleType) -> None:
    problem = parse_problem(_generated(generator))
    c = compile_problem(problem)
    good = c.starts_of(solve(problem, SolveOptions(time_limit=2.0, workers=1)).selected)
    # The same plan without five initiatives nothing depends on: feasible, and worse.
    needed = {a for b in good for a in c.preds[b]}
    dropped = [i for i in good if not c.must[i] and i not in needed][:5]
    poor = {i: s for i, s in good.items() if i not in dropped}
    assert c.is_feasible(poor) and c.objective(good) > c.objective(poor)
    deadline = time.perf_counter() + 6.0
    portfolio = parallel.start(c, workers=2, deadline=deadline)
    assert portfolio is not None
    try:
        portfolio.send(poor, seed=0, small_subproblems=False)
        portfolio.offer(good)
        ((_, worker),) = portfolio.workers
        assert worker.wait(deadline)
        assert isinstance(worker, parallel.SearchWorker)
        assert worker.finished and worker.adopted >= 1, worker.report()
        found = portfolio.best()
        assert found is None or c.objective(found[0]) >= c.objective(good) - 1e-9
    finally:
        portfolio.stop()
    assert worker.process.poll() is not None
