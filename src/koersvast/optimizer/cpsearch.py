"""Constraint-propagation search for must-run work: the exact fallback of schedule generation.

Schedule generation (``scheduling``) is fast but a heuristic: on the hardest PSPLIB instances
with the horizon at the optimal makespan it can end one to four periods late. This module
searches the start windows themselves, the way CP solvers do:

* **time windows**: every job keeps an earliest and a latest start (from precedence, the
  horizon, deadlines and fixed starts);
* **propagation** to a fixpoint at every node: precedence (earliest starts forwards, latest
  starts backwards) and the *timetable* of compulsory parts (the periods a job occupies
  whatever its start within the window); an overloaded period fails the node, and a job whose
  profile does not fit at its earliest (latest) start has that start moved; and
  **disjunctive pairs** (two jobs whose least demands exceed a pool's capacity) are ordered
  as soon as only one order fits their windows;
* **together groups**: the members' windows are kept equal (one start for all);
* **set-times branching**: take the unfixed job with the least earliest start (ties: least
  latest start), either start it there or *postpone* it until propagation moves its earliest
  start. Depth first, so memory stays small.

Complete for constant capacity and no fixed starts (RCPSP; a hypothesis test checks it
against brute force); otherwise postponement may skip a solution, so a failed search proves
nothing and the caller reports "not found". Without learning it thrashes on the hardest
instances, which is why it is one part of a portfolio (see ``scheduling``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from koersvast.optimizer.compiled import TOLERANCE, Compiled

# Check the clock every this many nodes (the clock call is not free in a tight loop).
CLOCK_EVERY = 32


@dataclass
class CpOutcome:
    """Starts of the must-run jobs (initiative index -> start), or None; nodes searched."""

    starts: dict[int, int] | None
    nodes: int
    exhausted: bool


class CpScheduler:
    """Depth-first set-times search with timetable propagation over the must-run jobs."""

    def __init__(self, c: Compiled) -> None:
        self.c = c
        self.items = [i for i in range(c.size) if c.must[i]]
        local = {i: k for k, i in enumerate(self.items)}
        self.dur = [c.duration[i] for i in self.items]
        self.lo = [c.lo[i] for i in self.items]
        self.hi = [c.hi[i] for i in self.items]
        self.preds = [[local[a] for a in c.preds[i] if a in local] for i in self.items]
        self.succs = [[local[b] for b in c.succs[i] if b in local] for i in self.items]
        self.gap = {
            (local[a], k): c.gap(a, i)
            for k, i in enumerate(self.items)
            for a in c.preds[i]
            if a in local
        }
        order = [local[i] for i in c.topo if i in local]
        self.topo = order
        # Together groups among the jobs: their windows stay equal (one start for all).
        self.teams = [
            [local[i] for i in members if i in local]
            for members in c.teams
            if sum(1 for i in members if i in local) > 1
        ]
        self.cap: list[list[float]] = (c.cap + TOLERANCE).tolist()
        self.horizon = c.horizon
        self.need: list[list[tuple[int, list[float]]]] = []
        self.floor: list[list[tuple[int, float]]] = []
        self.flat: list[bool] = []
        for i in self.items:
            rows = [
                (int(p), [float(u) for u in c.demand_of[i][k]])
                for k, p in enumerate(c.pools_of[i].tolist())
            ]
            self.need.append(rows)
            self.floor.append([(p, min(profile)) for p, profile in rows])
            self.flat.append(all(len(set(profile)) <= 1 for _, profile in rows))
        pools = c.cap.shape[0]
        self.energy_rate = np.zeros((len(self.items), pools))
        for k, rows_k in enumerate(self.floor):
            for p, units in rows_k:
                self.energy_rate[k, p] = units
        # Pairs that can never run side by side (their least demands exceed the largest
        # capacity of some pool): one must finish before the other starts.
        peak = c.cap.max(axis=1) if c.cap.size else np.zeros(pools)
        rate = self.energy_rate
        self.pairs: list[tuple[int, int]] = [
            (a, b)
            for a in range(len(self.items))
            for b in range(a + 1, len(self.items))
            if bool(np.any(rate[a] + rate[b] > peak + TOLERANCE))
        ]

    # ------------------------------------------------------------------ propagation
    def _precedence(self, es: list[int], ls: list[int]) -> bool:
        gap = self.gap
        while True:
            for k in self.topo:
                for a in self.preds[k]:
                    if es[a] + gap[a, k] > es[k]:
                        es[k] = es[a] + gap[a, k]
            for k in reversed(self.topo):
                for b in self.succs[k]:
                    if ls[b] - gap[k, b] < ls[k]:
                        ls[k] = ls[b] - gap[k, b]
            if not self._together(es, ls):
                return all(es[k] <= ls[k] for k in range(len(es)))

    def _together(self, es: list[int], ls: list[int]) -> bool:
        """Equal windows within every together group; whether one changed (an empty window
        ends the propagation: earliest starts only grow until they pass the latest)."""
        changed = False
        for team in self.teams:
            first = max(es[k] for k in team)
            last = min(ls[k] for k in team)
            if first > last:
                for k in team:
                    es[k], ls[k] = first, last
                return False
            for k in team:
                if (es[k], ls[k]) != (first, last):
                    es[k], ls[k] = first, last
                    changed = True
        return changed

    def _timetable(self, es: list[int], ls: list[int]) -> list[list[float]] | None:
        """Capacity left after every compulsory part, or None on overload."""
        free = [row[:] for row in self.cap]
        dur = self.dur
        for k in range(len(es)):
            lo, hi = ls[k], es[k] + dur[k]
            if lo >= hi:
                continue
            if es[k] == ls[k]:
                for p, profile in self.need[k]:
                    row = free[p]
                    for tau, units in enumerate(profile):
                        row[lo + tau] -= units
            else:
                for p, units in self.floor[k]:
                    row = free[p]
                    for t in range(lo, hi):
                        row[t] -= units
        for row in free:
            if min(row, default=0.0) < 0.0:
                return None
        return free

    def _conflict(
        self, free: list[list[float]], es: list[int], ls: list[int], k: int, s: int
    ) -> int:
        """-1 if job ``k`` fits at ``s`` (its own compulsory part given back), else an offset."""
        lo, hi = ls[k], es[k] + self.dur[k]
        own = lo < hi
        for (p, profile), (_, base) in zip(self.need[k], self.floor[k], strict=True):
            row = free[p]
            for tau, units in enumerate(profile):
                t = s + tau
                room = row[t] + (base if own and lo <= t < hi else 0.0)
                if room < units:
                    return tau
        return -1

    def _disjunctive(self, es: list[int], ls: list[int]) -> bool | None:
        """Order the pairs that cannot overlap when only one order fits their windows.

        Returns None on a contradiction, else whether a window changed."""
        dur = self.dur
        changed = False
        for a, b in self.pairs:
            a_first = es[a] + dur[a] <= ls[b]
            b_first = es[b] + dur[b] <= ls[a]
            if a_first and b_first:
                continue
            if not a_first and not b_first:
                return None
            first, second = (a, b) if a_first else (b, a)
            if es[first] + dur[first] > es[second]:
                es[second] = es[first] + dur[first]
                changed = True
            if ls[second] - dur[first] < ls[first]:
                ls[first] = ls[second] - dur[first]
                changed = True
        return changed

    def propagate(self, es: list[int], ls: list[int]) -> bool:
        """Tighten ``es``/``ls`` in place to a fixpoint; False when the node has no solution."""
        dur = self.dur
        while True:
            if not self._precedence(es, ls):
                return False
            moved = self._disjunctive(es, ls)
            if moved is None:
                return False
            if moved:
                continue
            free = self._timetable(es, ls)
            if free is None:
                return False
            changed = False
            new_es, new_ls = es[:], ls[:]
            for k in range(len(es)):
                if es[k] == ls[k]:
                    continue
                s = es[k]
                while s <= ls[k]:
                    tau = self._conflict(free, es, ls, k, s)
                    if tau < 0:
                        break
                    s = s + tau + 1 if self.flat[k] else s + 1
                if s > ls[k]:
                    return False
                if s != es[k]:
                    new_es[k], changed = s, True
                s = ls[k]
                while s >= new_es[k]:
                    tau = self._conflict(free, es, ls, k, s)
                    if tau < 0:
                        break
                    s = s + tau - dur[k] if self.flat[k] else s - 1
                if s < new_es[k]:
                    return False
                if s != ls[k]:
                    new_ls[k], changed = s, True
            es[:], ls[:] = new_es, new_ls
            if not changed:
                return True

    # ------------------------------------------------------------------ search
    def search(
        self,
        *,
        deadline: float,
        max_nodes: int | None = None,
        keys: list[float] | None = None,
    ) -> CpOutcome:
        """One depth-first search; ``keys`` break ties between jobs with equal earliest start."""
        es, ls = self.lo[:], self.hi[:]
        if keys is None:
            keys = [0.0] * len(es)
        if any(e > s for e, s in zip(es, ls, strict=True)):
            return CpOutcome(None, 0, True)
        stack: list[tuple[list[int], list[int], dict[int, int]]] = [(es, ls, {})]
        nodes = 0
        while stack:
            nodes += 1
            if max_nodes is not None and nodes > max_nodes:
                return CpOutcome(None, nodes, False)
            if nodes % CLOCK_EVERY == 0 and time.perf_counter() > deadline:
                return CpOutcome(None, nodes, False)
            es, ls, postponed = stack.pop()
            if not self.propagate(es, ls):
                continue
            open_jobs = [k for k in range(len(es)) if es[k] < ls[k]]
            if not open_jobs:
                starts = {self.items[k]: es[k] for k in range(len(es))}
                return CpOutcome(starts, nodes, False)
            # A postponed job waits until propagation moves its earliest start.
            postponed = {k: e for k, e in postponed.items() if es[k] == e and es[k] < ls[k]}
            ready = [k for k in open_jobs if k not in postponed]
            if not ready:
                continue
            k = min(ready, key=lambda j: (es[j], keys[j], ls[j], j))
            stack.append((es[:], ls[:], {**postponed, k: es[k]}))
            fixed_ls = ls[:]
            fixed_ls[k] = es[k]
            stack.append((es[:], fixed_ls, postponed))
        return CpOutcome(None, nodes, True)


def cp_schedule_must_run(
    c: Compiled, *, deadline: float, max_nodes: int | None = None
) -> dict[int, int] | None:
    """All must-run work placed by constraint-propagation search, or None if none was found."""
    outcome = CpScheduler(c).search(deadline=deadline, max_nodes=max_nodes)
    if outcome.starts is None or not c.is_feasible(outcome.starts):
        return None
    return outcome.starts
