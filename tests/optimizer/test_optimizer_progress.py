"""Honest progress: the solver names each phase it enters, in pipeline order, with a fraction
of the run that never goes back and improvement rounds counted."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from koersvast.optimizer import parse_problem, solve
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
    # Inside its band: a phase never claims more than its share of the time limit.
    for update in seen:
        low, high = PHASES.get(update.phase, (0.0, 1.0))
        assert update.fraction is not None and update.fraction >= low
        assert update.fraction <= max(high, *fractions[: seen.index(update) + 1])


def test_rounds_carry_over_to_reports_within_the_phase() -> None:
    seen: list[Progress] = []
    reporter = PhaseReporter(seen.append, time_limit=10.0)
    reporter(Progress("lns", 1.0, 5.0, None, step=3, steps=30))
    reporter(Progress("lns", 1.1, 6.0, 7.0))  # HiGHS inside round 3: no round of its own
    reporter.parallel = "cpsat"
    reporter(Progress("polish", 9.8, 6.0, 7.0))
    assert [(u.step, u.steps) for u in seen] == [(3, 30), (3, 30), (None, None)]
    assert seen[-1].parallel == "cpsat"
