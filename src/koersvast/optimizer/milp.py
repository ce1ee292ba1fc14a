"""Exact time-indexed MILP, solved with HiGHS.

One binary x[i, s] per initiative i and allowed start s. Rows: capacity per pool and period
(per bucket for a bucketed budget pool), at most one start (exactly one for must-run work), at
most one per exclusive group, the strong time-indexed precedence rows
sum_{s<=t} x[B,s] <= sum_{s<=t-d_A} x[A,s], and per together group x[A,t] = x[M,t] for every
member M and period t (same start, all or none).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np

from koersvast.optimizer.compiled import Compiled, FloatArray, IntArray
from koersvast.optimizer.model import Progress, SolveOptions

INF = highspy.kHighsInf
# A tiny preference for earlier starts breaks the symmetry between equivalent start periods.
EARLINESS = 1e-6
# Extra HiGHS options for every MILP run (a tuning hook; empty means HiGHS defaults).
HIGHS_OPTIONS: dict[str, Any] = {}


def solver_version() -> str:
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    return str(h.version())


@dataclass
class MipResult:
    """Outcome of one HiGHS run, in terms of the true (unperturbed) objective."""

    status: str
    starts: dict[int, int] | None
    objective: float | None
    bound: float | None
    nodes: int = 0
    seconds: float = 0.0


@dataclass
class TimeIndexedModel:
    """A built HiGHS model with the column layout needed to read and write plans."""

    c: Compiled
    highs: highspy.Highs
    first: list[int]
    var_item: IntArray
    var_start: IntArray
    num_x: int
    slack_first: int = -1
    bound_scale: float = 1.0
    extra: dict[str, Any] = field(default_factory=dict)

    def column(self, i: int, start: int) -> int:
        return self.first[i] + start - self.c.lo[i]

    def vector(self, starts: dict[int, int], slack: FloatArray | None = None) -> FloatArray:
        total = self.highs.getNumCol()
        values = np.zeros(total, dtype=np.float64)
        for i, s in starts.items():
            values[self.column(i, s)] = 1.0
        if slack is not None and self.slack_first >= 0:
            values[self.slack_first : self.slack_first + slack.size] = slack.ravel()
        return values

    def read(self, values: FloatArray) -> dict[int, int]:
        chosen = np.flatnonzero(values[: self.num_x] > 0.5)
        return {int(self.var_item[k]): int(self.var_start[k]) for k in chosen}


def true_costs(c: Compiled, var_item: IntArray, var_start: IntArray) -> FloatArray:
    """The value of every start variable: value x (1 - decay)^(start - earliest_start)."""
    values = np.array([c.problem.initiatives[i].value for i in range(c.size)])
    decay = np.array([c.problem.initiatives[i].decay for i in range(c.size)])
    earliest = np.array([c.problem.initiatives[i].earliest_start for i in range(c.size)])
    delay = np.maximum(0, var_start - earliest[var_item])
    return np.asarray(values[var_item] * (1.0 - decay[var_item]) ** delay, dtype=np.float64)


def x_costs(c: Compiled, var_item: IntArray, var_start: IntArray) -> FloatArray:
    """True values with a tiny preference for earlier starts (symmetry breaking)."""
    return true_costs(c, var_item, var_start) * (1.0 - EARLINESS * var_start)


def build(
    c: Compiled,
    *,
    costs: FloatArray | None = None,
    slack_cost: FloatArray | None = None,
    allowed: list[bool] | None = None,
    forced: list[bool] | None = None,
) -> TimeIndexedModel:
    """Build the model. ``slack_cost`` (shape pools x periods) adds elastic capacity columns."""
    n, horizon = c.size, c.horizon
    first: list[int] = []
    items: list[IntArray] = []
    starts: list[IntArray] = []
    col = 0
    for i in range(n):
        first.append(col)
        width = max(0, c.hi[i] - c.lo[i] + 1)
        if allowed is not None and not allowed[i] and not c.must[i]:
            width = 0
        items.append(np.full(width, i, dtype=np.int64))
        starts.append(np.arange(c.lo[i], c.lo[i] + width, dtype=np.int64))
        col += width
    num_x = col
    var_item = np.concatenate(items) if items else np.zeros(0, dtype=np.int64)
    var_start = np.concatenate(starts) if starts else np.zeros(0, dtype=np.int64)
    rows: list[IntArray] = []
    cols: list[IntArray] = []
    vals: list[FloatArray] = []
    row_lo: list[float] = []
    row_hi: list[float] = []
    # Capacity rows p * horizon + t.
    num_pools = len(c.pool_ids)
    for i in range(n):
        width = len(items[i])
        if width == 0 or c.pools_of[i].size == 0:
            continue
        d = c.duration[i]
        pools = c.pools_of[i][:, None, None]
        s = starts[i][None, :, None]
        tau = np.arange(d)[None, None, :]
        r = pools * horizon + s + tau
        k = np.broadcast_to(first[i] + np.arange(width)[None, :, None], r.shape)
        v = np.broadcast_to(c.demand_of[i][:, None, :], r.shape)
        mask = v > 0
        rows.append(r[mask])
        cols.append(k[mask])
        vals.append(v[mask])
    # Bucketed (budget) pools: one row per bucket, at the bucket's first period; the other
    # rows of such a pool stay empty (presolve drops them).
    for i in range(n):
        if not c.budget_of[i]:
            continue
        for offset, start in enumerate(starts[i].tolist()):
            f = c.footprint(i, start)
            rows.append(f.rows * horizon + f.cols)
            cols.append(np.full(f.rows.size, first[i] + offset, dtype=np.int64))
            vals.append(f.amounts)
    row_lo.extend([-INF] * (num_pools * horizon))
    row_hi.extend(c.cap.ravel().tolist())
    next_row = num_pools * horizon

    def add_row(members: list[int], coefs: list[float], lo: float, hi: float) -> None:
        nonlocal next_row
        rows.append(np.full(len(members), next_row, dtype=np.int64))
        cols.append(np.array(members, dtype=np.int64))
        vals.append(np.array(coefs, dtype=np.float64))
        row_lo.append(lo)
        row_hi.append(hi)
        next_row += 1

    for i in range(n):
        width = len(items[i])
        must = c.must[i] or (forced is not None and forced[i])
        if width == 0 and not must:
            continue
        add_row(list(range(first[i], first[i] + width)), [1.0] * width, 1.0 if must else 0.0, 1.0)
    for members in c.groups:
        cols_g = [first[i] + k for i in members for k in range(len(items[i]))]
        if cols_g:
            add_row(cols_g, [1.0] * len(cols_g), -INF, 1.0)
    for b in range(n):
        for a in c.preds[b]:
            for t in starts[b].tolist():
                left = [first[b] + k for k in range(t - c.lo[b] + 1)]
                right = [
                    first[a] + k for k, s in enumerate(starts[a].tolist()) if s <= t - c.gap(a, b)
                ]
                add_row(left + right, [1.0] * len(left) + [-1.0] * len(right), -INF, 0.0)
    # Together groups: every member starts in period t exactly when the first one does
    # (x[a, t] = x[m, t] for all t), which also makes their selection equal.
    for members in c.teams:
        a = members[0]
        for m in members[1:]:
            for t in sorted(set(starts[a].tolist()) | set(starts[m].tolist())):
                terms = [
                    (first[j] + t - c.lo[j], 1.0 if j == a else -1.0)
                    for j in (a, m)
                    if c.lo[j] <= t < c.lo[j] + len(items[j])
                ]
                add_row([k for k, _ in terms], [v for _, v in terms], 0.0, 0.0)
    cost = x_costs(c, var_item, var_start) if costs is None else costs
    col_cost = [cost]
    col_lower = [np.zeros(num_x)]
    col_upper = [np.ones(num_x)]
    integrality = [np.ones(num_x, dtype=np.int64)]
    slack_first = -1
    if slack_cost is not None:
        slack_first = num_x
        m = num_pools * horizon
        rows.append(np.arange(m, dtype=np.int64))
        cols.append(num_x + np.arange(m, dtype=np.int64))
        vals.append(-np.ones(m))
        col_cost.append(-slack_cost.ravel())
        col_lower.append(np.zeros(m))
        col_upper.append(np.full(m, INF))
        integrality.append(np.zeros(m, dtype=np.int64))
    all_rows = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    all_cols = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    all_vals = np.concatenate(vals) if vals else np.zeros(0)
    num_cols = int(sum(len(x) for x in col_cost))
    order = np.lexsort((all_rows, all_cols))
    a_start = np.zeros(num_cols + 1, dtype=np.int64)
    np.cumsum(np.bincount(all_cols, minlength=num_cols), out=a_start[1:])
    lp = highspy.HighsLp()
    lp.num_col_ = num_cols
    lp.num_row_ = next_row
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = np.concatenate(col_cost)
    lp.col_lower_ = np.concatenate(col_lower)
    lp.col_upper_ = np.concatenate(col_upper)
    lp.row_lower_ = np.array(row_lo, dtype=np.float64)
    lp.row_upper_ = np.array(row_hi, dtype=np.float64)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = a_start
    lp.a_matrix_.index_ = all_rows[order]
    lp.a_matrix_.value_ = all_vals[order]
    kinds = np.concatenate(integrality)
    lp.integrality_ = [
        highspy.HighsVarType.kInteger if k else highspy.HighsVarType.kContinuous for k in kinds
    ]
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.passModel(lp)
    scale = 1.0 / (1.0 - EARLINESS * horizon) if costs is None else 1.0
    return TimeIndexedModel(c, h, first, var_item, var_start, num_x, slack_first, scale)


def run(
    model: TimeIndexedModel,
    options: SolveOptions,
    *,
    time_limit: float,
    warm: FloatArray | None = None,
    node_limit: int | None = None,
    phase: str = "milp",
    started: float | None = None,
) -> MipResult:
    """Run HiGHS with the given limits; bound and objective are model values, see ``evaluate``."""
    h = model.highs
    begin = time.perf_counter()
    origin = begin if started is None else started
    h.setOptionValue("time_limit", max(0.05, time_limit))
    h.setOptionValue("mip_rel_gap", options.gap)
    h.setOptionValue("random_seed", options.seed)
    h.setOptionValue("threads", options.threads)
    limit = node_limit if node_limit is not None else options.node_limit
    h.setOptionValue("mip_max_nodes", limit if limit is not None else 2**31 - 1)
    for key, value in HIGHS_OPTIONS.items():
        h.setOptionValue(key, value)
    if warm is not None:
        h.setSolution(highspy.HighsSolution())  # clear a previous one
        indices = np.arange(warm.size, dtype=np.int32)
        h.setSolution(int(warm.size), indices, warm)
    callbacks = _attach_callbacks(model, options, phase, origin)
    h.run()
    for event, handler in callbacks:
        event.unsubscribe(handler)
    status = h.getModelStatus()
    info = h.getInfo()
    seconds = time.perf_counter() - begin
    nodes = int(info.mip_node_count)
    if status == highspy.HighsModelStatus.kInfeasible:
        return MipResult("infeasible", None, None, None, nodes, seconds)
    empty = status == highspy.HighsModelStatus.kModelEmpty
    has_solution = info.primal_solution_status == 2 or empty
    values = np.asarray(h.getSolution().col_value, dtype=np.float64) if has_solution else None
    bound: float | None = 0.0 if empty else float(info.mip_dual_bound) * model.bound_scale
    # HiGHS has a dual bound only once branch-and-bound has started (node count -1 means it
    # stopped earlier, e.g. at the time limit in presolve); a stale value there once made a
    # plan look proven optimal while a better one existed.
    if not empty and (nodes < 0 or bound is None or not math.isfinite(bound)):
        bound = None
    if values is None:
        return MipResult("nosolution", None, None, bound, nodes, seconds)
    optimal = status in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kModelEmpty)
    objective = float(info.objective_function_value)
    result = MipResult("optimal" if optimal else "feasible", model.read(values), objective, bound)
    result.nodes, result.seconds = nodes, seconds
    model.extra["values"] = values
    return result


def _attach_callbacks(
    model: TimeIndexedModel, options: SolveOptions, phase: str, origin: float
) -> list[tuple[Any, Any]]:
    attached: list[tuple[Any, Any]] = []
    progress = options.progress
    if progress is not None:

        def on_improvement(event: Any) -> None:
            out = event.data_out
            progress(
                Progress(
                    phase,
                    time.perf_counter() - origin,
                    float(out.objective_function_value),
                    float(out.mip_dual_bound) * model.bound_scale,
                )
            )

        model.highs.cbMipImprovingSolution.subscribe(on_improvement)
        attached.append((model.highs.cbMipImprovingSolution, on_improvement))
    stop = options.should_stop
    if stop is not None:

        def on_interrupt(event: Any) -> None:
            if stop():
                event.data_in.user_interrupt = True

        model.highs.cbMipInterrupt.subscribe(on_interrupt)
        attached.append((model.highs.cbMipInterrupt, on_interrupt))
    return attached
