"""Explain infeasible input: which pools, periods and initiatives conflict.

Structural conflicts (an empty start window, two must-run alternatives, a precedence chain
that cannot fit) are found directly. Capacity conflicts are found with an elastic model that
adds the least extra capacity to fit all must-run work; wherever extra capacity is needed,
the must-run initiatives using that pool in that period are the conflict.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from koersvast.optimizer.compiled import TOLERANCE, Compiled, FloatArray
from koersvast.optimizer.milp import build, run
from koersvast.optimizer.model import SolveOptions


def structural_conflicts(c: Compiled) -> list[dict[str, Any]]:
    conflicts: list[dict[str, Any]] = []
    items = c.problem.initiatives
    for i, item in enumerate(items):
        if c.must[i] and c.hi[i] < c.lo[i]:
            chain = [items[a].id for a in _ancestors(c, i)]
            partners = [items[j].id for j in c.mates(i)[1:]]
            why = "mandatory" if item.must_run else "required by mandatory work"
            conflicts.append(
                {
                    "kind": "window",
                    "initiatives": [item.id, *chain, *partners],
                    "message": f"{item.id} is {why} but cannot start and finish inside the "
                    "horizon within its start window"
                    + (" after its predecessors" if chain else "")
                    + (f" together with {', '.join(partners)}" if partners else ""),
                }
            )
    for members in c.groups:
        musts = [items[i].id for i in members if c.must[i]]
        if len(musts) > 1:
            conflicts.append(
                {
                    "kind": "exclusive",
                    "group": items[members[0]].exclusive_group,
                    "initiatives": musts,
                    "message": "more than one mandatory initiative in one exclusive group",
                }
            )
    return conflicts


def _ancestors(c: Compiled, i: int) -> list[int]:
    seen: list[int] = []
    stack = list(c.preds[i])
    while stack:
        a = stack.pop()
        if a not in seen:
            seen.append(a)
            stack.extend(c.preds[a])
    return seen


def least_extra_capacity(
    c: Compiled, options: SolveOptions, time_limit: float
) -> tuple[dict[int, int], FloatArray, str] | None:
    """Fit all must-run work with the least extra capacity (units over all pools/periods)."""
    allowed = [c.must[i] for i in range(c.size)]
    costs_model = build(c, allowed=allowed, slack_cost=slack_costs(c))
    # Among equally cheap fits prefer the more valuable starts (tiny weight).
    x_cost = np.array(
        [
            c.start_value(int(i), int(s))
            for i, s in zip(costs_model.var_item, costs_model.var_start, strict=False)
        ]
    )
    scale = 1e-6 / max(1.0, float(x_cost.sum()))
    h = costs_model.highs
    h.changeColsCost(
        costs_model.num_x, np.arange(costs_model.num_x, dtype=np.int32), x_cost * scale
    )
    result = run(costs_model, options, time_limit=time_limit, phase="diagnose")
    if result.starts is None:
        return None
    values = costs_model.extra["values"]
    m = c.cap.size
    slack = np.asarray(values[costs_model.slack_first : costs_model.slack_first + m])
    return result.starts, slack.reshape(c.cap.shape), result.status


def slack_costs(c: Compiled) -> FloatArray:
    """Cost of one extra unit per pool and period: 1 for plain pools (hours).

    A bucketed (budget) pool counts in other units (euros per year); one period's worth of it
    costs as much as one period's worth of a typical plain pool, so that neither kind of extra
    capacity is free next to the other.
    """
    costs = np.ones_like(c.cap)
    plain = [p for p in range(len(c.pool_ids)) if c.bucket_of[p] is None]
    typical = float(c.cap[plain].mean()) if plain and c.cap.size else 1.0
    for p in range(len(c.pool_ids)):
        if c.bucket_of[p] is not None:
            per_period = float(c.cap[p].mean()) * len(c.bucket_spans[p]) / max(1, c.horizon)
            costs[p] = max(typical, 1e-9) / max(per_period, 1e-9)
    return costs


def capacity_conflicts(
    c: Compiled, starts: dict[int, int], slack: FloatArray
) -> list[dict[str, Any]]:
    conflicts: list[dict[str, Any]] = []
    for p, t in zip(*np.nonzero(slack > TOLERANCE), strict=True):
        first, last = next(span for span in c.bucket_spans[p] if span[0] <= t <= span[1])
        users = [
            c.problem.initiatives[i].id
            for i, s in sorted(starts.items())
            if s <= last and first < s + c.duration[i] and c.uses(i, int(p))
        ]
        conflicts.append(
            {
                "kind": "capacity",
                "pool": c.pool_ids[int(p)],
                "period": c.bucket_label(int(p), int(t)),
                "period_index": int(t),
                "shortfall": round(float(slack[p, t]), 6),
                "initiatives": users,
            }
        )
    return conflicts


def diagnose(c: Compiled, options: SolveOptions, time_limit: float) -> list[dict[str, Any]]:
    conflicts = structural_conflicts(c)
    if conflicts:
        return conflicts
    fitted = least_extra_capacity(c, options, time_limit)
    if fitted is None:
        return [{"kind": "unknown", "message": "no conflict found within the time limit"}]
    starts, slack, _ = fitted
    found = capacity_conflicts(c, starts, slack)
    if not found:
        found.append(
            {
                "kind": "precedence",
                "initiatives": [c.problem.initiatives[i].id for i in range(c.size) if c.must[i]],
                "message": "mandatory work cannot be ordered to respect its precedences",
            }
        )
    return found
