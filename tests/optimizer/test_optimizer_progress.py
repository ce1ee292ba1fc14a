"""Honest progress: the solver names each phase it enters, in pipeline order, with a fraction
of the run that never goes back and improvement rounds counted."""

from __future__ import annotations

import csv
import os
from pathlib import Path
from types import ModuleType
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from koersvast.optimizer import cpsat, parse_problem, solve
from koersvast.optimizer.model import Progress, SolveOptions
from koersvast.optimizer.progress import PHASES, PhaseReporter

ORDER = list(PHASES)


def _phases(updates: list[Progress]) -> list[str]:
    """The phases in the order they were entered (repeats of a phase collapsed)."""
    entered: list[str] = []
    for update in updates:
        if not entered or entered[-1] != update.phase:
            entered.append(update.phase)
    return entered


def _assert_honest(updates: list[Progress]) -> None:
    fractions = [update.fraction for update in updates]
    assert all(f is not None and 0.0 <= f <= 1.0 for f in fractions)
    assert fractions == sorted(fractions)  # type: ignore[type-var]
    assert updates[-1].phase == "done" and updates[-1].fraction == 1.0


def test_a_municipal_plan_reports_its_phases_in_order(generator: ModuleType) -> None:
    updates: list[Progress] = []
    problem = parse_problem(generator.generate(60, seed=1, pools=6))
    options = SolveOptions(time_limit=2.0, node_limit=50, seed=0, progress=updates.append)
    solution = solve(problem, options)
    assert solution.status in ("feasible", "optimal")
    entered = _phases(updates)
    assert entered[:3] == ["start", "lp", "milp"]
    assert entered[-1] == "done"
    # Each phase once, in the pipeline's order.
    assert entered == sorted(entered, key=ORDER.index)
    _assert_honest(updates)
    if "lns" in entered:
        rounds = [u for u in updates if u.phase == "lns" and u.step is not None]
        assert rounds, "improvement rounds are counted"
        assert all(u.steps == 30 for u in rounds)  # the round limit of reproducible runs
        steps = [u.step for u in rounds]
        assert steps == sorted(steps) and steps[0] == 1  # type: ignore[type-var]


def test_a_plan_solved_at_once_still_starts_and_ends(make_doc: Any) -> None:
    updates: list[Progress] = []
    items = [{"id": f"I{k}", "value": k + 1, "duration": 2, "demand": {"PL": 4}} for k in range(5)]
    solve(parse_problem(make_doc(items)), SolveOptions(time_limit=5.0, progress=updates.append))
    assert _phases(updates)[0] == "start"
    _assert_honest(updates)


def test_no_callback_no_reporter(make_doc: Any) -> None:
    items = [{"id": "A", "value": 1, "duration": 1, "demand": {"PL": 1}}]
    assert solve(parse_problem(make_doc(items)), SolveOptions(time_limit=1.0)).status == "optimal"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([*ORDER, "unknown"]), st.floats(0.0, 50.0)),
        min_size=1,
        max_size=30,
    ),
    st.floats(0.1, 30.0),
)
def test_the_fraction_never_goes_back(reports: list[tuple[str, float]], limit: float) -> None:
    seen: list[Progress] = []
    reporter = PhaseReporter(seen.append, time_limit=limit)
    for phase, elapsed in reports:
        reporter(Progress(phase, elapsed, None, None))
    fractions = [update.fraction or 0.0 for update in seen]
    assert fractions == sorted(fractions)
    assert all(0.0 <= f <= 1.0 for f in fractions)
    ceiling = 0.0  # the most the clock or a phase entered so far can claim
    for update in seen:
        assert update.fraction is not None
        assert update.fraction >= PHASES.get(update.phase, 0.0)  # a phase moves the bar on
        if update.phase == "done":
            assert update.fraction == 1.0
            break
        ceiling = max(ceiling, PHASES.get(update.phase, 0.0), min(0.99, update.elapsed / limit))
        assert update.fraction <= ceiling < 1.0  # never ahead of the clock, full only when done


def test_rounds_carry_over_to_reports_within_the_phase() -> None:
    seen: list[Progress] = []
    reporter = PhaseReporter(seen.append, time_limit=10.0)
    reporter(Progress("lns", 1.0, 5.0, None, step=3, steps=30))
    reporter(Progress("lns", 1.1, 6.0, 7.0))  # HiGHS inside round 3: no round of its own
    reporter.parallel = "cpsat"
    reporter(Progress("polish", 9.8, 6.0, 7.0))
    assert [(u.step, u.steps) for u in seen] == [(3, 30), (3, 30), (None, None)]
    assert seen[-1].parallel == "cpsat"


def test_must_run_work_reports_its_schedule_generation(
    bench_data: Path, converters: ModuleType
) -> None:
    # PSPLIB j30 at its optimal makespan: every activity must run, rank-and-fill misses some.
    folder = bench_data / "rcpsp/j30"
    with (folder / "optimum.csv").open() as handle:
        optimum = {row["problem"]: int(row["optimum"]) for row in csv.DictReader(handle)}
    doc = converters.rcpsp_problem(folder / "j301_1.sm", optimum["j301_1.sm"])
    updates: list[Progress] = []
    solve(parse_problem(doc), SolveOptions(time_limit=5.0, seed=0, progress=updates.append))
    entered = _phases(updates)
    assert entered[:2] == ["start", "schedule"]
    assert entered == sorted(entered, key=ORDER.index)
    _assert_honest(updates)


def test_a_knapsack_names_the_tabu_search_and_the_cpsat_race(
    bench_data: Path, converters: ModuleType
) -> None:
    instance = converters.read_mknapcb(bench_data / "mkp/orlib/mknapcb1.txt")[0]
    updates: list[Progress] = []
    solve(
        parse_problem(converters.knapsack_problem(instance)),
        SolveOptions(time_limit=2.0, seed=0, progress=updates.append),
    )
    entered = _phases(updates)
    assert "selection" in entered
    _assert_honest(updates)
    if cpsat.available() and (os.cpu_count() or 1) >= 2:
        assert any(u.parallel == "cpsat" for u in updates if u.phase != "start")
