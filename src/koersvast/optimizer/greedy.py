"""Rank-and-fill baseline: what a spreadsheet does, and the solver's first warm start.

Initiatives are taken in rank order (must-run work first) and each is placed at its earliest
start where capacity, precedence and exclusive groups allow; a together group (samen starten)
is placed as one block: one start where all its members fit, or none of them.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence

import numpy as np

from koersvast.optimizer.compiled import Compiled, FloatArray

RankKey = Callable[[Compiled, int], float]


def by_value(c: Compiled, i: int) -> float:
    """Spreadsheet ranking: highest value first."""
    return -c.problem.initiatives[i].value


def by_density(c: Compiled, i: int) -> float:
    """Value per unit of normalised capacity (the classic knapsack ratio)."""
    mean_cap = np.maximum(c.cap.mean(axis=1), 1e-9)
    load = float((c.demand_of[i].sum(axis=1) / mean_cap[c.pools_of[i]]).sum())
    for p, profile in c.budget_of[i]:
        # A bucket's capacity covers several periods: compare with its share per period.
        per_period = mean_cap[p] * len(c.bucket_spans[p]) / max(1, c.horizon)
        load += float(profile.sum()) / max(per_period, 1e-9)
    return -c.start_value(i, c.lo[i]) / (load + 1e-9)


def greedy(
    c: Compiled,
    rank: RankKey = by_value,
    *,
    residual: FloatArray | None = None,
    fixed: dict[int, int] | None = None,
    allowed: Sequence[bool] | None = None,
    preferred: Sequence[Sequence[int]] | None = None,
    must_order: Sequence[float] | None = None,
) -> dict[int, int]:
    """Place initiatives by rank; returns {initiative index: start}.

    ``fixed`` placements are taken as given (and use capacity); ``allowed`` limits which
    optional initiatives may be added. Must-run initiatives that do not fit are left out, so
    the result may miss mandatory work (the MILP then decides feasibility). ``preferred``
    gives, per initiative, the starts to try first (e.g. from an LP relaxation);
    ``must_order`` overrides the latest-start priority of must-run work.
    """
    res = c.cap.copy() if residual is None else residual
    starts: dict[int, int] = {}
    taken_groups: set[int] = set()
    decided = [False] * c.size
    for i, s in (fixed or {}).items():
        starts[i] = s
        decided[i] = True
        c.place(res, i, s)
        if c.group[i] >= 0:
            taken_groups.add(c.group[i])
    keys = [rank(c, i) for i in range(c.size)]
    # Must-run work is placed before anything optional, tightest deadline first.
    urgency = list(map(float, c.hi)) if must_order is None else list(must_order)
    priority = [
        (0 if c.must[i] else 1, urgency[i] if c.must[i] else 0.0, keys[i], i) for i in range(c.size)
    ]
    # A together group is placed as one block once every member's predecessors outside the
    # group are decided (a predecessor inside the group makes the group unplaceable).
    waiting = [
        sum(1 for a in c.preds[i] if not decided[a] and not _same_team(c, a, i))
        for i in range(c.size)
    ]
    heap = [priority[i] for i in range(c.size) if not decided[i] and waiting[i] == 0]
    heapq.heapify(heap)
    while heap:
        *_, i = heapq.heappop(heap)
        if decided[i]:
            continue
        block = [j for j in c.mates(i) if not decided[j]]
        if any(waiting[j] > 0 for j in block):
            continue  # the last member to become ready places the group
        for j in block:
            decided[j] = True
        mates = c.mates(i)
        at = {starts[j] for j in mates if j in starts}
        refused = any(j not in starts for j in mates if j not in block)
        groups = [c.group[j] for j in block if c.group[j] >= 0]
        ok = (
            not refused
            and len(at) <= 1
            and all(allowed is None or allowed[j] or c.must[j] for j in block)
            and len(set(groups)) == len(groups)
            and not taken_groups.intersection(groups)
        )
        earliest = max(c.lo[j] for j in block)
        latest = min(c.hi[j] for j in block)
        if ok:
            for j in block:
                for a in c.preds[j]:
                    if a not in starts:
                        ok = False
                        break
                    earliest = max(earliest, starts[a] + c.gap(a, j))
        if ok:
            order: Sequence[int] = range(earliest, latest + 1)
            if at:
                order = [s for s in at if earliest <= s <= latest]
            elif preferred is not None:
                wish = next((preferred[j] for j in block if preferred[j]), None)
                if wish:
                    first = [s for s in wish if earliest <= s <= latest]
                    order = first + [s for s in order if s not in first]
            for s in order:
                if c.fits_all(res, block, s):
                    for j in block:
                        starts[j] = s
                        c.place(res, j, s)
                    taken_groups.update(groups)
                    break
        for j in block:
            for b in c.succs[j]:
                if _same_team(c, j, b):
                    continue
                waiting[b] -= 1
                if waiting[b] == 0 and not decided[b]:
                    heapq.heappush(heap, priority[b])
    return starts


def _same_team(c: Compiled, a: int, b: int) -> bool:
    return c.team[a] >= 0 and c.team[a] == c.team[b]


def best_greedy(c: Compiled) -> dict[int, int]:
    """The better of value-ranking and density-ranking (used as a warm start)."""
    candidates = [greedy(c, by_value), greedy(c, by_density)]
    return max(candidates, key=lambda st: (_must_count(c, st), c.objective(st)))


def _must_count(c: Compiled, starts: dict[int, int]) -> int:
    return sum(1 for i in starts if c.must[i])


def fit_mandatory(
    c: Compiled, *, seed: int, deadline: float, max_attempts: int = 2000
) -> dict[int, int] | None:
    """Randomised serial schedule generation for must-run work (latest-start priority).

    Returns a plan holding all must-run work plus a rank-and-fill of the rest, or None.
    """
    import random
    import time

    rng = random.Random(seed)
    must = [i for i in range(c.size) if c.must[i]]
    if not must:
        return greedy(c)
    none_optional = [False] * c.size
    spread = max(1.0, 0.1 * c.horizon)
    for attempt in range(max_attempts):
        if attempt and time.perf_counter() > deadline:
            break
        noise = 0.0 if attempt == 0 else spread * (1 + attempt // 200)
        order = [c.hi[i] + rng.random() * noise for i in range(c.size)]
        starts = greedy(c, allowed=none_optional, must_order=order)
        if all(i in starts for i in must):
            return greedy(c, fixed=starts)
    return None
