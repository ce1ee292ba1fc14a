"""Why an initiative fell out of the plan or starts later than it could.

For every unselected or delayed initiative we name the binding pools and periods with the
shortfall in units (and which planned initiatives use that capacity), or the precedence,
exclusive-group, start-together or start-window rule that keeps it out.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from koersvast.optimizer.compiled import TOLERANCE, Compiled, FloatArray

Occupancy = dict[tuple[int, int], list[tuple[float, int]]]


def explain(c: Compiled, starts: dict[int, int]) -> list[dict[str, Any]]:
    used = c.usage(starts)
    residual = c.cap - used
    occupancy = _occupancy(c, starts)
    chosen_in_group = {c.group[i]: i for i in starts if c.group[i] >= 0}
    explanations: list[dict[str, Any]] = []
    for i, item in enumerate(c.problem.initiatives):
        if i in starts:
            if starts[i] > item.earliest_start:
                explanations.append(_delayed(c, i, starts, residual, occupancy))
        else:
            explanations.append(_unselected(c, i, starts, residual, occupancy, chosen_in_group))
    return explanations


def _delayed(
    c: Compiled, i: int, starts: dict[int, int], residual: FloatArray, occupancy: Occupancy
) -> dict[str, Any]:
    item = c.problem.initiatives[i]
    start = starts[i]
    wanted = max(0, item.earliest_start)
    reasons: list[dict[str, Any]] = []
    for a in c.preds[i]:
        finish = starts[a] + c.gap(a, i)
        if finish > wanted:
            reasons.append(_precedence(c, a, finish))
    reasons.extend(_together(c, i, starts, wanted))
    if wanted < c.lo[i] and not reasons:
        reasons.append({"kind": "window", "message": "cannot start earlier inside its window"})
    own = residual.copy()
    c.place(own, i, start, sign=1.0)
    if wanted + c.duration[i] <= c.horizon:
        reasons.extend(_shortfalls(c, i, wanted, own, occupancy, exclude=i))
    if not reasons:
        reasons.append(
            {
                "kind": "choice",
                "message": "an earlier start would fit; the solver kept this start "
                "(stability or the reported gap)",
            }
        )
    return {
        "id": item.id,
        "status": "delayed",
        "start": start,
        "earliest_start": item.earliest_start,
        "delay": start - item.earliest_start,
        "value_lost": round(item.value - item.value_at(start), 6),
        "reasons": reasons,
    }


def _unselected(
    c: Compiled,
    i: int,
    starts: dict[int, int],
    residual: FloatArray,
    occupancy: Occupancy,
    chosen_in_group: dict[int, int],
) -> dict[str, Any]:
    item = c.problem.initiatives[i]
    reasons: list[dict[str, Any]] = []
    base = {"id": item.id, "status": "unselected", "value": item.value, "reasons": reasons}
    last = c.horizon - c.duration[i]
    latest = last if item.latest_start is None else min(last, item.latest_start)
    if max(0, item.earliest_start) > latest:
        reasons.append(
            {
                "kind": "window",
                "message": "cannot start and finish inside the horizon within its start window",
            }
        )
        return base
    g = c.group[i]
    if g >= 0 and g in chosen_in_group:
        other = c.problem.initiatives[chosen_in_group[g]].id
        reasons.append({"kind": "exclusive", "group": item.exclusive_group, "chosen": other})
    reasons.extend(_together(c, i, starts, None))
    earliest = max(0, item.earliest_start)
    for a in c.preds[i]:
        pred = c.problem.initiatives[a]
        if a not in starts:
            reasons.append({"kind": "precedence", "after": pred.id, "selected": False})
        else:
            finish = starts[a] + c.gap(a, i)
            earliest = max(earliest, finish)
            if finish > latest:
                reasons.append(_precedence(c, a, finish))
    if earliest > latest:
        return base
    best: list[dict[str, Any]] | None = None
    best_score = float("inf")
    for s in range(earliest, latest + 1):
        block = residual[c.pools_of[i], s : s + c.duration[i]]
        lack = np.maximum(0.0, c.demand_of[i] - block)
        scale = np.maximum(c.cap[c.pools_of[i], s : s + c.duration[i]], 1.0)
        score = float((lack / scale).sum())
        if c.budget_of[i]:
            f = c.footprint(i, s)
            short = np.maximum(0.0, f.amounts - residual[f.rows, f.cols])
            score += float((short / np.maximum(c.cap[f.rows, f.cols], 1.0)).sum())
        if score < best_score - 1e-12:
            best_score = score
            best = _shortfalls(c, i, s, residual, occupancy, exclude=-1)
    if best:
        reasons.extend(best)
    elif not reasons:
        reasons.append(
            {
                "kind": "choice",
                "start": earliest,
                "message": "fits without displacing anything; left out by the solver "
                "(zero value, stability, or within the reported gap)",
            }
        )
    return base


def _together(
    c: Compiled, i: int, starts: dict[int, int], wanted: int | None
) -> list[dict[str, Any]]:
    """The start-together partners that bind ``i``: for a delayed one the partners that could
    not start at its wanted start (all of them when only the shared capacity binds), for an
    unselected one the partners left out with it (the group is all or none)."""
    partners = c.mates(i)[1:]
    if not partners:
        return []
    ids = c.problem.initiatives
    if wanted is None:
        out = [j for j in partners if j not in starts]
        if not out:
            return []
        return [{"kind": "together", "with": [ids[j].id for j in out], "selected": False}]
    binding = [
        j
        for j in partners
        if max([c.lo[j]] + [starts[a] + c.gap(a, j) for a in c.preds[j] if a in starts]) > wanted
    ]
    chosen = binding or partners
    return [{"kind": "together", "with": [ids[j].id for j in chosen], "selected": True}]


def _precedence(c: Compiled, a: int, finish: int) -> dict[str, Any]:
    return {
        "kind": "precedence",
        "after": c.problem.initiatives[a].id,
        "selected": True,
        "finishes_before": finish,
    }


def _shortfalls(
    c: Compiled,
    i: int,
    start: int,
    residual: FloatArray,
    occupancy: Occupancy,
    exclude: int,
) -> list[dict[str, Any]]:
    wanted: list[tuple[int, int, float]] = [
        (p, start + tau, float(c.demand_of[i][row, tau]))
        for row, p in enumerate(c.pools_of[i].tolist())
        for tau in range(c.duration[i])
    ]
    if c.budget_of[i]:
        f = c.footprint(i, start)
        wanted.extend(zip(f.rows.tolist(), f.cols.tolist(), f.amounts.tolist(), strict=True))
    out: list[dict[str, Any]] = []
    for p, t, units in wanted:
        lack = units - float(residual[p, t])
        if lack > TOLERANCE:
            users = [u for u in occupancy.get((p, t), []) if u[1] != exclude][:3]
            out.append(
                {
                    "kind": "capacity",
                    "start": start,
                    "pool": c.pool_ids[p],
                    "period": c.bucket_label(p, t),
                    "period_index": t,
                    "shortfall": round(lack, 6),
                    "used_by": [c.problem.initiatives[k].id for _, k in users],
                }
            )
    return out


def _occupancy(c: Compiled, starts: dict[int, int]) -> Occupancy:
    occupancy: Occupancy = {}
    for i, s in starts.items():
        for row, p in enumerate(c.pools_of[i].tolist()):
            for tau in range(c.duration[i]):
                units = float(c.demand_of[i][row, tau])
                if units > 0:
                    occupancy.setdefault((p, s + tau), []).append((units, i))
        if c.budget_of[i]:
            f = c.footprint(i, s)
            for p, t, units in zip(
                f.rows.tolist(), f.cols.tolist(), f.amounts.tolist(), strict=True
            ):
                occupancy.setdefault((p, t), []).append((units, i))
    for users in occupancy.values():
        users.sort(key=lambda u: (-u[0], u[1]))
    return occupancy
