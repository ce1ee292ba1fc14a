"""Numeric form of a problem: arrays, start windows and propagated precedence.

Capacity is one pools x periods array. A bucketed (budget) pool limits a sum over a group of
periods; its row holds the group's capacity in every period of the group, and an initiative
takes its demand in a group from every period of that group, so that ``residual = cap - use``
stays one array that every solver can slice. ``fits``, ``place`` and ``usage`` handle both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from koersvast.optimizer.model import Placement, Problem

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
TOLERANCE = 1e-6


@dataclass(frozen=True)
class Footprint:
    """An initiative's use of bucketed pools when started at a given period.

    ``rows``/``cols``/``amounts``: one entry per touched bucket, at the bucket's first period
    (to test); ``all_rows``/``all_cols``/``all_amounts``: the same amounts in every period of
    the bucket (to place).
    """

    rows: IntArray
    cols: IntArray
    amounts: FloatArray
    all_rows: IntArray
    all_cols: IntArray
    all_amounts: FloatArray


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
    # Bucketed pools: the bucket of every period (None for a plain pool) and the (first, last)
    # period of every bucket; per initiative its demand profile on bucketed pools. ``pools_of``
    # and ``demand_of`` hold plain pools only.
    bucket_of: list[IntArray | None] = field(default_factory=list)
    bucket_spans: list[list[tuple[int, int]]] = field(default_factory=list)
    budget_of: list[list[tuple[int, FloatArray]]] = field(default_factory=list)
    footprints: dict[tuple[int, int], Footprint] = field(default_factory=dict, repr=False)
    # Waiting periods per precedence (predecessor, successor) with a lag; absent means 0.
    lag: dict[tuple[int, int], int] = field(default_factory=dict)
    # Together groups (samen starten) of two or more initiatives, and per initiative the index
    # of its group or -1: all members or none are selected, all at the same start.
    teams: list[list[int]] = field(default_factory=list)
    team: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.need_of:
            self.need_of = [d - TOLERANCE for d in self.demand_of]
        if not self.budget_of:
            self.budget_of = [[] for _ in self.duration]
        if not self.bucket_of:
            self.bucket_of = [None] * len(self.pool_ids)
            self.bucket_spans = [[(t, t) for t in range(self.horizon)] for _ in self.pool_ids]
        if not self.team:
            self.team = [-1] * len(self.duration)
            for k, members in enumerate(self.teams):
                for i in members:
                    self.team[i] = k

    @property
    def size(self) -> int:
        return len(self.duration)

    def gap(self, a: int, b: int) -> int:
        """Periods between the start of predecessor ``a`` and the earliest start of ``b``: the
        duration of ``a`` plus the lag (wachttijd) of that precedence."""
        return self.duration[a] + self.lag.get((a, b), 0)

    def mates(self, i: int) -> list[int]:
        """The together group of ``i`` (``i`` itself first), or just ``[i]``."""
        k = self.team[i]
        if k < 0 or k >= len(self.teams):
            return [i]
        return [i, *(j for j in self.teams[k] if j != i)]

    def fits_all(self, residual: FloatArray, members: list[int], start: int) -> bool:
        """Whether all of ``members`` fit together at ``start`` (residual left unchanged)."""
        if len(members) == 1:
            return self.fits(residual, members[0], start)
        placed: list[int] = []
        ok = True
        for j in members:
            if not self.fits(residual, j, start):
                ok = False
                break
            self.place(residual, j, start)
            placed.append(j)
        for j in placed:
            self.place(residual, j, start, sign=1.0)
        return ok

    def start_value(self, i: int, start: int) -> float:
        return self.problem.initiatives[i].value_at(start)

    @property
    def has_buckets(self) -> bool:
        return any(b is not None for b in self.bucket_of)

    def fits(self, residual: FloatArray, i: int, start: int) -> bool:
        end = start + self.duration[i]
        # ``.any()`` on the comparison is twice as fast as ``np.all`` (no Python wrapper).
        if (residual[self.pools_of[i], start:end] < self.need_of[i]).any():
            return False
        if not self.budget_of[i]:
            return True
        f = self.footprint(i, start)
        return not (residual[f.rows, f.cols] < f.amounts - TOLERANCE).any()

    def place(self, residual: FloatArray, i: int, start: int, sign: float = -1.0) -> None:
        end = start + self.duration[i]
        residual[self.pools_of[i], start:end] += sign * self.demand_of[i]
        if self.budget_of[i]:
            f = self.footprint(i, start)
            residual[f.all_rows, f.all_cols] += sign * f.all_amounts

    def usage(self, starts: dict[int, int]) -> FloatArray:
        used = np.zeros_like(self.cap)
        for i, s in starts.items():
            self.place(used, i, s, sign=1.0)
        return used

    def uses(self, i: int, p: int) -> bool:
        """Whether initiative ``i`` asks anything of pool ``p``."""
        return p in self.pools_of[i].tolist() or any(q == p for q, _ in self.budget_of[i])

    def footprint(self, i: int, start: int) -> Footprint:
        """Use of bucketed pools by ``i`` started at ``start`` (cached: starts repeat)."""
        key = (i, start)
        found = self.footprints.get(key)
        if found is None:
            found = self.footprints[key] = self._footprint(i, start)
        return found

    def _footprint(self, i: int, start: int) -> Footprint:
        rows: list[int] = []
        cols: list[int] = []
        amounts: list[float] = []
        all_rows: list[int] = []
        all_cols: list[int] = []
        all_amounts: list[float] = []
        for p, profile in self.budget_of[i]:
            buckets = self.bucket_of[p]
            assert buckets is not None
            # A budget profile may run on after the work (kapitaallasten): clip to the horizon.
            run = buckets[start : start + len(profile)]
            sums = np.bincount(run - run[0], weights=profile[: len(run)])
            for k, amount in enumerate(sums.tolist()):
                if amount <= 0:
                    continue
                first, last = self.bucket_spans[p][int(run[0]) + k]
                rows.append(p)
                cols.append(first)
                amounts.append(amount)
                all_rows.extend([p] * (last - first + 1))
                all_cols.extend(range(first, last + 1))
                all_amounts.extend([amount] * (last - first + 1))
        return Footprint(
            np.array(rows, dtype=np.int64),
            np.array(cols, dtype=np.int64),
            np.array(amounts, dtype=np.float64),
            np.array(all_rows, dtype=np.int64),
            np.array(all_cols, dtype=np.int64),
            np.array(all_amounts, dtype=np.float64),
        )

    def per_bucket(self, p: int, row: FloatArray) -> list[float]:
        """A pool's row (capacity, use, extra) per bucket: one number per period if plain."""
        return [float(row[first]) for first, _ in self.bucket_spans[p]]

    def bucket_label(self, p: int, first: int) -> str:
        """Name of the bucket starting at ``first``: its period, or 'first..last'."""
        periods = self.problem.periods
        for start, last in self.bucket_spans[p]:
            if start == first and last > first:
                return f"{periods[first]}..{periods[last]}"
        return periods[first]

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
                if a not in starts or starts[a] + self.gap(a, i) > s:
                    return False
            g = self.group[i]
            if g >= 0:
                if g in taken:
                    return False
                taken.add(g)
        for members in self.teams:
            chosen = {starts[j] for j in members if j in starts}
            if chosen and (len(chosen) > 1 or any(j not in starts for j in members)):
                return False
        return bool(np.all(self.usage(starts) <= self.cap + TOLERANCE))


def compile_problem(problem: Problem, extra_capacity: FloatArray | None = None) -> Compiled:
    horizon = problem.horizon
    pool_ids = [pool.id for pool in problem.pools]
    pool_index = {pid: k for k, pid in enumerate(pool_ids)}
    cap = np.array(
        [pool.period_capacity(horizon) for pool in problem.pools], dtype=np.float64
    ).reshape(len(pool_ids), horizon)
    if extra_capacity is not None:
        # For a bucketed pool the extra is read per bucket (its first period), like capacity.
        cap = cap + _replicate_buckets(problem, extra_capacity)
    bucketed = {k for k, pool in enumerate(problem.pools) if pool.buckets is not None}
    bucket_of: list[IntArray | None] = [
        None if pool.buckets is None else np.array(pool.buckets, dtype=np.int64)
        for pool in problem.pools
    ]
    bucket_spans = [
        pool.bucket_spans() if pool.buckets is not None else [(t, t) for t in range(horizon)]
        for pool in problem.pools
    ]
    index = {item.id: i for i, item in enumerate(problem.initiatives)}
    duration: list[int] = []
    pools_of: list[IntArray] = []
    demand_of: list[FloatArray] = []
    budget_of: list[list[tuple[int, FloatArray]]] = []
    lo: list[int] = []
    hi: list[int] = []
    groups_by_name: dict[str, int] = {}
    group: list[int] = []
    for item in problem.initiatives:
        asked = [k for k in item.demand if any(v > 0 for v in item.demand[k])]
        keys = [k for k in asked if pool_index[k] not in bucketed]
        budget_of.append(
            [
                (pool_index[k], np.array(item.demand[k], dtype=np.float64))
                for k in asked
                if pool_index[k] in bucketed
            ]
        )
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
    lag = {
        (index[a], b): item.lag_after(j)
        for b, item in enumerate(problem.initiatives)
        for j, a in enumerate(item.after)
        if item.lag_after(j)
    }
    succs: list[list[int]] = [[] for _ in range(n)]
    for b in range(n):
        for a in preds[b]:
            succs[a].append(b)
    topo = _topological_order(preds, succs)
    must = [item.must_run for item in problem.initiatives]
    teams = _together_groups(problem, index)
    # Precedence and together groups feed each other (a group shares one window and is
    # must-run as a whole): propagate until nothing changes. Earliest starts are capped at
    # the horizon, so this ends even when a group can never start (a member after another).
    for _ in range(n + 2):
        before = (list(lo), list(hi), list(must))
        for b in reversed(topo):
            if must[b]:
                for a in preds[b]:
                    must[a] = True
        for members in teams:
            if any(must[i] for i in members):
                for i in members:
                    must[i] = True
        for b in topo:
            for a in preds[b]:
                if hi[a] < lo[a]:
                    lo[b], hi[b] = max(lo[b], 1), min(hi[b], 0)
                lo[b] = min(horizon, max(lo[b], lo[a] + duration[a] + lag.get((a, b), 0)))
        for b in reversed(topo):
            if must[b]:
                for a in preds[b]:
                    hi[a] = min(hi[a], hi[b] - duration[a] - lag.get((a, b), 0))
        for members in teams:
            first = min(horizon, max(lo[i] for i in members))
            last = min(hi[i] for i in members)
            for i in members:
                lo[i], hi[i] = first, last
        if (lo, hi, must) == before:
            break
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
        bucket_of=bucket_of,
        bucket_spans=bucket_spans,
        budget_of=budget_of,
        lag=lag,
        teams=teams,
    )


def _together_groups(problem: Problem, index: dict[str, int]) -> list[list[int]]:
    """Connected groups of two or more initiatives linked by ``together_with`` (ids that are
    not in the problem, e.g. left out by a mode, are ignored)."""
    parent = list(range(len(problem.initiatives)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for b, item in enumerate(problem.initiatives):
        for mate in item.together_with:
            a = index.get(mate)
            if a is not None:
                parent[root(a)] = root(b)
    found: dict[int, list[int]] = {}
    for i in range(len(parent)):
        found.setdefault(root(i), []).append(i)
    return [members for members in found.values() if len(members) > 1]


def _replicate_buckets(problem: Problem, extra: FloatArray) -> FloatArray:
    """Extra capacity with each bucketed pool's per-bucket value copied over its periods."""
    result = np.array(extra, dtype=np.float64, copy=True)
    for k, pool in enumerate(problem.pools):
        if pool.buckets is not None:
            for first, last in pool.bucket_spans():
                result[k, first : last + 1] = extra[k, first]
    return result


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
