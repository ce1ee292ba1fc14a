"""OR-Tools CP-SAT as a second solver, always in a subprocess (``cpsat_worker``).

``highspy`` and ``ortools`` cannot share a process (or-tools issue #5246), so this module never
imports ``ortools`` (import-linter enforces it). It turns a ``Compiled`` problem into the
worker's integer request, starts the worker with the same interpreter, reads its answers on a
thread and kills it at the deadline. Every failure (``ortools`` not installed, a crash, a
timeout, output that does not parse, a plan that does not check) means "no answer": the caller
carries on with its own methods and no exception reaches the user. Answers are checked with
``Compiled.is_feasible`` before anyone sees them.

Set ``KOERSVAST_CPSAT=off`` in the environment to never start the worker.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from koersvast.optimizer.compiled import TOLERANCE, Compiled

WORKER = Path(__file__).with_name("cpsat_worker.py")
# ``-P``: do not put the worker's folder (this package, with its ``io.py``) on ``sys.path``.
# Tests replace the command with one that fails, to exercise the fallback for real.
COMMAND: list[str] = [sys.executable, "-P", str(WORKER)]
PROTOCOL = 1
# Demands and capacities are multiplied by the least power of ten (at most this) that makes
# every demand of a pool whole; capacity is rounded down, so a plan that fits stays a plan.
MAX_SCALE = 10**6
# Values are scaled to about this many significant digits (CP-SAT objectives are integer).
VALUE_DIGITS = 9


def available() -> bool:
    """Whether the worker is worth starting: ``ortools`` is installed and not switched off."""
    if os.environ.get("KOERSVAST_CPSAT", "").lower() in ("0", "off", "no", "false"):
        return False
    return importlib.util.find_spec("ortools") is not None


@dataclass
class Answer:
    """A plan from the worker in initiative indices, already checked by ``is_feasible``."""

    starts: dict[int, int]


class Worker:
    """A running CP-SAT process. Use it as a context manager: it is always stopped."""

    def __init__(
        self,
        c: Compiled,
        items: list[int],
        process: subprocess.Popen[bytes],
        stderr: IO[bytes],
        deadline: float,
    ) -> None:
        self.c = c
        self.items = items
        self.process = process
        self.stderr = stderr
        self.deadline = deadline
        self.status = "started"
        self.version = ""
        self.solutions = 0
        self.seconds = 0.0
        # CP-SAT's proven bound in the request's scaled values (select), if it sent one.
        self.bound: float | None = None
        self._begin = time.perf_counter()
        # A second, independent check of every plan (``parallel`` passes ``checker``'s).
        self.verify: Callable[[dict[int, int]], bool] | None = None
        self._latest: list[int] | None = None
        self._checked: tuple[int, Answer | None] | None = None
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._reader: threading.Thread | None = None
        # A hard stop at the deadline, even while the caller is busy inside a HiGHS call.
        self._expired = False
        self._timer = threading.Timer(max(0.0, deadline - self._begin), self._expire)
        self._timer.daemon = True
        self._timer.start()

    # ------------------------------------------------------------------ lifecycle
    def send(self, request: dict[str, Any]) -> None:
        """Send the request and read the answers on a thread (pipes never block the caller)."""
        payload = json.dumps({**request, "sent": time.time()}).encode()
        self.status = "running"
        self._reader = threading.Thread(target=self._talk, args=(payload,), daemon=True)
        self._reader.start()

    def _talk(self, payload: bytes) -> None:
        stdin, stdout = self.process.stdin, self.process.stdout
        try:
            if stdin is None or stdout is None:
                raise OSError("the worker has no pipes")
            stdin.write(payload)
            stdin.close()
            for line in stdout:
                self._receive(json.loads(line))
            code = self.process.wait()
            if code != 0:
                self.status = f"exit {code}: {self._error_tail()}"
        except (OSError, ValueError, KeyError, TypeError) as error:
            # A broken pipe, a killed process or output that does not parse: no answer.
            self.status = f"failed: {type(error).__name__}"
        finally:
            self.seconds = time.perf_counter() - self._begin
            self._done.set()

    def _receive(self, message: dict[str, Any]) -> None:
        if message["event"] == "solution":
            starts = [int(s) for s in message["starts"]]
            with self._lock:
                self._latest = starts
                self.solutions += 1
        elif message["event"] == "bound":
            self.bound = float(message["bound"])
        elif message["event"] == "done":
            self.status = str(message["status"]).lower()
            self.version = str(message.get("version", ""))

    def _error_tail(self) -> str:
        with contextlib.suppress(OSError, ValueError):
            self.stderr.seek(0)
            lines = self.stderr.read().decode(errors="replace").strip().splitlines()
            return lines[-1][:200] if lines else "no message"
        return "no message"

    def _expire(self) -> None:
        """The deadline passed: kill the worker if it still runs (then it timed out)."""
        if self.process.poll() is None:
            self._expired = True
            self._kill()

    def _kill(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(OSError):
                self.process.kill()

    def wait(self, until: float) -> bool:
        """Sleep until the worker is done or ``until`` (never past its deadline); True if done."""
        return self._done.wait(max(0.0, min(until, self.deadline) - time.perf_counter()))

    def stop(self) -> None:
        """Kill the process if it still runs and release its pipes and thread."""
        self._timer.cancel()
        # Killed by the timer, or about to be: the timer thread may not have run yet.
        timed_out = self._expired or (
            not self._done.is_set() and time.perf_counter() >= self.deadline
        )
        self._kill()
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            self.process.wait(timeout=5.0)
        if self._reader is not None:
            self._reader.join(timeout=5.0)
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()
        self.stderr.close()
        if self.status == "started":
            self.status = "not needed"  # stopped before it was sent any work
        else:
            # Killed (by the timer or here) before its "done": a broken pipe counts too.
            killed = self.status == "running" or self.status.startswith(("exit -", "failed"))
            if killed and timed_out:
                self.status = "timeout"
            elif killed and not self.status.startswith("failed"):
                self.status = "stopped"
        self.seconds = time.perf_counter() - self._begin

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ answers
    def best(self) -> Answer | None:
        """The latest plan the worker reported, if it checks; None otherwise."""
        with self._lock:
            latest, count = self._latest, self.solutions
        if latest is None or len(latest) != len(self.items):
            return None
        if self._checked is not None and self._checked[0] == count:
            return self._checked[1]  # asked again (e.g. every LNS round): checked already
        starts = {i: s for i, s in zip(self.items, latest, strict=True) if s >= 0}
        ok = self.c.is_feasible(starts) and (self.verify is None or self.verify(starts))
        answer = Answer(starts) if ok else None
        if answer is None:
            self.status = "rejected: the plan does not check"
        self._checked = (count, answer)
        return answer

    def report(self) -> dict[str, Any]:
        """What the plan's statistics record about this worker."""
        report: dict[str, Any] = {
            "status": self.status,
            "solutions": self.solutions,
            "seconds": round(self.seconds, 3),
        }
        if self.version:
            report["solver"] = f"OR-Tools CP-SAT {self.version}"
        return report


def start(c: Compiled, items: list[int], *, deadline: float) -> Worker | None:
    """Start a worker, which imports CP-SAT while the caller works on; None if it cannot run.

    Send it a request (``schedule_request`` or ``select_request`` for the same ``items``)
    with ``Worker.send``.
    """
    if not available() or time.perf_counter() >= deadline:
        return None
    # A file, not a pipe: a chatty worker can never block on it. ``Worker.stop`` closes it.
    stderr = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        # Our own interpreter and file (or a test's command), never user input.
        process = subprocess.Popen(  # noqa: S603
            COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr
        )
    except OSError:
        stderr.close()
        return None
    return Worker(c, items, process, stderr, deadline)


# ---------------------------------------------------------------------- requests
def must_run_items(c: Compiled) -> list[int]:
    return [i for i in range(c.size) if c.must[i]]


def schedule_request(
    c: Compiled,
    items: list[int],
    *,
    time_limit: float,
    seed: int,
    hint: dict[int, int] | None = None,
    deterministic_time: float | None = None,
) -> dict[str, Any]:
    """Place all of ``items`` (must-run work); ``hint`` may be late (see the worker).

    Demands are rounded up and capacities down after scaling, so a schedule of the integer
    model always fits the real one; ``exact`` says whether no rounding was needed (then
    "infeasible" from the worker is a proof).
    """
    scales = [_scale(c, p) for p in range(len(c.pool_ids))]
    local = {i: k for k, i in enumerate(items)}
    scaled = [[float(u) * scales[p] for u in c.cap[p]] for p in range(len(c.pool_ids))]
    capacity = [[math.floor(u + TOLERANCE) for u in row] for row in scaled]
    exact = all(abs(u - round(u)) <= 1e-9 for row in scaled for u in row) and all(
        _whole(c, p, scales[p]) for p in range(len(c.pool_ids))
    )
    rows = []
    for i in items:
        use = [
            [p, [math.ceil(float(u) * scales[p] - TOLERANCE) for u in c.demand_of[i][k]]]
            for k, p in enumerate(c.pools_of[i].tolist())
        ]
        rows.append({"lo": c.lo[i], "hi": c.hi[i], "duration": c.duration[i], "use": use})
    return {
        "protocol": PROTOCOL,
        "task": "schedule",
        "exact": exact,
        "time_limit": time_limit,
        "seed": seed,
        "deterministic_time": deterministic_time,
        "horizon": c.horizon,
        "capacity": capacity,
        "items": rows,
        "precedence": [
            [local[a], local[b], c.lag.get((a, b), 0)]
            for b in items
            for a in c.preds[b]
            if a in local
        ],
        "hint": [-1 if hint is None else hint.get(i, -1) for i in items],
        # Together groups: [a, b, offset] means b starts ``offset`` periods after a (0 here).
        "together": [
            [local[members[0]], local[m], 0]
            for members in c.teams
            if members[0] in local
            for m in members[1:]
            if m in local
        ],
    }


def selectable_items(c: Compiled) -> list[int]:
    return [i for i in range(c.size) if c.lo[i] <= c.hi[i]]


def select_request(
    c: Compiled,
    items: list[int],
    *,
    time_limit: float,
    seed: int,
    hint: dict[int, int] | None = None,
    deterministic_time: float | None = None,
) -> dict[str, Any]:
    """Choose and phase ``items`` for value (the time-indexed model of ``milp``).

    Must-run work outside ``items`` (no start at all) is left out; the parent's check of
    every answer rejects a plan without it. Values are scaled to whole numbers (about
    ``VALUE_DIGITS`` digits), so the worker's order of plans may differ from ours in the
    last digits; the parent compares plans by their true value.
    """
    request = schedule_request(
        c,
        items,
        time_limit=time_limit,
        seed=seed,
        hint=hint,
        deterministic_time=deterministic_time,
    )
    request["task"] = "select"
    if hint is None:
        request["hint"] = []  # (-1 means "not chosen" here: the empty plan would be a hint)
    values = [[c.start_value(i, s) for s in range(c.lo[i], c.hi[i] + 1)] for i in items]
    top = max((abs(v) for row in values for v in row), default=1.0) or 1.0
    whole = all(float(v).is_integer() for row in values for v in row)
    digits = VALUE_DIGITS - math.ceil(math.log10(top))
    scale = 1.0 if whole and top < 10**VALUE_DIGITS else 10.0**digits
    for i, item, row in zip(items, request["items"], values, strict=True):
        item["values"] = [round(v * scale) for v in row]
        item["must"] = c.must[i]
        item["group"] = c.group[i]
    return request


def _demands(c: Compiled, pool: int) -> list[float]:
    return [
        float(u)
        for i in range(c.size)
        for k, p in enumerate(c.pools_of[i].tolist())
        if p == pool
        for u in c.demand_of[i][k]
    ]


def _whole(c: Compiled, pool: int, scale: int) -> bool:
    return all(abs(u * scale - round(u * scale)) <= 1e-9 for u in _demands(c, pool))


def _scale(c: Compiled, pool: int) -> int:
    """The least power of ten that makes every demand on ``pool`` whole (at most MAX_SCALE)."""
    scale = 1
    while scale < MAX_SCALE and not _whole(c, pool, scale):
        scale *= 10
    return scale
