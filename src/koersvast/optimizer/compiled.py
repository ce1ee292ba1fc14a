"""Numeric form of a problem: arrays, start windows and propagated precedence."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from koersvast.optimizer.model import Placement, Problem

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
TOLERANCE = 1e-6


@dataclass
class Compiled:
    """Arrays the solvers share. Windows ``lo..hi`` are empty when ``hi < lo``."""

    problem: Problem
    horizon: int
    pool_ids: list[str]
    cap: FloatArray
    duration: list[int]
    pools_of: list[IntArray]
    demand_of: list[FloatArray]
    lo: list[int]
    hi: list[int]
    must: list[bool]
    preds: list[list[int]]
    succs: list[list[int]]
    group: list[int]
    groups: list[list[int]]
    topo: list[int]
    index: dict[str, int]
    # Demand minus the tolerance, precomputed: ``fits`` runs tens of thousands of times.
    need_of: list[FloatArray] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.need_of:
            self.need_of = [d - TOLERANCE for d in self.demand_of]

    @property
    def size(self) -> int:
        return len(self.duration)

    def start_value(self, i: int, start: int) -> float:
        return self.problem.initiatives[i].value_at(start)

    def fits(self, residual: FloatArray, i: int, start: int) -> bool:
        end = start + self.duration[i]
        # ``.any()`` on the comparison is twice as fast as ``np.all`` (no Python wrapper).
        return not (residual[self.pools_of[i], start:end] < self.need_of[i]).any()

    def place(self, residual: FloatArray, i: int, start: int, sign: float = -1.0) -> None:
        end = start + self.duration[i]
        residual[self.pools_of[i], start:end] += sign * self.demand_of[i]

    def usage(self, starts: dict[int, int]) -> FloatArray:
        used = np.zeros_like(self.cap)
        for i, s in starts.items():
            used[self.pools_of[i], s : s + self.duration[i]] += self.demand_of[i]
        return used

    def objective(self, starts: dict[int, int]) -> float:
        return float(sum(self.start_value(i, s) for i, s in starts.items()))

    def placements(self, starts: dict[int, int]) -> list[Placement]:
        ids = self.problem.initiatives
        return [Placement(ids[i].id, s) for i, s in sorted(starts.items())]

    def starts_of(self, placements: list[Placement]) -> dict[int, int]:
        return {self.index[p.id]: p.start for p in placements}

    def is_feasible(self, starts: dict[int, int]) -> bool:
        """Quick internal check (the independent one lives in ``checker``)."""
        if any(self.must[i] and i not in starts for i in range(self.size)):
            return False
        taken: set[int] = set()
        for i, s in starts.items():
            if not self.lo[i] <= s <= self.hi[i]:
                return False
            for a in self.preds[i]:
                if a not in starts or starts[a] + self.duration[a] > s:
                    return False
            g = self.group[i]
            if g >= 0:
                if g in taken:
                    return False
                taken.add(g)
        return bool(np.all(self.usage(starts) <= self.cap + TOLERANCE))


def compile_problem(problem: Problem, extra_capacity: FloatArray | None = None) -> Compiled:
    horizon = problem.horizon
    pool_ids = [pool.id for pool in problem.pools]
    pool_index = {pid: k for k, pid in enumerate(pool_ids)}
    cap = np.array([pool.capacity for pool in problem.pools], dtype=np.float64).reshape(
        len(pool_ids), horizon
    )
    if extra_capacity is not None:
        cap = cap + extra_capacity
    index = {item.id: i for i, item in enumerate(problem.initiatives)}
    duration: list[int] = []
    pools_of: list[IntArray] = []
    demand_of: list[FloatArray] = []
    lo: list[int] = []
    hi: list[int] = []
    groups_by_name: dict[str, int] = {}
    group: list[int] = []
    for item in problem.initiatives:
        keys = [k for k in item.demand if any(v > 0 for v in item.demand[k])]
        duration.append(item.duration)
        pools_of.append(np.array([pool_index[k] for k in keys], dtype=np.int64))
        demand_of.append(
            np.array([item.demand[k] for k in keys], dtype=np.float64).reshape(
                len(keys), item.duration
            )
        )
        last = horizon - item.duration
        if item.fixed_start is not None:
            start = item.fixed_start
            ok = 0 <= start <= last
            lo.append(start if ok else 1)
            hi.append(start if ok else 0)
        else:
            latest = last if item.latest_start is None else min(last, item.latest_start)
            lo.append(max(0, item.earliest_start))
            hi.append(latest)
        if item.exclusive_group is None:
            group.append(-1)
        else:
            group.append(groups_by_name.setdefault(item.exclusive_group, len(groups_by_name)))
    n = len(duration)
    preds = [[index[a] for a in item.after] for item in problem.initiatives]
    succs: list[list[int]] = [[] for _ in range(n)]
    for b in range(n):
        for a in preds[b]:
            succs[a].append(b)
    topo = _topological_order(preds, succs)
    must = [item.must_run for item in problem.initiatives]
    for b in reversed(topo):
        if must[b]:
            for a in preds[b]:
                must[a] = True
    for b in topo:
        for a in preds[b]:
            if hi[a] < lo[a]:
                lo[b], hi[b] = max(lo[b], 1), min(hi[b], 0)
            lo[b] = max(lo[b], lo[a] + duration[a])
    for b in reversed(topo):
        if must[b]:
            for a in preds[b]:
                hi[a] = min(hi[a], hi[b] - duration[a])
    groups: list[list[int]] = [[] for _ in groups_by_name]
    for i, g in enumerate(group):
        if g >= 0:
            groups[g].append(i)
    return Compiled(
        problem=problem,
        horizon=horizon,
        pool_ids=pool_ids,
        cap=cap,
        duration=duration,
        pools_of=pools_of,
        demand_of=demand_of,
        lo=lo,
        hi=hi,
        must=must,
        preds=preds,
        succs=succs,
        group=group,
        groups=groups,
        topo=topo,
        index=index,
    )


def _topological_order(preds: list[list[int]], succs: list[list[int]]) -> list[int]:
    remaining = [len(p) for p in preds]
    ready = [i for i, r in enumerate(remaining) if r == 0]
    order: list[int] = []
    while ready:
        node = ready.pop()
        order.append(node)
        for b in succs[node]:
            remaining[b] -= 1
            if remaining[b] == 0:
                ready.append(b)
    return order
