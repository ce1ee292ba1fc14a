"""Primal heuristics around the MILP: LP rounding, large-neighbourhood search, polishing.

LNS keeps the incumbent plan fixed except for a neighbourhood (a window of periods, the users
of one pool, or the initiatives where the LP relaxation disagrees with the plan) and lets HiGHS
re-optimise that part as a small sub-MIP. With a node limit and a fixed seed it is reproducible.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

import highspy
import numpy as np

from koersvast.optimizer.compiled import Compiled, FloatArray
from koersvast.optimizer.greedy import greedy
from koersvast.optimizer.milp import MipResult, TimeIndexedModel, build, run
from koersvast.optimizer.model import Progress, SolveOptions
from koersvast.optimizer.submip import sub_problem

# Smallest neighbourhood (initiatives set free) in a sub-MIP.
LNS_MIN_SIZE = 10
# First neighbourhood size with small sub-problems (measured: 40 beat 100 and n/6 at 2,000).
LNS_SUB_START = 40
# Neighbourhoods tried in turn (``_neighbourhood``); "lp" only with an LP solution.
NEIGHBOURHOODS = ("window", "pool", "lp", "random")
# LP relaxations with at least this many start variables use the interior-point solver.
IPM_MIN_COLUMNS = 3000


@dataclass
class LpResult:
    bound: float
    values: FloatArray
    # Duals of the capacity rows (pool x period, as ``cap.ravel()``): surrogate weights.
    duals: FloatArray | None = None


def lp_relaxation(model: TimeIndexedModel, time_limit: float) -> LpResult | None:
    """Solve the LP relaxation: a valid upper bound and guidance for rounding and LNS."""
    h = model.highs
    h.setOptionValue("solve_relaxation", True)
    h.setOptionValue("time_limit", max(0.05, time_limit))
    if model.num_x >= IPM_MIN_COLUMNS:
        # Interior point (with crossover, so the point is a vertex) is about a third faster
        # than dual simplex on the large time-indexed models (600+ initiatives).
        h.setOptionValue("solver", "ipm")
    h.run()
    h.setOptionValue("solver", "choose")
    h.setOptionValue("solve_relaxation", False)
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    solution = h.getSolution()
    values = np.asarray(solution.col_value, dtype=np.float64)
    rows = len(model.c.pool_ids) * model.c.horizon
    duals = np.asarray(solution.row_dual, dtype=np.float64)[:rows]
    bound = float(h.getInfo().objective_function_value) * model.bound_scale
    return LpResult(bound, values, duals if duals.size == rows else None)


def lp_rounding(model: TimeIndexedModel, lp: LpResult) -> dict[int, int]:
    """Greedy in order of LP weight, each initiative at its most LP-preferred start that fits."""
    c = model.c
    x = lp.values[: model.num_x]
    weight = np.zeros(c.size)
    np.add.at(weight, model.var_item, x)
    preferred: list[list[int]] = [[] for _ in range(c.size)]
    order = np.lexsort((model.var_start, -x))
    for k in order:
        if x[k] > 1e-6:
            preferred[int(model.var_item[k])].append(int(model.var_start[k]))
    values = [c.start_value(i, c.lo[i]) for i in range(c.size)]

    def rank(_: Compiled, i: int) -> float:
        return -(weight[i] * 1e6 + values[i] * 1e-3) if weight[i] > 1e-6 else -values[i] * 1e-9

    return greedy(c, rank, preferred=preferred)


def polish(c: Compiled, starts: dict[int, int]) -> dict[int, int]:
    """Move every initiative as early as capacity and precedence allow, then fill gaps.

    Neither step loses value (decay only punishes delay), and afterwards every remaining delay
    or exclusion has a binding cause that ``explain`` can name.
    """
    result = dict(starts)
    residual = c.cap - c.usage(result)
    done: set[int] = set()
    for i in sorted(result, key=lambda k: (result[k], k)):
        if i in done:
            continue
        # A together group moves as one block (its members share one start).
        block = [j for j in c.mates(i) if j in result]
        done.update(block)
        s = result[i]
        if any(result[j] != s for j in block):
            continue
        earliest = max(
            [c.lo[j] for j in block]
            + [result[a] + c.gap(a, j) for j in block for a in c.preds[j] if a in result]
        )
        if earliest >= s:
            continue
        for j in block:
            c.place(residual, j, s, sign=1.0)
        for t in range(earliest, s):
            if c.fits_all(residual, block, t):
                s = t
                break
        for j in block:
            c.place(residual, j, s)
            result[j] = s
    return greedy(c, residual=residual, fixed=result)


@dataclass
class LnsState:
    starts: dict[int, int]
    objective: float
    iterations: int = 0
    improvements: int = 0
    # Whether the deadline, not the round limit or a finished search, ended the rounds.
    stopped_by_clock: bool = False
    # Who found ``starts``: "start" (the plan passed in), "lns" (a round here) or the label
    # ``feed`` gave with a plan it offered (e.g. a search on another core).
    found_by: str = "start"
    # Plans taken from ``feed``.
    adopted: int = 0


def lns(
    model: TimeIndexedModel,
    starts: dict[int, int],
    options: SolveOptions,
    *,
    deadline: float,
    origin: float,
    lp: LpResult | None = None,
    max_iterations: int | None = None,
    objective: Callable[[dict[int, int]], float] | None = None,
    start_size: int | None = None,
    small_subproblems: bool = False,
    feed: Callable[[dict[int, int]], tuple[dict[int, int], str] | None] | None = None,
    improved: Callable[[dict[int, int], float], None] | None = None,
    kinds: tuple[str, ...] | None = None,
) -> LnsState:
    """Improve ``starts`` by repeatedly re-optimising a neighbourhood with a sub-MIP.

    With ``small_subproblems`` each sub-MIP is a model of the free initiatives only (see
    ``submip``) instead of the full model with bounds changed: on large models the full
    model's presolve alone took longer than a round's time limit. ``feed`` (asked before
    every round with the incumbent, which it may pass on) may offer a checked plan found
    elsewhere with a label, e.g. by a search on another core (``parallel``); a better one
    becomes the incumbent. ``improved`` hears of every plan a round here improved.
    ``kinds`` replaces the neighbourhoods (window, pool, lp, random) tried in turn.
    """
    c = model.c
    score = objective or c.objective
    state = LnsState(dict(starts), score(starts))
    rng = random.Random(options.seed)
    h = model.highs
    lower_all = np.zeros(model.num_x)
    if start_size is None:
        start_size = LNS_SUB_START if small_subproblems else c.size // 6
    first = start_size
    size = min(c.size, max(LNS_MIN_SIZE, first))
    if kinds is None:
        kinds = NEIGHBOURHOODS if lp is not None else tuple(k for k in NEIGHBOURHOODS if k != "lp")
    deterministic = options.node_limit is not None
    schedulable = sum(1 for i in range(c.size) if c.hi[i] >= c.lo[i])
    while True:
        if max_iterations is not None and state.iterations >= max_iterations:
            break
        remaining = deadline - time.perf_counter()
        # The clock binds reproducible runs too: their round and node limits make two runs
        # alike only while the time limit does not bind (with budget pools a round could take
        # a second, and 30 of them turned a 1 s re-solve into 10 s).
        if remaining < 0.05:
            state.stopped_by_clock = True
            break
        if options.should_stop is not None and options.should_stop():
            break
        if options.progress is not None:
            # Which round is running (of how many, in reproducible runs), for the app.
            options.progress(
                Progress(
                    "lns",
                    time.perf_counter() - origin,
                    state.objective,
                    None,
                    step=state.iterations + 1,
                    steps=max_iterations,
                )
            )
        offered = feed(state.starts) if feed is not None else None
        if offered is not None and score(offered[0]) > state.objective + 1e-9:
            state.starts, state.objective = dict(offered[0]), score(offered[0])
            state.found_by = offered[1]
            state.adopted += 1
        kind = kinds[state.iterations % len(kinds)]
        free = _neighbourhood(kind, c, model, state.starts, lp, size, rng)
        sub_limit = max(0.05, min(remaining, 1.0))
        node_limit = 200 if deterministic else 500
        if small_subproblems:
            result = _solve_sub_problem(
                model, state.starts, free, options, sub_limit, node_limit, origin
            )
        else:
            lower = lower_all.copy()
            upper = np.zeros(model.num_x)
            for i in range(c.size):
                width = c.hi[i] - c.lo[i] + 1
                first = model.first[i]
                if i in free:
                    upper[first : first + width] = 1.0
                elif i in state.starts:
                    col = model.column(i, state.starts[i])
                    lower[col] = upper[col] = 1.0
            h.changeColsBounds(model.num_x, np.arange(model.num_x, dtype=np.int32), lower, upper)
            result = run(
                model,
                options,
                time_limit=sub_limit,
                warm=model.vector(state.starts),
                node_limit=node_limit,
                phase="lns",
                started=origin,
            )
        state.iterations += 1
        if result.status == "optimal" and len(free) >= schedulable:
            if result.starts is not None and score(result.starts) > state.objective:
                state.starts, state.objective = result.starts, score(result.starts)
                state.found_by = "lns"
            break  # the whole problem was the neighbourhood: nothing left to improve
        solved_fast = result.status == "optimal" and result.seconds < 0.3 * sub_limit
        if result.starts is not None:
            value = score(result.starts)
            if value > state.objective + 1e-9:
                state.starts, state.objective = result.starts, value
                state.improvements += 1
                state.found_by = "lns"
                if improved is not None:
                    improved(state.starts, value)
                if options.progress is not None:
                    options.progress(Progress("lns", time.perf_counter() - origin, value, None))
        size = (
            min(c.size, int(size * 1.15) + 1)
            if solved_fast
            else max(LNS_MIN_SIZE, int(size * 0.85))
        )
    ones = np.ones(model.num_x)
    h.changeColsBounds(model.num_x, np.arange(model.num_x, dtype=np.int32), lower_all, ones)
    return state


def _solve_sub_problem(
    model: TimeIndexedModel,
    starts: dict[int, int],
    free: set[int],
    options: SolveOptions,
    time_limit: float,
    node_limit: int,
    origin: float,
) -> MipResult:
    """Re-place ``free`` in a model of its own; the result holds the whole plan."""
    c = model.c
    sub = sub_problem(c, starts, free)
    if sub is None:
        return MipResult("nosolution", None, None, None)
    sub_model = build(sub)
    warm = {i: s for i, s in starts.items() if i in free}
    result = run(
        sub_model,
        options,
        time_limit=time_limit,
        warm=sub_model.vector(warm),
        node_limit=node_limit,
        phase="lns",
        started=origin,
    )
    if result.starts is not None:
        plan = {i: s for i, s in starts.items() if i not in free}
        plan.update(result.starts)
        result.starts = plan if c.is_feasible(plan) else None
    return result


def _neighbourhood(
    kind: str,
    c: Compiled,
    model: TimeIndexedModel,
    starts: dict[int, int],
    lp: LpResult | None,
    size: int,
    rng: random.Random,
) -> set[int]:
    candidates: list[int]
    if kind == "window":
        width = rng.randint(2, max(2, c.horizon // 3))
        t0 = rng.randint(0, max(0, c.horizon - width))
        candidates = [i for i in range(c.size) if _overlaps(c, i, starts.get(i), t0, t0 + width)]
    elif kind == "pool":
        pool = rng.randrange(len(c.pool_ids)) if c.pool_ids else 0
        candidates = [i for i in range(c.size) if pool in c.pools_of[i].tolist()]
    elif kind == "lp" and lp is not None:
        x = lp.values[: model.num_x]
        disagreement = np.zeros(c.size)
        for i in range(c.size):
            width = c.hi[i] - c.lo[i] + 1
            block = x[model.first[i] : model.first[i] + width]
            chosen = starts.get(i)
            own = block[chosen - c.lo[i]] if chosen is not None and width > 0 else 0.0
            disagreement[i] = (1.0 - own) if chosen is not None else float(block.sum())
        ranked = [
            int(i) for i in np.argsort(-disagreement, kind="stable") if disagreement[i] > 1e-6
        ]
        candidates = ranked[: size * 2]
    elif kind == "excluded":
        # One of the most valuable initiatives left out, with the work it competes with: the
        # placed initiatives on its pools whose runs meet its start window.
        out = [i for i in range(c.size) if i not in starts and c.hi[i] >= c.lo[i]]
        out.sort(key=lambda i: -c.start_value(i, c.lo[i]))
        if not out:
            candidates = list(range(c.size))
        else:
            pick = out[rng.randrange(min(len(out), 20))]
            pools = set(c.pools_of[pick].tolist())
            end = c.hi[pick] + c.duration[pick]
            rivals = [
                i
                for i, s in starts.items()
                if pools & set(c.pools_of[i].tolist())
                and s < end
                and s + c.duration[i] > c.lo[pick]
            ]
            rng.shuffle(rivals)
            candidates = [pick, *rivals[: max(0, size - 1)]]
    else:
        candidates = list(range(c.size))
    candidates = [i for i in candidates if c.hi[i] >= c.lo[i]]
    if len(candidates) > size:
        candidates = rng.sample(candidates, size)
    # Together groups are set free as a whole (a sub-MIP can only move them as a block).
    return {j for i in candidates for j in c.mates(i)}


def _overlaps(c: Compiled, i: int, start: int | None, t0: int, t1: int) -> bool:
    if start is not None:
        return start < t1 and start + c.duration[i] > t0
    return c.lo[i] < t1 and c.hi[i] + c.duration[i] > t0
