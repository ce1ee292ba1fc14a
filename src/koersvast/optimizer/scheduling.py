"""Schedule generation for must-run work: feasibility first, before any MILP.

When mandatory and already-running work is tight (the extreme case: PSPLIB RCPSP instances
with the horizon set to the optimal makespan), the LP relaxation of the time-indexed model can
take longer than the whole time limit. Classic RCPSP heuristics find such schedules in
milliseconds:

* a **serial schedule-generation scheme** (SGS): take the jobs in a precedence-feasible
  priority list and start each at the earliest period where its predecessors have finished and
  its demand profile fits the remaining capacity;
* **priority rules** for the list: LFT (latest finish time), LST (latest start time), MTS (most
  total successors) and GRPW (greatest rank positional weight);
* **forward-backward improvement** (double justification): shift every job as late as
  possible in order of decreasing finish, then as early as possible in order of increasing
  start; this never lengthens an RCPSP schedule and often shortens it;
* **random-key restarts**: priority values perturbed with noise, alternating between fresh
  samples around a rule and small perturbations of the best schedule found so far;
* **OR-Tools CP-SAT** in a subprocess (``cpsat``) when a short burst of schedule generation
  ends late: it is given the best (late) schedule as a hint and solves the hardest PSPLIB
  instances that the heuristics miss; the plan it returns is checked here before it is used;
* a **constraint-propagation search** (``cpsearch``) as the fallback when CP-SAT is not
  available or fails: it finds schedules the heuristics miss (e.g. PSPLIB j3021_5).

Lateness (the largest ``start - latest_start`` over the jobs) is minimised; a schedule with
lateness <= 0 is feasible. Periods past the horizon get the capacity of the last period so that
late schedules can still be built and improved. Already-running (fixed-start) work is reserved
first and never moved.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from koersvast.optimizer import cpsat
from koersvast.optimizer.compiled import TOLERANCE, Compiled, FloatArray
from koersvast.optimizer.cpsearch import CpScheduler

RULES = ("lft", "lst", "mts", "grpw")
POPULATION = 40
MUTATION = 0.05
# The portfolio for must-run work: (method, end of its slice as a share of the budget). The
# first burst always runs; the rest when CP-SAT is not available or fails.
PORTFOLIO = (("sgs", 0.05), ("cp", 0.2), ("sgs", 0.8), ("cp", 1.0))
# Reproducible runs: search nodes allowed per schedule of the schedule-generation budget.
CP_NODES_PER_SCHEDULE = 5
# Reproducible runs: CP-SAT's deterministic time (about 0.3 per second of one core) per
# schedule of the schedule-generation budget.
CPSAT_WORK_PER_SCHEDULE = 1e-3
# Seconds of our own search while the CP-SAT worker starts (its imports take a third of a
# second of CPU, more wall time on a busy machine).
SEARCH_WHILE_STARTING = 0.5


@dataclass
class MustSchedule:
    """Starts of the must-run jobs and the lateness of that schedule (<= 0 is feasible)."""

    starts: dict[int, int]
    lateness: int
    schedules: int = 0


class SerialScheduler:
    """Serial SGS with forward-backward improvement over the must-run jobs of ``c``."""

    def __init__(self, c: Compiled) -> None:
        self.c = c
        self.jobs = [i for i in range(c.size) if c.must[i] and c.lo[i] < c.hi[i]]
        self.fixed = {i: c.lo[i] for i in range(c.size) if c.must[i] and c.lo[i] == c.hi[i]}
        self.valid = all(c.lo[i] <= c.hi[i] for i in range(c.size) if c.must[i])
        job_set = set(self.jobs)
        self.preds = {j: [a for a in c.preds[j] if c.must[a]] for j in self.jobs}
        self.succs = {j: [b for b in c.succs[j] if b in job_set] for j in self.jobs}
        span = sum(c.duration[j] for j in self.jobs)
        self.length = c.horizon + span + 1
        last = c.cap[:, -1:] if c.horizon else np.zeros((c.cap.shape[0], 1))
        tail = np.repeat(last, self.length - c.horizon, axis=1)
        base: FloatArray = np.concatenate([c.cap, tail], axis=1) + TOLERANCE
        for i, s in self.fixed.items():
            c.place(base, i, s)
        self.base: list[list[float]] = base.tolist()
        self.need: dict[int, list[tuple[int, list[float]]]] = {
            j: [
                (int(p), [float(u) for u in c.demand_of[j][k]])
                for k, p in enumerate(c.pools_of[j].tolist())
            ]
            for j in self.jobs
        }
        # Flat profiles allow skipping past a conflicting period in one step.
        self.flat = {
            j: all(len(set(profile)) <= 1 for _, profile in self.need[j]) for j in self.jobs
        }
        self.priorities = self._priorities()
        # Together groups among the jobs: placed as one block (one start for all members).
        self.block = {j: [m for m in c.mates(j) if m in job_set] for j in self.jobs}
        self.grouped = any(len(block) > 1 for block in self.block.values())

    # ----------------------------------------------------------------- priority rules
    def _priorities(self) -> dict[str, dict[int, float]]:
        """Per rule a key per job; smaller keys are scheduled first."""
        c = self.c
        order = [i for i in c.topo if i in self.succs]
        finish: dict[int, float] = {}
        for j in reversed(order):
            latest = float(c.hi[j] + c.duration[j])
            for b in self.succs[j]:
                latest = min(latest, finish[b] - c.duration[b] - c.lag.get((j, b), 0))
            finish[j] = latest
        total: dict[int, set[int]] = {}
        for j in reversed(order):
            reach: set[int] = set()
            for b in self.succs[j]:
                reach.add(b)
                reach |= total[b]
            total[j] = reach
        return {
            "lft": finish,
            "lst": {j: finish[j] - c.duration[j] for j in self.jobs},
            "mts": {j: -float(len(total[j])) for j in self.jobs},
            "grpw": {
                j: -float(c.duration[j] + sum(c.duration[b] for b in self.succs[j]))
                for j in self.jobs
            },
        }

    def activity_list(self, keys: dict[int, float]) -> list[int]:
        """The precedence-feasible list that always takes the eligible job with the least key."""
        waiting = {j: sum(1 for a in self.preds[j] if a in self.succs) for j in self.jobs}
        eligible = [j for j in self.jobs if waiting[j] == 0]
        result: list[int] = []
        while eligible:
            j = min(eligible, key=lambda k: (keys[k], k))
            eligible.remove(j)
            result.append(j)
            for b in self.succs[j]:
                waiting[b] -= 1
                if waiting[b] == 0:
                    eligible.append(b)
        return result

    # ----------------------------------------------------------------- building blocks
    def _conflict(self, residual: list[list[float]], j: int, s: int) -> int:
        """-1 if job ``j`` fits at ``s``, else the offset of a period where it does not."""
        for p, profile in self.need[j]:
            row = residual[p]
            for tau, units in enumerate(profile):
                if row[s + tau] < units:
                    return tau
        return -1

    def _place(self, residual: list[list[float]], j: int, s: int) -> None:
        for p, profile in self.need[j]:
            row = residual[p]
            for tau, units in enumerate(profile):
                row[s + tau] -= units

    def _fits_block(self, residual: list[list[float]], block: list[int], s: int) -> bool:
        """Whether all of ``block`` fit together at ``s`` (residual left unchanged)."""
        placed: list[int] = []
        ok = True
        for m in block:
            if self._conflict(residual, m, s) >= 0:
                ok = False
                break
            self._place(residual, m, s)
            placed.append(m)
        for m in placed:
            for p, profile in self.need[m]:
                row = residual[p]
                for tau, units in enumerate(profile):
                    row[s + tau] += units
        return ok

    def forward(self, order: Sequence[int]) -> dict[int, int] | None:
        """Serial SGS: each job at its earliest feasible start, in list order."""
        duration = self.c.duration
        lo = self.c.lo
        residual = [row[:] for row in self.base]
        starts: dict[int, int] = dict(self.fixed)
        queue, k, stalled = list(order), 0, 0
        while k < len(queue):
            j = queue[k]
            k += 1
            if j in starts:
                continue
            block = self.block[j]
            if self.grouped:
                # A group waits for its members' predecessors, a job for a deferred group.
                waits = [a for m in block for a in self.preds[m] if a not in starts]
                if any(a not in block for a in waits):
                    stalled += 1
                    if stalled > len(queue) - k:
                        return None  # a whole round without progress
                    queue.append(j)
                    continue
            if len(block) > 1:
                stalled = 0
                s = max(
                    [lo[m] for m in block]
                    + [
                        starts[a] + self.c.gap(a, m)
                        for m in block
                        for a in self.preds[m]
                        if a in starts
                    ]
                )
                last = self.length - max(duration[m] for m in block)
                while s <= last and not self._fits_block(residual, block, s):
                    s += 1
                if s > last:
                    return None
                for m in block:
                    starts[m] = s
                    self._place(residual, m, s)
                continue
            stalled = 0
            s = lo[j]
            for a in self.preds[j]:
                s = max(s, starts[a] + self.c.gap(a, j))
            last = self.length - duration[j]
            while s <= last:
                conflict = self._conflict(residual, j, s)
                if conflict < 0:
                    break
                s = s + conflict + 1 if self.flat[j] else s + 1
            if s > last:
                return None
            starts[j] = s
            self._place(residual, j, s)
        return starts

    def backward(self, starts: dict[int, int], slack: int) -> dict[int, int] | None:
        """Every job as late as possible (deadline = latest start + ``slack``)."""
        duration = self.c.duration
        hi = self.c.hi
        residual = [row[:] for row in self.base]
        result: dict[int, int] = dict(self.fixed)
        order = sorted(self.jobs, key=lambda j: (-(starts[j] + duration[j]), -starts[j], j))
        queue, k, stalled = list(order), 0, 0
        while k < len(queue):
            j = queue[k]
            k += 1
            if j in result:
                continue
            block = self.block[j]
            if self.grouped:
                waits = [b for m in block for b in self.succs[m] if b not in result]
                if any(b not in block for b in waits):
                    stalled += 1
                    if stalled > len(queue) - k:
                        return None
                    queue.append(j)
                    continue
            if len(block) > 1:
                stalled = 0
                s = min(
                    [min(hi[m] + slack, self.length - duration[m]) for m in block]
                    + [
                        result[b] - self.c.gap(m, b)
                        for m in block
                        for b in self.succs[m]
                        if b in result
                    ]
                )
                while s >= 0 and not self._fits_block(residual, block, s):
                    s -= 1
                if s < 0:
                    return None
                for m in block:
                    result[m] = s
                    self._place(residual, m, s)
                continue
            stalled = 0
            s = min(hi[j] + slack, self.length - duration[j])
            for b in self.succs[j]:
                s = min(s, result[b] - self.c.gap(j, b))
            while s >= 0:
                conflict = self._conflict(residual, j, s)
                if conflict < 0:
                    break
                s = s + conflict - duration[j] if self.flat[j] else s - 1
            if s < 0:
                return None
            result[j] = s
            self._place(residual, j, s)
        return result

    def lateness(self, starts: dict[int, int]) -> int:
        c = self.c
        return max((starts[j] - c.hi[j] for j in self.jobs), default=0)

    def improve(self, starts: dict[int, int]) -> dict[int, int]:
        """Forward-backward improvement until the lateness stops dropping."""
        best, best_late = starts, self.lateness(starts)
        for _ in range(4):
            late = self.backward(best, max(0, best_late))
            if late is None:
                break
            order = sorted(self.jobs, key=lambda j: (late[j], j))
            early = self.forward(order)
            if early is None:
                break
            value = self.lateness(early)
            if value >= best_late:
                if value == best_late:
                    best = early
                break
            best, best_late = early, value
        return best

    # ----------------------------------------------------------------- search
    def fitness(self, starts: dict[int, int]) -> tuple[int, int]:
        """Lateness first, then the total lateness (a gradient towards feasibility)."""
        hi = self.c.hi
        over = [starts[j] - hi[j] for j in self.jobs]
        return max(over, default=0), sum(x for x in over if x > 0)

    def evaluate(self, order: Sequence[int]) -> tuple[tuple[int, int], list[int], dict[int, int]]:
        """SGS + forward-backward improvement; returns fitness, the improved list and starts."""
        starts = self.forward(order)
        if starts is None:
            return (self.length, self.length * len(self.jobs)), list(order), {}
        starts = self.improve(starts)
        rank = {j: k for k, j in enumerate(order)}
        improved = sorted(self.jobs, key=lambda j: (starts[j], rank[j]))
        return self.fitness(starts), improved, starts

    def search(
        self, *, seed: int, deadline: float, max_schedules: int | None = None
    ) -> MustSchedule | None:
        """Priority rules, then a genetic algorithm on activity lists, until feasible."""
        if not self.valid:
            return None
        if not self.jobs:
            return MustSchedule(dict(self.fixed), 0, 0)
        rng = random.Random(seed)
        spread = {
            rule: max(1.0, max(keys.values()) - min(keys.values()))
            for rule, keys in self.priorities.items()
        }
        population: list[tuple[tuple[int, int], list[int], dict[int, int]]] = []
        count = 0
        best: tuple[tuple[int, int], list[int], dict[int, int]] | None = None

        def out_of_budget() -> bool:
            if max_schedules is not None and count >= max_schedules:
                return True
            return time.perf_counter() > deadline

        def consider(order: list[int]) -> bool:
            nonlocal count, best
            count += 1
            entry = self.evaluate(order)
            population.append(entry)
            if best is None or entry[0] < best[0]:
                best = entry
            return entry[0][0] <= 0

        size = POPULATION
        for k in range(size):
            rule = RULES[k % len(RULES)]
            keys = self.priorities[rule]
            if k >= len(RULES):
                amplitude = spread[rule] * rng.choice((0.05, 0.1, 0.2, 0.4))
                keys = {j: v + rng.uniform(0.0, amplitude) for j, v in keys.items()}
            if consider(self.activity_list(keys)) or (k and out_of_budget()):
                return self._result(best, count)
        while not out_of_budget():
            population.sort(key=lambda e: e[0])
            unique: dict[tuple[int, ...], tuple[tuple[int, int], list[int], dict[int, int]]] = {}
            for entry in population:
                unique.setdefault(tuple(entry[1]), entry)
            population[:] = list(unique.values())[:size]
            parents = [e[1] for e in population]
            if len(parents) < 2:
                break  # a single distinct activity list: nothing left to recombine
            rng.shuffle(parents)
            for mother, father in zip(parents[::2], parents[1::2], strict=False):
                for a, b in ((mother, father), (father, mother)):
                    if consider(self._mutate(self._crossover(a, b, rng), rng)):
                        return self._result(best, count)
                    if out_of_budget():
                        return self._result(best, count)
        return self._result(best, count)

    def _crossover(self, mother: list[int], father: list[int], rng: random.Random) -> list[int]:
        """Two-point crossover that keeps the list precedence-feasible."""
        n = len(mother)
        q1 = rng.randrange(n + 1)
        q2 = rng.randrange(q1, n + 1)
        child = mother[:q1]
        taken = set(child)
        for j in father:
            if len(child) >= q2:
                break
            if j not in taken:
                child.append(j)
                taken.add(j)
        child.extend(j for j in mother if j not in taken)
        return child

    def _mutate(self, order: list[int], rng: random.Random) -> list[int]:
        for k in range(len(order) - 1):
            if rng.random() < MUTATION and order[k] not in self.preds[order[k + 1]]:
                order[k], order[k + 1] = order[k + 1], order[k]
        return order

    @staticmethod
    def _result(
        best: tuple[tuple[int, int], list[int], dict[int, int]] | None, count: int
    ) -> MustSchedule | None:
        if best is None or not best[2]:
            return None
        return MustSchedule(best[2], best[0][0], count)


def schedule_must_run(
    c: Compiled,
    *,
    seed: int,
    deadline: float,
    max_schedules: int | None = None,
    max_nodes: int | None = None,
    max_work: float | None = None,
    stats: dict[str, Any] | None = None,
) -> dict[int, int] | None:
    """A feasible placement of all must-run work (nothing optional), or None if none was found.

    A short burst of schedule generation first (most instances are solved in milliseconds).
    If it ends late, CP-SAT (``cpsat``, a subprocess started at once so that its imports
    overlap with the burst) gets the rest of the time, with the best late schedule as a hint,
    while a short constraint-propagation search (``cpsearch``) settles the small and the
    provably infeasible cases. Without CP-SAT, or when it fails, our own portfolio runs
    instead: search, schedule generation with a new seed, and the search again guided by the
    best schedule. ``stats["cpsat"]`` records how the worker did. With ``max_schedules``
    (and ``max_nodes`` and ``max_work``, CP-SAT's deterministic time) the result is
    reproducible; ``deadline`` is a safety net.
    """
    scheduler = SerialScheduler(c)
    if max_schedules is not None:
        work = CPSAT_WORK_PER_SCHEDULE * max_schedules if max_work is None else max_work
        limits = (max_schedules, max_nodes, work)
        return _reproducible(c, scheduler, seed, deadline, limits, stats)
    begin = time.perf_counter()
    budget = max(0.0, deadline - begin)
    searcher = CpScheduler(c)
    worker = _start_cpsat(c, scheduler, deadline)
    try:
        found = scheduler.search(seed=seed, deadline=begin + PORTFOLIO[0][1] * budget)
        if _feasible(c, found):
            return found.starts if found is not None else None
        if worker is None:
            return _portfolio(c, scheduler, searcher, found, seed, begin, deadline, max_nodes)
        exact = _send(c, worker, found, seed=seed, deadline=deadline)
        # While the worker imports CP-SAT, our own search settles the small cases.
        until = min(time.perf_counter() + SEARCH_WHILE_STARTING, deadline)
        outcome = searcher.search(deadline=until, max_nodes=max_nodes, keys=_keys(searcher, found))
        starts = _checked(c, outcome.starts)
        if starts is not None or (outcome.exhausted and _complete(c, scheduler)):
            return starts  # a schedule, or a proof that nothing fits
        if outcome.exhausted:
            # Almost surely nothing fits (the search is complete only for constant capacity):
            # no need to wait for CP-SAT; the exact MILP after us decides.
            return _portfolio(c, scheduler, searcher, found, seed, begin, deadline, max_nodes, True)
        worker.wait(deadline)
        answer = worker.best()
        if answer is not None:
            return answer.starts
        if worker.status == "infeasible" and exact:
            return None  # CP-SAT proved it on exactly the problem's numbers
        return _portfolio(c, scheduler, searcher, found, seed, begin, deadline, max_nodes)
    finally:
        if worker is not None:
            worker.stop()
            if stats is not None:
                stats["cpsat"] = worker.report()


def _start_cpsat(c: Compiled, scheduler: SerialScheduler, deadline: float) -> cpsat.Worker | None:
    if not scheduler.valid or not scheduler.jobs or c.has_buckets:
        return None  # (budget pools are not in the worker's model)
    return cpsat.start(c, cpsat.must_run_items(c), deadline=deadline)


def _send(
    c: Compiled,
    worker: cpsat.Worker,
    found: MustSchedule | None,
    *,
    seed: int,
    deadline: float,
    deterministic_time: float | None = None,
) -> bool:
    """Send the request (the best late schedule as the hint); True if its numbers are exact."""
    request = cpsat.schedule_request(
        c,
        worker.items,
        time_limit=max(0.0, deadline - time.perf_counter()),
        seed=seed,
        hint=None if found is None else found.starts,
        deterministic_time=deterministic_time,
    )
    worker.send(request)
    return bool(request["exact"])


def _reproducible(
    c: Compiled,
    scheduler: SerialScheduler,
    seed: int,
    deadline: float,
    limits: tuple[int, int | None, float],
    stats: dict[str, Any] | None,
) -> dict[int, int] | None:
    """The same schedule for the same input: work limits, with ``deadline`` as a safety net."""
    max_schedules, max_nodes, work = limits
    found = scheduler.search(seed=seed, deadline=deadline, max_schedules=max_schedules)
    if _feasible(c, found):
        return found.starts if found is not None else None
    nodes = CP_NODES_PER_SCHEDULE * max_schedules if max_nodes is None else max_nodes
    outcome = CpScheduler(c).search(deadline=deadline, max_nodes=nodes)
    starts = _checked(c, outcome.starts)
    if starts is not None or outcome.exhausted:
        return starts  # (exhausted: almost surely nothing fits; the exact MILP decides)
    worker = _start_cpsat(c, scheduler, deadline)
    if worker is None:
        return None
    with worker:
        _send(c, worker, found, seed=seed, deadline=deadline, deterministic_time=work)
        worker.wait(deadline)
        answer = worker.best()
    if stats is not None:
        stats["cpsat"] = worker.report()
    return None if answer is None else answer.starts


def _portfolio(
    c: Compiled,
    scheduler: SerialScheduler,
    searcher: CpScheduler,
    best: MustSchedule | None,
    seed: int,
    begin: float,
    deadline: float,
    max_nodes: int | None,
    exhausted: bool = False,
) -> dict[int, int] | None:
    """Our own methods for the rest of the time (after the first burst of SGS)."""
    budget = max(0.0, deadline - begin)
    complete = _complete(c, scheduler)
    for k, (method, share) in enumerate(PORTFOLIO[1:], start=1):
        if time.perf_counter() >= deadline:
            break
        if method == "cp" and exhausted:
            continue  # the search has seen everything already
        until = max(begin + share * budget, time.perf_counter())
        if method == "sgs":
            found = scheduler.search(seed=seed + k, deadline=until)
            if _feasible(c, found):
                return found.starts if found is not None else None
            if found is not None and (best is None or found.lateness < best.lateness):
                best = found
            continue
        outcome = searcher.search(deadline=until, max_nodes=max_nodes, keys=_keys(searcher, best))
        starts = _checked(c, outcome.starts)
        if starts is not None:
            return starts
        exhausted = outcome.exhausted
        if exhausted and complete:
            return None  # a proof that nothing fits: leave the time to the diagnosis
        # With varying capacity an exhausted search proves nothing; keep the heuristic.
    return None


def _complete(c: Compiled, scheduler: SerialScheduler) -> bool:
    """Whether an exhausted search proves that nothing fits (constant capacity, no fixed
    starts, no together groups: the completeness argument is for single jobs)."""
    if scheduler.fixed or scheduler.grouped:
        return False
    return bool(np.all(c.cap == c.cap[:, :1])) if c.cap.size else True


def _keys(searcher: CpScheduler, best: MustSchedule | None) -> list[float] | None:
    """Tie-breaking keys for the search: the starts of the best schedule so far."""
    if best is None:
        return None
    local = {i: j for j, i in enumerate(searcher.items)}
    keys = [0.0] * len(searcher.items)
    for i, start in best.starts.items():
        if i in local:
            keys[local[i]] = float(start)
    return keys


def _feasible(c: Compiled, found: MustSchedule | None) -> bool:
    return found is not None and found.lateness <= 0 and c.is_feasible(found.starts)


def _checked(c: Compiled, starts: dict[int, int] | None) -> dict[int, int] | None:
    return starts if starts is not None and c.is_feasible(starts) else None
