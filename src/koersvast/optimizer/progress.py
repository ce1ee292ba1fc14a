"""Honest progress: which phase the plan search is in, and a fraction that never goes back.

The solve ends by its time limit, so the elapsed share of the time limit is an honest fraction
of the run. Each phase also has a share of the time limit that the bar reaches at least when the
phase starts (``PHASES``): a phase that begins early because the one before ended early (an LP
solved at once, an exact search that proved its plan optimal) moves the bar on. The fraction is
never lower than the one reported before, and only ``done`` reports 1.
"""

from __future__ import annotations

import dataclasses

from koersvast.optimizer.model import Progress, ProgressCallback

#: Phase code -> the fraction of the run reached at least when the phase starts, in pipeline
#: order (``planner.solve_plan``).
PHASES: dict[str, float] = {
    "start": 0.0,  # rank-and-fill baselines (greedy)
    "schedule": 0.02,  # schedule generation for must-run work (CP-SAT where available)
    "lp": 0.02,  # LP relaxation: bound and rounding
    "selection": 0.1,  # tabu search on one-start (knapsack-like) models
    "milp": 0.15,  # exact search (MILP) from the best plan so far
    "lns": 0.15,  # improvement rounds (large-neighbourhood search)
    "polish": 0.97,  # last local improvements, at the end of the run
    "done": 1.0,
}
#: The highest fraction before ``done``: the bar is full only when the plan is there.
UNFINISHED = 0.99


class PhaseReporter:
    """A progress callback for one solve that adds the fraction and the round counter.

    A report with a new phase code marks the start of that phase; reports within it (also
    those of HiGHS, which carry no round) get the round counter last reported in the phase.
    """

    def __init__(self, target: ProgressCallback, *, time_limit: float) -> None:
        self.target = target
        self.time_limit = max(time_limit, 1e-9)
        self.fraction = 0.0
        self.phase: str | None = None
        self.step: int | None = None
        self.steps: int | None = None
        self.parallel: str | None = None

    def __call__(self, update: Progress) -> None:
        if update.phase != self.phase:
            self.phase, self.step, self.steps = update.phase, None, None
        if update.step is not None:
            self.step, self.steps = update.step, update.steps
        floor = PHASES.get(update.phase, 0.0)
        share = min(UNFINISHED, max(floor, update.elapsed / self.time_limit))
        self.fraction = max(self.fraction, 1.0 if update.phase == "done" else share)
        self.target(
            dataclasses.replace(
                update,
                fraction=self.fraction,
                step=self.step,
                steps=self.steps,
                parallel=update.parallel or self.parallel,
            )
        )
