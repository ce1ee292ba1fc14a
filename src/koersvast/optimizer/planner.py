"""Plan mode: select and phase initiatives, best value first, with a proven bound.

Pipeline: rank-and-fill baselines -> LP relaxation (bound and rounding) -> exact MILP with the
best plan as warm start (small models) -> large-neighbourhood search with sub-MIPs until the
time limit -> polish. The bound is the best of the LP and MILP bounds, so the gap is honest.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from koersvast.optimizer import cpsat, parallel
from koersvast.optimizer.compiled import Compiled
from koersvast.optimizer.diagnose import diagnose, structural_conflicts
from koersvast.optimizer.greedy import by_density, by_value, fit_mandatory, greedy
from koersvast.optimizer.heuristics import LpResult, lns, lp_relaxation, lp_rounding, polish
from koersvast.optimizer.milp import build, run
from koersvast.optimizer.model import Progress, SolveOptions, relative_gap
from koersvast.optimizer.progress import PhaseReporter
from koersvast.optimizer.scheduling import schedule_must_run
from koersvast.optimizer.selection import is_selection_model, movable
from koersvast.optimizer.selection import search as selection_search

# Models up to this many start variables go to the exact MILP first; larger ones start with LNS.
SMALL_MODEL = 4000
DETERMINISTIC_LNS_ITERATIONS = 30
# Share of the time limit for schedule generation when rank-and-fill misses must-run work;
# when every initiative must run there is nothing else to decide, so it gets nearly all.
MUST_SHARE = 0.6
ALL_MUST_SHARE = 0.85
# With CP-SAT the MILP after a failed schedule has never placed anything (PSPLIB j30), and
# CP-SAT proves infeasibility itself, leaving the time for the diagnosis.
ALL_MUST_SHARE_CPSAT = 0.95
DETERMINISTIC_SCHEDULES = 3000
# Small models: share of the time for LNS before the exact MILP (0 = MILP first, then LNS).
LNS_FIRST_SHARE = 0.0
# Small models: share of the time after the heuristics for the exact MILP when LNS follows.
# With budget pools (yearly buckets) HiGHS rarely gets past the root node of the demo
# municipality within a second, while LNS rounds from its plan find the better plans: there
# the MILP gets less (measured on the demo at 1 s, docs/performance.md).
MILP_SHARE = 0.6
MILP_SHARE_BUDGET = 0.3
# Selection models (one possible start per initiative, e.g. the one-period knapsack): CP-SAT
# races HiGHS in its subprocess on the other core when there is this much time left; it
# stops this long before the deadline, so that its last plan is read and checked in time.
RACE_MIN_SECONDS = 1.0
RACE_MARGIN = 0.15
# Smaller selection models are solved by HiGHS at once; a worker would only cost its start.
RACE_MIN_ITEMS = 40
# Selection models: share of the time after the LP for our tabu search (``selection``)
# before the exact MILP, and share of the time after the MILP for a second search from the
# best plan so far (HiGHS's or CP-SAT's; LNS gets the rest); events per search in
# reproducible runs.
SELECTION_SHARE = 0.25
SELECTION_AFTER_SHARE = 0.75
SELECTION_MIN_ITEMS = 40
DETERMINISTIC_SELECTION_EVENTS = 1000


@dataclass
class PlanResult:
    status: str
    starts: dict[int, int] | None
    objective: float | None
    bound: float | None
    spreadsheet: dict[int, int]
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    message: str = ""
    stats: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        return relative_gap(self.objective, self.bound)


def solve_plan(
    c: Compiled,
    options: SolveOptions,
    *,
    extra_candidates: tuple[dict[int, int], ...] = (),
    origin: float | None = None,
    polish_result: bool = True,
) -> PlanResult:
    origin = time.perf_counter() if origin is None else origin
    deadline = origin + options.time_limit
    if options.progress is not None and not isinstance(options.progress, PhaseReporter):
        reporter = PhaseReporter(options.progress, time_limit=options.time_limit)
        options = dataclasses.replace(options, progress=reporter)
    _report(options, "start", origin, c, None, None)
    stats: dict[str, Any] = {}
    spreadsheet = greedy(c, by_value)
    conflicts = structural_conflicts(c)
    if conflicts:
        return _infeasible(spreadsheet, conflicts)
    candidates = [spreadsheet, greedy(c, by_density), *extra_candidates]
    deterministic = options.node_limit is not None
    ceiling = value_ceiling(c)
    scheduled = False
    if _best(c, candidates) is None and any(c.must):
        # Feasibility first: place the must-run work with schedule generation before any LP.
        share = MUST_SHARE
        if all(c.must):
            share = ALL_MUST_SHARE_CPSAT if cpsat.available() else ALL_MUST_SHARE
        budget = time.perf_counter() + share * max(0.0, deadline - time.perf_counter())
        _report(options, "schedule", origin, c, None, None)
        must = schedule_must_run(
            c,
            seed=options.seed,
            deadline=budget,
            max_schedules=DETERMINISTIC_SCHEDULES if deterministic else None,
            stats=stats,
        )
        stats["schedule_generation"] = must is not None
        scheduled = True
        if must is not None:
            filled = greedy(c, fixed=must)
            candidates.append(polish(c, filled) if polish_result else filled)
    incumbent = _best(c, candidates)
    if incumbent is not None and c.objective(incumbent) >= ceiling - 1e-9 * max(1.0, ceiling):
        # Nothing can be worth more (e.g. all work mandatory and no decay): proven optimal.
        objective = c.objective(incumbent)
        _report(options, "done", origin, c, incumbent, objective)
        return PlanResult("optimal", incumbent, objective, objective, spreadsheet, stats=stats)
    race = _start_race(c, options, deadline)
    if race is not None and isinstance(options.progress, PhaseReporter):
        options.progress.parallel = "cpsat"
    portfolio: parallel.Portfolio | None = None
    try:
        portfolio = _start_portfolio(c, options, deadline)
        if portfolio is not None and isinstance(options.progress, PhaseReporter):
            options.progress.parallel = "+".join(label for label, _ in portfolio.workers)
        return _optimise(
            c,
            options,
            origin=origin,
            deadline=deadline,
            stats=stats,
            spreadsheet=spreadsheet,
            candidates=candidates,
            incumbent=incumbent,
            ceiling=ceiling,
            scheduled=scheduled,
            polish_result=polish_result,
            race=race,
            portfolio=portfolio,
        )
    finally:
        if race is not None:
            race.stop()
            stats["cpsat"] = race.report()
        if portfolio is not None:
            portfolio.stop()
            stats["workers"] = portfolio.report()
            stats["cores"] = portfolio.cores
            if portfolio.rejected:
                stats["workers_rejected"] = portfolio.rejected


def _optimise(
    c: Compiled,
    options: SolveOptions,
    *,
    origin: float,
    deadline: float,
    stats: dict[str, Any],
    spreadsheet: dict[int, int],
    candidates: list[dict[int, int]],
    incumbent: dict[int, int] | None,
    ceiling: float,
    scheduled: bool,
    polish_result: bool,
    race: cpsat.Worker | None,
    portfolio: parallel.Portfolio | None = None,
) -> PlanResult:
    """LP, exact MILP and LNS (with CP-SAT racing them when ``race`` is a worker, and
    searches on the other cores sharing plans with them when ``portfolio`` is given)."""
    deterministic = options.node_limit is not None
    model = build(c)
    # When all work must run and schedule generation found no schedule, the LP cannot help
    # (the value is fixed); its time goes to the exact MILP instead.
    lp = None
    if not (scheduled and incumbent is None and all(c.must)):
        _report(options, "lp", origin, c, incumbent, None)
        lp = lp_relaxation(model, max(0.1, deadline - time.perf_counter()))
    bound: float | None = None
    warnings: list[str] = []
    if lp is None and not (scheduled and incumbent is None and all(c.must)):
        warnings.append("lp_unfinished")
    if lp is not None:
        bound = lp.bound
        stats["lp_bound"] = lp.bound
        rounded = lp_rounding(model, lp)
        candidates.append(polish(c, rounded) if polish_result else rounded)
    incumbent = _best(c, candidates)
    found_by = _origin(
        c, incumbent, candidates, bool(stats.get("schedule_generation")), lp is not None
    )
    if incumbent is None and not scheduled:
        budget = time.perf_counter() + 0.3 * max(0.0, deadline - time.perf_counter())
        fitted = fit_mandatory(c, seed=options.seed, deadline=budget)
        if fitted is not None:
            incumbent = _best(c, [fitted])
            found_by = "fit_mandatory"
        stats["fit_mandatory"] = fitted is not None
    if portfolio is not None and incumbent is not None:
        # The workers start from the best plan so far and search while the MILP or LNS runs.
        portfolio.send(incumbent, seed=options.seed, small_subproblems=model.num_x > SMALL_MODEL)
    if race is not None:
        request = cpsat.select_request(
            c,
            race.items,
            time_limit=max(0.0, deadline - time.perf_counter() - RACE_MARGIN),
            # No hint (measured: worse): from scratch it finds other plans than ours.
            seed=options.seed,
        )
        # Every core but the parent's for CP-SAT's own portfolio (one thread on 2 cores, as
        # measured in round 5; more only where more cores are idle).
        request["threads"] = _race_threads(options)
        race.send(request)
    tabu = (
        incumbent is not None and is_selection_model(c) and len(movable(c)) >= SELECTION_MIN_ITEMS
    )
    if tabu and incumbent is not None:
        _report(options, "selection", origin, c, incumbent, bound)
        searched = _selection(c, incumbent, options, deadline, lp, stats, SELECTION_SHARE)
        if c.objective(searched) > c.objective(incumbent) + 1e-9:
            found_by = "selection"
        incumbent = searched
    status = "feasible"
    small = model.num_x <= SMALL_MODEL
    lns_done = False
    if small and incumbent is not None and options.use_lns and LNS_FIRST_SHARE > 0:
        # Improve the incumbent first, so that the exact MILP starts from a good plan and
        # can prune with it.
        state = lns(
            model,
            incumbent,
            options,
            deadline=time.perf_counter()
            + LNS_FIRST_SHARE * max(0.0, deadline - time.perf_counter()),
            origin=origin,
            lp=lp,
            max_iterations=DETERMINISTIC_LNS_ITERATIONS if deterministic else None,
        )
        incumbent = state.starts
        stats["lns_iterations"] = state.iterations
        stats["lns_improvements"] = state.improvements
        stats["lns_stopped_by_clock"] = state.stopped_by_clock
        found_by = found_by if state.found_by == "start" else state.found_by
        lns_done = True
    if small or incumbent is None:
        share = 1.0
        if options.use_lns and incumbent is not None and not lns_done:
            share = MILP_SHARE_BUDGET if c.has_buckets else MILP_SHARE
        limit = max(0.1, (deadline - time.perf_counter()) * share)
        warm = model.vector(incumbent) if incumbent is not None else None
        _report(options, "milp", origin, c, incumbent, bound)
        result = run(model, options, time_limit=limit, warm=warm, started=origin)
        stats["milp_nodes"] = result.nodes
        if result.status == "infeasible":
            remaining = max(1.0, deadline - time.perf_counter())
            return _infeasible(spreadsheet, diagnose(c, options, remaining))
        if result.bound is not None and (
            result.starts is None
            or result.bound >= c.objective(result.starts) - 1e-6 * max(1.0, abs(result.bound))
        ):
            bound = result.bound if bound is None else min(bound, result.bound)
        if (
            result.starts is not None
            and c.is_feasible(result.starts)
            and (incumbent is None or c.objective(result.starts) >= c.objective(incumbent))
        ):
            if incumbent is None or c.objective(result.starts) > c.objective(incumbent) + 1e-9:
                found_by = "milp"
            incumbent = result.starts
        if result.status == "optimal":
            status = "optimal"
    if incumbent is None:
        return PlanResult(
            "error",
            None,
            None,
            bound,
            spreadsheet,
            message="no feasible plan found within the time limit; raise --time-limit",
            stats=stats,
            warnings=warnings,
        )
    if status != "optimal" and tabu:
        _report(options, "selection", origin, c, incumbent, bound)
        raced = _with_race(c, incumbent, race)
        if raced is not incumbent:
            found_by = "cpsat"
        incumbent = _selection(
            c, raced, options, deadline, lp, stats, SELECTION_AFTER_SHARE, seed=options.seed + 1
        )
        if c.objective(incumbent) > c.objective(raced) + 1e-9:
            found_by = "selection"
    if status != "optimal" and options.use_lns and not lns_done:
        _report(options, "lns", origin, c, incumbent, bound)
        state = lns(
            model,
            _with_race(c, incumbent, race),
            options,
            deadline=deadline,
            origin=origin,
            lp=lp,
            max_iterations=DETERMINISTIC_LNS_ITERATIONS if deterministic else None,
            small_subproblems=not small,
            feed=_feed(race, portfolio),
            improved=None if portfolio is None else lambda plan, _: portfolio.offer(plan),
        )
        incumbent = state.starts
        stats["lns_iterations"] = state.iterations
        stats["lns_improvements"] = state.improvements
        stats["lns_stopped_by_clock"] = state.stopped_by_clock
        if state.adopted:
            stats["lns_adopted"] = state.adopted
        found_by = found_by if state.found_by == "start" else state.found_by
    if status != "optimal":
        raced = _with_race(c, incumbent, race)
        if raced is not incumbent:
            incumbent, found_by = raced, "cpsat"
        if portfolio is not None:
            offered = portfolio.best()
            if offered is not None and c.objective(offered[0]) > c.objective(incumbent) + 1e-9:
                incumbent, found_by = offered
    if polish_result:
        _report(options, "polish", origin, c, incumbent, bound)
        polished = _best(c, [polish(c, incumbent), incumbent]) or incumbent
        if c.objective(polished) > c.objective(incumbent) + 1e-9:
            found_by = f"{found_by}+polish"
        incumbent = polished
    objective = c.objective(incumbent)
    stats["found_by"] = found_by
    stats.setdefault("cores", 2 if race is not None else 1)
    bound = max(objective, ceiling if bound is None else min(bound, ceiling))
    if status != "optimal" and relative_gap(objective, bound) <= options.gap:
        status = "optimal"
    if status != "optimal" and not small and not stats.get("lns_iterations"):
        warnings.append("no_search_round")
    _report(options, "done", origin, c, incumbent, bound)
    return PlanResult(
        status, incumbent, objective, bound, spreadsheet, stats=stats, warnings=warnings
    )


def _start_race(c: Compiled, options: SolveOptions, deadline: float) -> cpsat.Worker | None:
    """Start CP-SAT next to HiGHS where that was measured to help, else None.

    Only selection models (every initiative has at most one start, e.g. one period) with
    time to spare: there HiGHS and CP-SAT fail on different instances (docs/performance.md,
    optimiser round 5). Never for reproducible runs (a node limit), budget pools (not in the
    worker's model) or one worker (``SolveOptions.workers``; the race would halve HiGHS's
    time).
    """
    if (
        options.node_limit is not None
        or _workers(options) < 2
        or not is_selection_model(c)
        or deadline - time.perf_counter() < RACE_MIN_SECONDS
        or not cpsat.available()
    ):
        return None
    items = cpsat.selectable_items(c)
    return cpsat.start(c, items, deadline=deadline) if len(items) >= RACE_MIN_ITEMS else None


def _selection(
    c: Compiled,
    incumbent: dict[int, int],
    options: SolveOptions,
    deadline: float,
    lp: LpResult | None,
    stats: dict[str, Any],
    share: float,
    *,
    seed: int | None = None,
) -> dict[int, int]:
    """Our tabu search on a selection model for ``share`` of the remaining time."""
    deterministic = options.node_limit is not None
    result = selection_search(
        c,
        incumbent,
        deadline=time.perf_counter() + share * max(0.0, deadline - time.perf_counter()),
        seed=options.seed if seed is None else seed,
        duals=None if lp is None else lp.duals,
        max_events=DETERMINISTIC_SELECTION_EVENTS if deterministic else None,
    )
    stats["selection_events"] = stats.get("selection_events", 0) + result.events
    stats["selection_improvements"] = stats.get("selection_improvements", 0) + result.improvements
    stats["selection_objective"] = result.objective
    return _best(c, [result.starts, incumbent]) or incumbent


def _start_portfolio(
    c: Compiled, options: SolveOptions, deadline: float
) -> parallel.Portfolio | None:
    """Searches on the other cores for multi-period models (``parallel``), else None.

    Not for reproducible runs (a node limit: one process, as before), one worker, selection
    models (CP-SAT races there), small models (the MILP settles them in the parent) or short
    runs (the workers' start would eat the time).
    """
    workers = _workers(options)
    if options.workers is None:
        workers = parallel.idle_workers(workers)  # the default: only the idle cores
    if (
        options.node_limit is not None
        or workers < 2
        or is_selection_model(c)
        or c.size < parallel.MIN_ITEMS
        or deadline - time.perf_counter() < parallel.MIN_SECONDS
    ):
        return None
    return parallel.start(c, workers=workers, deadline=deadline)


def _race_threads(options: SolveOptions) -> int:
    workers = _workers(options)
    if options.workers is None:
        workers = parallel.idle_workers(workers)
    return max(1, workers - 1)


def _workers(options: SolveOptions) -> int:
    return parallel.default_workers() if options.workers is None else options.workers


def _feed(
    race: cpsat.Worker | None, portfolio: parallel.Portfolio | None
) -> Callable[[dict[int, int]], tuple[dict[int, int], str] | None] | None:
    """What the LNS asks before every round for plans found on other cores."""
    if portfolio is not None:
        return portfolio.feed
    if race is None:
        return None

    def from_race(_: dict[int, int]) -> tuple[dict[int, int], str] | None:
        answer = _answer(race)
        return None if answer is None else (answer, "cpsat")

    return from_race


def _origin(
    c: Compiled,
    incumbent: dict[int, int] | None,
    candidates: list[dict[int, int]],
    scheduled: bool,
    has_lp: bool,
) -> str:
    """Which first method produced ``incumbent`` (the best of ``candidates``)."""
    if incumbent is None:
        return "none"
    index = next(k for k, plan in enumerate(candidates) if plan is incumbent)
    if index == 0:
        return "ranking"
    if index == 1:
        return "ranking_by_density"
    if has_lp and index == len(candidates) - 1:
        return "lp_rounding"
    if scheduled and index == len(candidates) - (2 if has_lp else 1):
        return "schedule"
    return "given"


def _answer(race: cpsat.Worker) -> dict[int, int] | None:
    answer = race.best()
    return None if answer is None else answer.starts


def _with_race(c: Compiled, incumbent: dict[int, int], race: cpsat.Worker | None) -> dict[int, int]:
    """The better of ``incumbent`` and the worker's latest checked plan."""
    offered = None if race is None else _answer(race)
    if offered is not None and c.objective(offered) > c.objective(incumbent) + 1e-9:
        return offered
    return incumbent


def value_ceiling(c: Compiled) -> float:
    """A trivial upper bound: every schedulable initiative at its most valuable start."""
    total = 0.0
    for i in range(c.size):
        if c.hi[i] < c.lo[i]:
            continue
        best = max(c.start_value(i, c.lo[i]), c.start_value(i, c.hi[i]))
        total += best if c.must[i] else max(0.0, best)
    return total


def _best(c: Compiled, candidates: list[dict[int, int]]) -> dict[int, int] | None:
    feasible = [st for st in candidates if c.is_feasible(st)]
    if not feasible:
        return None
    return max(feasible, key=c.objective)


def _infeasible(spreadsheet: dict[int, int], conflicts: list[dict[str, Any]]) -> PlanResult:
    return PlanResult(
        "infeasible",
        None,
        None,
        None,
        spreadsheet,
        conflicts=conflicts,
        message="the mandatory and already-running work cannot all fit; see conflicts",
    )


def _report(
    options: SolveOptions,
    phase: str,
    origin: float,
    c: Compiled,
    starts: dict[int, int] | None,
    bound: float | None,
) -> None:
    if options.progress is not None:
        objective = None if starts is None else c.objective(starts)
        options.progress(Progress(phase, time.perf_counter() - origin, objective, bound))
