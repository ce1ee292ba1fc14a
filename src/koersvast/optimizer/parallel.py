"""Searches on the other cores for multi-period (municipal) models, sharing the best plan.

``SolveOptions.workers`` is the number of processes a solve may use (default: the machine's
cores, at most ``MAX_WORKERS``). With more than one, ``planner`` starts ``workers - 1`` searches
in subprocesses next to its own LP, MILP and LNS:

1. a second large-neighbourhood search (``lns_worker``, HiGHS) with another seed and other
   neighbourhoods (no LP ones, but "one of the most valuable initiatives left out and the
   work it competes with");
2. further ones: more of them, each with its own seed, alternating between those
   neighbourhoods and the parent's (without the LP one) with smaller starting sizes.

CP-SAT on the same time-indexed model (task ``select`` of ``cpsat_worker``, one thread,
hinted with the parent's plan) was measured as a worker and left out: at 600 initiatives it
improved nothing in 10 s and its bound (30,598) was weaker than the LP's (30,379); see
docs/performance.md, optimiser round 7.

The parent passes every plan it improves to the LNS workers and takes theirs before each of
its LNS rounds and at the end, so both searches go on from the best plan. A plan from a worker
is used only when ``Compiled.is_feasible`` *and* the independent ``checker`` accept it. Every
worker is killed at the deadline by a timer and stopped (killed and reaped) on every exit path
of the solve. Reproducible runs (a node limit) never start workers.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Any

from koersvast.optimizer import cpsat
from koersvast.optimizer.checker import check_solution
from koersvast.optimizer.compiled import Compiled

# A sane ceiling for the default (each worker holds a model of its own in memory).
MAX_WORKERS = 4
# Workers only where a search round pays: enough initiatives and enough time. Smaller models
# (the demo municipality) are solved or nearly so by the MILP in the parent.
MIN_ITEMS = 100
MIN_SECONDS = 2.0
# Workers stop this long before the deadline, so that their last plan is read in time.
MARGIN = 0.15
# Neighbourhoods of the LNS workers (see ``heuristics._neighbourhood``).
WORKER_KINDS = ("excluded", "window", "pool", "random")
ODD_START_SIZE = 25
# ``-m``: the worker imports our package (HiGHS is allowed there); ``-P``: the working
# directory is not put on ``sys.path`` (a stray ``numpy.py`` there must not shadow numpy).
# ``_start_lns`` puts this package's root on PYTHONPATH. Tests replace the command.
LNS_COMMAND: list[str] = [sys.executable, "-P", "-m", "koersvast.optimizer.lns_worker"]


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


def idle_workers(requested: int) -> int:
    """Of ``requested`` processes, as many as the machine has idle cores for (at least one).

    For the default only (``SolveOptions.workers`` None): on a machine whose cores are taken
    (load average at or above the cores) a worker only splits the parent's share of a core,
    and its start (imports, model) costs one to two CPU seconds of a ten-second run (measured
    at load 5.5 on 2 cores, docs/performance.md, optimiser round 7). Half a core idle counts as one.
    """
    try:
        load = os.getloadavg()[0]
    except OSError:  # not available on this platform: trust the request
        return requested
    idle = math.floor((os.cpu_count() or 1) - load + 0.5)
    return max(1, min(requested, 1 + max(0, idle)))


def problem_document(c: Compiled) -> dict[str, Any]:
    """``c`` as a portfolio-problem document, with the capacities ``c`` solves against (extra
    capacity included), for the workers and the independent checker."""
    problem = c.problem
    pools = []
    for p, pool in enumerate(problem.pools):
        entry: dict[str, Any] = {
            "id": pool.id,
            "name": pool.name,
            "capacity": c.per_bucket(p, c.cap[p]),
        }
        if pool.buckets is not None:
            entry["buckets"] = list(pool.buckets)
        pools.append(entry)
    items = []
    for item in problem.initiatives:
        raw: dict[str, Any] = {
            "id": item.id,
            "name": item.name,
            "value": item.value,
            "duration": item.duration,
            "demand": {k: list(v) for k, v in item.demand.items()},
            "earliest_start": item.earliest_start,
            "mandatory": item.mandatory,
            "decay": item.decay,
        }
        if item.latest_start is not None:
            raw["latest_start"] = item.latest_start
        if item.fixed_start is not None:
            raw["fixed_start"] = item.fixed_start
        if item.after:
            raw["after"] = list(item.after)
            lags = {a: item.lag_after(j) for j, a in enumerate(item.after) if item.lag_after(j)}
            if lags:
                raw["after_lag"] = lags
        if item.exclusive_group is not None:
            raw["exclusive_group"] = item.exclusive_group
        if item.together_with:
            raw["together_with"] = list(item.together_with)
        items.append(raw)
    return {
        "format": "koersvast.portfolio-problem/1",
        "periods": list(problem.periods),
        "pools": pools,
        "initiatives": items,
    }


class SearchWorker(cpsat.Worker):
    """A worker that keeps its stdin open: the parent sends it better plans as it finds them.

    Plans are written by a thread of their own (only the latest waits), so a worker that
    stops reading can never block the parent.
    """

    def __init__(self, *args: Any, label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label = label
        self.iterations = 0
        self.improvements = 0
        self.adopted = 0
        # Whether the worker said "done" (then its exit, even by the deadline's kill, is fine).
        self.finished = False
        self._pending: bytes | None = None
        self._closing = False
        self._wake = threading.Condition()
        self._writer: threading.Thread | None = None

    def send(self, request: dict[str, Any]) -> None:
        payload = json.dumps({**request, "sent": time.time()}).encode() + b"\n"
        self.status = "running"
        self._writer = threading.Thread(target=self._write, args=(payload,), daemon=True)
        self._writer.start()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def offer(self, starts: dict[int, int]) -> None:
        """Pass a plan on (the latest replaces one not yet written)."""
        vector = [-1] * self.c.size
        for i, s in starts.items():
            vector[i] = s
        with self._wake:
            self._pending = json.dumps({"starts": vector}).encode() + b"\n"
            self._wake.notify()

    def _write(self, payload: bytes) -> None:
        stdin = self.process.stdin
        try:
            if stdin is None:
                raise OSError("the worker has no stdin")
            stdin.write(payload)
            stdin.flush()
            while True:
                with self._wake:
                    while self._pending is None and not self._closing and not self._done.is_set():
                        self._wake.wait(0.25)
                    if self._closing or self._done.is_set():
                        return
                    line: bytes | None
                    line, self._pending = self._pending, None
                if line is not None:
                    stdin.write(line)
                stdin.flush()
        except (OSError, ValueError):
            return  # the worker is gone (killed, crashed): nothing more to tell it

    def _read(self) -> None:
        stdout = self.process.stdout
        try:
            if stdout is None:
                raise OSError("the worker has no stdout")
            for line in stdout:
                self._receive(json.loads(line))
            code = self.process.wait()
            if code != 0 and not self.finished:
                self.status = f"exit {code}: {self._error_tail()}"
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            self.status = f"failed: {type(error).__name__}"
        finally:
            self.seconds = time.perf_counter() - self._begin
            self._done.set()

    def _receive(self, message: dict[str, Any]) -> None:
        super()._receive(message)
        if message["event"] == "done":
            self.finished = True
            self.iterations = int(message.get("iterations", 0))
            self.improvements = int(message.get("improvements", 0))
            self.adopted = int(message.get("adopted", 0))

    def stop(self) -> None:
        with self._wake:
            self._closing = True
            self._wake.notify()
        super().stop()
        if self.finished and self.status in ("timeout", "stopped"):
            self.status = "done"
        if self._writer is not None:
            self._writer.join(timeout=5.0)

    def report(self) -> dict[str, Any]:
        report = {
            "method": self.label,
            "status": self.status,
            "solutions": self.solutions,
            "seconds": round(self.seconds, 3),
            "rounds": self.iterations,
            "improvements": self.improvements,
        }
        if self.version:
            report["solver"] = f"HiGHS {self.version}"
        return report


class Portfolio:
    """The running workers of one solve. Always ``stop`` it (``planner`` does, in ``finally``)."""

    def __init__(self, c: Compiled, deadline: float) -> None:
        self.c = c
        self.deadline = deadline
        self.document = problem_document(c)
        self.workers: list[tuple[str, cpsat.Worker]] = []
        self.rejected = 0
        self._offered = float("-inf")

    @property
    def cores(self) -> int:
        """Processes this solve used: the parent and every worker started."""
        return 1 + len(self.workers)

    def verify(self, starts: dict[int, int]) -> bool:
        """The independent checker's verdict on a worker's plan."""
        ids = self.c.problem.initiatives
        plan = [{"id": ids[i].id, "start": s} for i, s in sorted(starts.items())]
        ok = not check_solution(self.document, {"selected": plan, "mode": "check"})
        if not ok:
            self.rejected += 1
        return ok

    def add(self, label: str, worker: cpsat.Worker | None) -> None:
        if worker is not None:
            worker.verify = self.verify
            self.workers.append((label, worker))

    def send(self, incumbent: dict[int, int], *, seed: int, small_subproblems: bool) -> None:
        """Give every worker its task, starting from ``incumbent``."""
        limit = max(0.0, self.deadline - time.perf_counter() - MARGIN)
        vector = [incumbent.get(i, -1) for i in range(self.c.size)]
        self._offered = self.c.objective(incumbent)
        for k, (_, worker) in enumerate(self.workers):
            # Odd workers: the parent's neighbourhoods (without the LP's), smaller at first.
            kinds = WORKER_KINDS if k % 2 == 0 else ("window", "pool", "random")
            worker.send(
                {
                    "protocol": 1,
                    "task": "lns",
                    "problem": self.document,
                    "starts": vector,
                    "seed": seed + 1000 * (k + 1),
                    "time_limit": limit,
                    "kinds": list(kinds),
                    "small": small_subproblems,
                    "start_size": None if k % 2 == 0 else ODD_START_SIZE,
                }
            )

    def offer(self, starts: dict[int, int]) -> None:
        """Pass a better plan of the parent's on to the LNS workers."""
        value = self.c.objective(starts)
        if value <= self._offered + 1e-9:
            return
        self._offered = value
        for _, worker in self.workers:
            if isinstance(worker, SearchWorker):
                worker.offer(starts)

    def best(self) -> tuple[dict[int, int], str] | None:
        """The most valuable checked plan any worker has reported, with its method."""
        found: tuple[dict[int, int], str] | None = None
        for label, worker in self.workers:
            answer = worker.best()
            if answer is not None and (
                found is None or self.c.objective(answer.starts) > self.c.objective(found[0])
            ):
                found = (answer.starts, label)
        return found

    def feed(self, current: dict[int, int]) -> tuple[dict[int, int], str] | None:
        """For ``heuristics.lns``: pass ``current`` on, and offer a better plan if any."""
        self.offer(current)
        found = self.best()
        if found is not None and self.c.objective(found[0]) > self.c.objective(current) + 1e-9:
            return found
        return None

    def stop(self) -> None:
        for _, worker in self.workers:
            worker.stop()

    def report(self) -> list[dict[str, Any]]:
        reports = []
        for label, worker in self.workers:
            entry = worker.report()
            entry.setdefault("method", label)
            reports.append(entry)
        return reports


def start(c: Compiled, *, workers: int, deadline: float) -> Portfolio | None:
    """Start ``workers - 1`` searches (they import while the parent works on); None if none."""
    if workers < 2 or time.perf_counter() >= deadline:
        return None
    portfolio = Portfolio(c, deadline)
    try:
        for k in range(workers - 1):
            label = "lns" if k == 0 else f"lns-{k + 1}"
            portfolio.add(label, _start_lns(c, deadline, label))
    except BaseException:
        portfolio.stop()
        raise
    if not portfolio.workers:
        return None
    return portfolio


def _start_lns(c: Compiled, deadline: float, label: str) -> SearchWorker | None:
    stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed by Worker.stop)
    env = dict(os.environ)
    # The worker must import this very package (also from a source tree on PYTHONPATH).
    package_root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(
        [package_root, *[p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]]
    )
    try:
        # Our own interpreter and module (or a test's command), never user input.
        process = subprocess.Popen(  # noqa: S603
            LNS_COMMAND,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            env=env,
        )
    except OSError:
        stderr.close()
        return None
    return SearchWorker(c, list(range(c.size)), process, stderr, deadline, label=label)
