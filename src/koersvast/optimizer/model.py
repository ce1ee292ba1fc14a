"""Plain data classes of the optimiser: the problem, the options and the solution."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

PROBLEM_FORMAT = "koersvast.portfolio-problem/1"
SOLUTION_FORMAT = "koersvast.portfolio-solution/1"

Status = Literal["optimal", "feasible", "infeasible", "error"]
Mode = Literal["plan", "whatif", "cost-of-yes", "marginal"]


@dataclass(frozen=True)
class Pool:
    """Capaciteitspool: capacity in units (e.g. hours) for every period of the horizon.

    A pool with ``buckets`` (a budget pool, e.g. krediet per jaar) limits the *sum* over a group
    of consecutive periods instead: ``buckets[t]`` is the group of period ``t`` (0, 0, 0, 0, 1,
    ... for years of quarters) and ``capacity`` has one entry per group.
    """

    id: str
    name: str
    capacity: tuple[float, ...]
    buckets: tuple[int, ...] | None = None

    def period_capacity(self, horizon: int) -> tuple[float, ...]:
        """Capacity per period; for a bucketed pool its group's capacity in every period."""
        if self.buckets is None:
            return self.capacity
        return tuple(self.capacity[b] for b in self.buckets[:horizon])

    def bucket_spans(self) -> list[tuple[int, int]]:
        """(first, last) period of every bucket; one bucket per period for a plain pool."""
        if self.buckets is None:
            return [(t, t) for t in range(len(self.capacity))]
        spans: list[tuple[int, int]] = []
        for t, b in enumerate(self.buckets):
            if b == len(spans):
                spans.append((t, t))
            else:
                spans[b] = (spans[b][0], t)
        return spans


@dataclass(frozen=True)
class Initiative:
    """Initiatief asking for capacity. ``demand`` holds one number per period of its run; on a
    budget (bucketed) pool it may run on after the run (kapitaallasten), clipped to the horizon."""

    id: str
    name: str
    value: float
    duration: int
    demand: dict[str, tuple[float, ...]]
    earliest_start: int = 0
    latest_start: int | None = None
    mandatory: bool = False
    fixed_start: int | None = None
    after: tuple[str, ...] = ()
    exclusive_group: str | None = None
    decay: float = 0.0
    #: Waiting periods between the end of ``after[j]`` and this start (wachttijd), aligned with
    #: ``after``; empty means none. Start >= start(after[j]) + its duration + after_lag[j].
    after_lag: tuple[int, ...] = ()
    #: Start-together partners (samen starten): this initiative and every one listed here
    #: (and, transitively, theirs) form a together group: all of the group or none is
    #: selected, and all selected members start in the same period. One side suffices.
    together_with: tuple[str, ...] = ()

    def lag_after(self, j: int) -> int:
        """Waiting periods after the end of predecessor ``after[j]`` (0 without a lag)."""
        return self.after_lag[j] if j < len(self.after_lag) else 0

    @property
    def must_run(self) -> bool:
        """Mandatory and already-running (fixed-start) initiatives must be in every plan."""
        return self.mandatory or self.fixed_start is not None

    def value_at(self, start: int) -> float:
        """Value when started at ``start``: value x (1 - decay)^(start - earliest_start)."""
        delay = max(0, start - self.earliest_start)
        return self.value * (1.0 - self.decay) ** delay


@dataclass(frozen=True)
class Problem:
    """A portfolio problem in the ``koersvast.portfolio-problem/1`` format."""

    periods: tuple[str, ...]
    pools: tuple[Pool, ...]
    initiatives: tuple[Initiative, ...]

    @property
    def horizon(self) -> int:
        return len(self.periods)

    def initiative(self, initiative_id: str) -> Initiative:
        for item in self.initiatives:
            if item.id == initiative_id:
                return item
        raise KeyError(initiative_id)

    def with_initiatives(self, initiatives: tuple[Initiative, ...]) -> Problem:
        return Problem(self.periods, self.pools, initiatives)

    def with_pools(self, pools: tuple[Pool, ...]) -> Problem:
        return Problem(self.periods, pools, self.initiatives)


@dataclass(frozen=True)
class Placement:
    """An initiative in the plan, starting at period index ``start``."""

    id: str
    start: int


@dataclass(frozen=True)
class Progress:
    """What the solver reports while it works (for progress bars in the web app)."""

    phase: str
    elapsed: float
    objective: float | None
    bound: float | None
    # Share of the run done, 0..1, never lower than in an earlier report of the same solve
    # (``progress.PhaseReporter``); None from code that reports outside it.
    fraction: float | None = None
    # Improvement rounds: the round in progress and the round limit (None without one).
    step: int | None = None
    steps: int | None = None
    # Searches running next to this phase on other cores ("cpsat", or the LNS workers as
    # "lns", "lns+lns-2", ...), if any.
    parallel: str | None = None

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        return relative_gap(self.objective, self.bound)


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True)
class SolveOptions:
    """Limits and knobs. ``node_limit`` makes runs reproducible while it ends them first;
    ``time_limit`` binds every phase, with or without a node limit."""

    time_limit: float = 10.0
    gap: float = 1e-4
    node_limit: int | None = None
    seed: int = 0
    threads: int = 1
    # Processes a plan search may use (the parent and searches in subprocesses on the other
    # cores, ``parallel``): None = the machine's idle cores (load average), at most four;
    # 1 = one process only. Reproducible runs (a node limit) always use one.
    workers: int | None = None
    use_lns: bool = True
    progress: ProgressCallback | None = None
    should_stop: Callable[[], bool] | None = None
    stability_weight: float | None = None
    step_fraction: float = 0.1
    frontier_fractions: tuple[float, ...] = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5)
    yes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # A NaN time limit compares false with every clock reading: the run would never stop.
        if not (math.isfinite(self.time_limit) and self.time_limit > 0):
            raise ValueError(
                f"time_limit must be a positive number of seconds, not {self.time_limit}"
            )
        if not (math.isfinite(self.gap) and 0 <= self.gap < 1):
            raise ValueError(f"gap must be at least 0 and below 1, not {self.gap}")
        if self.node_limit is not None and self.node_limit < 1:
            raise ValueError(f"node_limit must be at least 1, not {self.node_limit}")
        if self.threads < 1:
            raise ValueError(f"threads must be at least 1, not {self.threads}")
        if self.workers is not None and self.workers < 1:
            raise ValueError(f"workers must be at least 1, not {self.workers}")


@dataclass
class Solution:
    """A solution in the ``koersvast.portfolio-solution/1`` format (see ``io.solution_to_json``)."""

    status: Status
    mode: Mode = "plan"
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    solve_seconds: float = 0.0
    selected: list[Placement] = field(default_factory=list)
    utilisation: dict[str, list[float]] = field(default_factory=dict)
    explanations: list[dict[str, Any]] = field(default_factory=list)
    baseline: dict[str, Any] | None = None
    solver: dict[str, Any] = field(default_factory=dict)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    message: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    # Codes of `WARNINGS` that apply to this run, in the order they arose.
    warnings: list[str] = field(default_factory=list)


#: The default time limit grows with the problem: 10 s up to 1,000 initiatives and 10 s more per
#: further 1,000. At 5,000 initiatives 10 s did not even finish the LP relaxation, so no search
#: round ran and the plan was barely better than the ranking (measured, docs/performance.md).
BASE_TIME_LIMIT = 10.0
SECONDS_PER_THOUSAND = 10.0


def recommended_time_limit(initiatives: int) -> float:
    """Seconds a plan of this many initiatives needs for the LP and a real search."""
    return max(BASE_TIME_LIMIT, SECONDS_PER_THOUSAND * math.ceil(initiatives / 1000))


#: Why a plan may be weaker than its gap suggests, with the text the CLI prints; the app shows
#: its own (Dutch) text per code.
WARNINGS = {
    "lp_unfinished": "the LP relaxation did not finish within the time limit: the bound is "
    "weak and the search had no LP guidance; raise the time limit",
    "no_search_round": "no improvement round ran after the first plans; raise the time limit",
    "time_limit_short": "the time limit is below the {recommended:g} s this size needs",
}


def relative_gap(objective: float, bound: float) -> float:
    """Relative gap (bound - objective) / |bound| as a fraction, 0 when both are 0."""
    denominator = max(abs(bound), abs(objective), 1e-9)
    return max(0.0, (bound - objective) / denominator)
