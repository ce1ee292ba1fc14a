"""Honest progress: which phase the plan search is in, and a fraction that never goes back.

Each phase owns a band of the time limit (``PHASES``). The fraction reported is the elapsed
share of the time limit, held inside the band of the current phase (a phase that ends early
moves the bar on to the next band; one that overruns its band holds the bar at its end) and
never lower than the fraction reported before, so that a progress bar never jumps backwards.
"""

from __future__ import annotations

import dataclasses

from koersvast.optimizer.model import Progress, ProgressCallback

#: Phase code -> (lowest, highest) fraction of the run while in that phase, in pipeline order.
PHASES: dict[str, tuple[float, float]] = {
    "start": (0.0, 0.02),  # rank-and-fill baselines (greedy)
    "schedule": (0.02, 0.6),  # schedule generation for must-run work (CP-SAT where available)
    "lp": (0.02, 0.15),  # LP relaxation: bound and rounding
    "selection": (0.15, 0.35),  # tabu search on one-start (knapsack-like) models
    "milp": (0.15, 0.6),  # exact search (MILP) from the best plan so far
    "lns": (0.15, 0.97),  # improvement rounds (large-neighbourhood search)
    "polish": (0.97, 0.99),  # last local improvements
    "done": (1.0, 1.0),
}


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
        low, high = PHASES.get(update.phase, (self.fraction, 0.99))
        share = min(high, max(low, update.elapsed / self.time_limit))
        self.fraction = max(self.fraction, share)
        self.target(
            dataclasses.replace(
                update,
                fraction=self.fraction,
                step=self.step,
                steps=self.steps,
                parallel=update.parallel or self.parallel,
            )
        )
