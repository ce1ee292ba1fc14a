"""CP-SAT worker: OR-Tools CP-SAT in a process of its own, JSON over stdin and stdout.

``highspy`` and ``ortools`` bundle conflicting builds of HiGHS and cannot be imported into one
process (or-tools issue #5246), so CP-SAT never runs inside the optimiser's process. The parent
(``cpsat``) starts this file as a script with the same interpreter::

    python -P src/koersvast/optimizer/cpsat_worker.py < request.json

It is run by path, not with ``-m``: ``-m`` would first import the ``koersvast.optimizer``
package, whose ``__init__`` imports HiGHS. For the same reason this module imports nothing
from ``koersvast`` (import-linter enforces it), only the standard library and ``ortools``.

The request holds integer data only (the parent scales capacities and demands):
``horizon``, ``capacity`` (per pool, per period), ``items`` (``lo``, ``hi``, ``duration``,
``use``: ``[pool, [units per period of the run]]`` pairs),
``precedence`` (``[a, b]`` or ``[a, b, lag]``: b starts ``lag`` periods after a has
finished), ``together`` (optional, ``[a, b, offset]``: b starts ``offset`` periods after a
starts, 0 for a together group; in ``select`` both or neither are chosen), ``hint`` (a start
or -1 per item),
``task`` (``schedule`` or ``select``), ``threads`` (``select``: CP-SAT's threads, default 1),
``time_limit`` (seconds from ``sent``, the parent's
``time.time()`` when it sent the request), ``seed``, ``deterministic_time`` (a work limit, for
reproducible runs, or null) and optionally ``directions`` (``["forward"]`` or
``["backward"]``; default both). For ``select`` every item also has ``must``, ``group`` (an
exclusive group or -1) and ``values`` (the integer value of each start ``lo..hi``).

The task ``select``: choose (and phase) items for value, the time-indexed model of ``milp``
(a Boolean per item and start, linear capacity rows, at most one start per item and per
exclusive group, strong precedence rows), one thread, the hint as CP-SAT's first solution.
Every improving plan is written as it is found, so that the parent can take the best one at
any moment (start -1: not selected). The parent races it against HiGHS on one-period
(selection) models, where the two fail on different instances.

The task ``schedule``: every item must run (must-run work, RCPSP-like). A start variable per
item, interval variables per run of equal demand, one cumulative constraint per pool (periods
with less capacity than the pool's most are blocked by fixed intervals) and precedence; no LP
relaxation (``linearization_level`` 0, several times faster on PSPLIB j30). The search time of
one run is heavy-tailed (the same instance: under a second with one seed, over six with
another), so two models run side by side in two threads: *forward*, seeded with the parent's
best late schedule (windows stretched by its lateness, the lateness minimised), and
*backward* (time mirrored, no hint). The first schedule without lateness is the answer. On
one core the two threads simply share it.

Output: JSON lines, ``{"event": "solution", "starts": [...], "objective": ...}`` (null for
``schedule``) and a last ``{"event": "done", "status": ..., "version": ...}`` (status
feasible, optimal, infeasible: proven, or unknown; the OR-Tools version). A failure leaves
a non-zero exit code and a message on stderr; the parent treats every failure as "no
answer" and checks every answer before it uses it.
"""

from __future__ import annotations

import json
import sys
import threading
import time
import types
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any


def _without_pandas() -> None:
    """Let ``cp_model`` import without pandas: 0.5 of its 0.9 CPU seconds of imports.

    ``cp_model`` uses pandas only in its ``*_series`` helpers (not used here) and names
    ``pd.Index`` and ``pd.Series`` in type aliases; two empty classes stand in for them. The
    time matters: the worker starts when the schedule is already late, and on a busy machine
    these imports took two seconds of a ten-second limit.
    """
    if "pandas" not in sys.modules:
        stand_in = types.ModuleType("pandas", "stand-in: cp_model's pandas helpers are not used")
        for name in ("Index", "Series"):
            setattr(stand_in, name, type(name, (), {}))
        sys.modules["pandas"] = stand_in


_without_pandas()
# Imported before the request is read: the parent starts the worker early and sends the
# request later, so that the imports overlap with the parent's own work.
from ortools.sat.python import cp_model  # noqa: E402

PROTOCOL = 1


def main() -> int:
    request = json.loads(sys.stdin.read())
    # The limit counts from when the parent sent the request (``sent``: its wall clock), which
    # may be before this process had finished importing CP-SAT.
    limit = float(request["time_limit"])
    late = max(0.0, time.time() - float(request.get("sent", time.time())))
    deadline = time.monotonic() + max(0.0, limit - late)
    if request.get("protocol") != PROTOCOL:
        print(f"unsupported protocol {request.get('protocol')!r}", file=sys.stderr)
        return 2
    if request["task"] == "schedule":
        status = _schedule(request, deadline)
        if status.startswith("invalid"):
            print(status, file=sys.stderr)
            return 3
        _emit({"event": "done", "status": status, "version": metadata.version("ortools")})
    elif request["task"] == "select":
        status = _select(request, deadline)
        _emit({"event": "done", "status": status, "version": metadata.version("ortools")})
    else:
        print(f"unknown task {request['task']!r}", file=sys.stderr)
        return 2
    return 0


def _emit(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


# ---------------------------------------------------------------------- schedule
@dataclass
class _Race:
    """The scheduling runs share one outcome: the first schedule found stops the others."""

    deadline: float
    found: list[int] | None = None
    infeasible: bool = False
    invalid: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)
    solvers: list[cp_model.CpSolver] = field(default_factory=list)
    stopped: threading.Event = field(default_factory=threading.Event)

    def finish(self, starts: list[int] | None) -> None:
        """Report ``starts`` (the first one only) or a proof that none exists; stop every run."""
        with self.lock:
            self.infeasible = starts is None and self.found is None
            if starts is not None and self.found is None:
                self.found = starts
                _emit({"event": "solution", "starts": starts, "objective": None})
            self.stopped.set()
            for solver in self.solvers:
                solver.stop_search()


def _schedule(request: dict[str, Any], deadline: float) -> str:
    """Forward and backward side by side (threads); the first schedule wins."""
    if any(item["lo"] > item["hi"] for item in request["items"]):
        return "infeasible"  # a job without any start
    race = _Race(deadline)
    reproducible = request.get("deterministic_time") is not None
    # Reproducible runs: one model in one thread, stopped by the work limit.
    directions: list[str] = request.get("directions") or (
        ["forward"] if reproducible else ["forward", "backward"]
    )
    seed = int(request.get("seed", 0))
    runners = [
        threading.Thread(target=_run, args=(request, race, direction, seed), daemon=True)
        for direction in directions
    ]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join()
    if race.found is not None:
        return "feasible"
    if race.invalid:
        return f"invalid model: {race.invalid}"
    return "infeasible" if race.infeasible else "unknown"


def _run(request: dict[str, Any], race: _Race, direction: str, seed: int) -> None:
    starts, proven = _schedule_run(request, race, direction, seed)
    if starts is not None or proven:
        race.finish(starts)  # a schedule, or a proof that none exists: stop the other run


def _schedule_run(
    request: dict[str, Any], race: _Race, direction: str, seed: int
) -> tuple[list[int] | None, bool]:
    """One CP-SAT run; the schedule (forward time) or None, and whether none can exist."""
    items: list[dict[str, Any]] = request["items"]
    horizon: int = request["horizon"]
    backward = direction == "backward"
    data = _mirrored(request) if backward else request
    hint: list[int] = [] if backward else list(request.get("hint") or [])
    late = max([h - item["hi"] for h, item in zip(hint, items, strict=False) if h >= 0] or [0])
    model = cp_model.CpModel()
    starts, lateness = _schedule_model(model, data, hint, max(0, late))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # one thread per run (there are two runs)
    solver.parameters.random_seed = seed
    solver.parameters.linearization_level = 0
    if request.get("deterministic_time") is not None:
        solver.parameters.max_deterministic_time = float(request["deterministic_time"])
    solver.parameters.max_time_in_seconds = max(0.01, race.deadline - time.monotonic())
    with race.lock:
        if race.stopped.is_set():
            return None, False
        race.solvers.append(solver)
    status = solver.solve(model)
    with race.lock:
        race.solvers.remove(solver)
    if status == cp_model.MODEL_INVALID:
        race.invalid = model.validate() or "no message"
        return None, True
    if status == cp_model.INFEASIBLE:
        return None, True
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, False
    if lateness is not None and solver.value(lateness) > 0:
        return None, False
    values = [int(solver.value(s)) for s in starts]
    if backward:
        values = [horizon - item["duration"] - r for r, item in zip(values, items, strict=True)]
    return values, False


def _mirrored(request: dict[str, Any]) -> dict[str, Any]:
    """The same problem with time running backwards (a start r = horizon - end)."""
    horizon: int = request["horizon"]
    items = [
        {
            **item,
            "lo": horizon - item["hi"] - item["duration"],
            "hi": horizon - item["lo"] - item["duration"],
            "use": [[pool, profile[::-1]] for pool, profile in item["use"]],
        }
        for item in request["items"]
    ]
    return {
        **request,
        "items": items,
        "capacity": [row[::-1] for row in request["capacity"]],
        "precedence": [[b, a, *rest] for a, b, *rest in request["precedence"]],
        # start_b = start_a + offset forwards is end_b = end_a + offset + d_b - d_a backwards.
        "together": [
            [a, b, -offset + request["items"][a]["duration"] - request["items"][b]["duration"]]
            for a, b, offset in request.get("together") or []
        ],
    }


def _schedule_model(
    model: cp_model.CpModel, request: dict[str, Any], hint: list[int], late: int
) -> tuple[list[cp_model.IntVar], cp_model.IntVar | None]:
    """Start variables, intervals, cumulative and precedence; with ``late`` > 0 the windows
    are stretched by ``late`` periods and the lateness is minimised (the hint then fits)."""
    capacity: list[list[int]] = request["capacity"]
    items: list[dict[str, Any]] = request["items"]
    intervals: list[list[cp_model.IntervalVar]] = [[] for _ in capacity]
    demands: list[list[int]] = [[] for _ in capacity]
    lateness = model.new_int_var(0, late, "late") if late > 0 else None
    starts: list[cp_model.IntVar] = []
    for i, item in enumerate(items):
        stretch = late if item["lo"] < item["hi"] else 0  # fixed starts stay fixed
        start = model.new_int_var(item["lo"], item["hi"] + stretch, f"s{i}")
        starts.append(start)
        if lateness is not None and stretch:
            model.add(start <= item["hi"] + lateness)
        if i < len(hint) and hint[i] >= 0:
            model.add_hint(start, min(max(hint[i], item["lo"]), item["hi"] + stretch))
        for pool, profile in item["use"]:
            for offset, length, units in _segments(profile):
                intervals[pool].append(
                    model.new_fixed_size_interval_var(start + offset, length, "")
                )
                demands[pool].append(units)
    for a, b, *lag in request["precedence"]:
        model.add(starts[a] + items[a]["duration"] + sum(lag) <= starts[b])
    for a, b, offset in request.get("together") or []:
        model.add(starts[b] == starts[a] + offset)
    for pool, row in enumerate(capacity):
        if not intervals[pool]:
            continue
        top = max(max(row), 0)
        # Periods with less capacity than the most are partly taken by a fixed "reservation"
        # (past the horizon, reached only by stretched windows, the capacity is the most).
        for offset, length, units in _segments([top - max(u, 0) for u in row]):
            intervals[pool].append(model.new_fixed_size_interval_var(offset, length, "r"))
            demands[pool].append(units)
        model.add_cumulative(intervals[pool], demands[pool], top)
    if lateness is not None:
        model.minimize(lateness)
    return starts, lateness


def _segments(profile: list[int]) -> list[tuple[int, int, int]]:
    """Maximal runs of equal positive units as (offset, length, units)."""
    runs: list[tuple[int, int, int]] = []
    begin = 0
    for tau in range(1, len(profile) + 1):
        if tau == len(profile) or profile[tau] != profile[begin]:
            if profile[begin] > 0:
                runs.append((begin, tau - begin, profile[begin]))
            begin = tau
    return runs


# ---------------------------------------------------------------------- select
def _select(request: dict[str, Any], deadline: float) -> str:
    model = cp_model.CpModel()
    choices = _select_model(model, request)
    solver = cp_model.CpSolver()
    # The parent's HiGHS has a core; the parent sends how many more are idle (default one).
    solver.parameters.num_workers = max(1, int(request.get("threads") or 1))
    solver.parameters.random_seed = int(request.get("seed", 0))
    if request.get("deterministic_time") is not None:
        solver.parameters.max_deterministic_time = float(request["deterministic_time"])
    solver.parameters.max_time_in_seconds = max(0.01, deadline - time.monotonic())
    status = solver.solve(model, _Reporter(choices))
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # CP-SAT's proven bound on the (scaled, integer) objective, for the record.
        _emit({"event": "bound", "bound": solver.best_objective_bound})
    return str(solver.status_name(status)).lower()


def _select_model(
    model: cp_model.CpModel, request: dict[str, Any]
) -> list[list[tuple[int, cp_model.IntVar]]]:
    """The time-indexed model: one Boolean per item and start, as in ``milp``."""
    capacity: list[list[int]] = request["capacity"]
    items: list[dict[str, Any]] = request["items"]
    hint: list[int] = request.get("hint") or []
    rows: dict[tuple[int, int], list[tuple[int, cp_model.IntVar]]] = {}
    objective: list[tuple[int, cp_model.IntVar]] = []
    groups: dict[int, list[cp_model.IntVar]] = {}
    choices: list[list[tuple[int, cp_model.IntVar]]] = []
    for i, item in enumerate(items):
        mine: list[tuple[int, cp_model.IntVar]] = []
        for k, start in enumerate(range(item["lo"], item["hi"] + 1)):
            x = model.new_bool_var(f"x{i}_{start}")
            mine.append((start, x))
            objective.append((int(item["values"][k]), x))
            for pool, profile in item["use"]:
                for tau, units in enumerate(profile):
                    if units > 0:
                        rows.setdefault((pool, start + tau), []).append((units, x))
            if i < len(hint):
                model.add_hint(x, hint[i] == start)
        choices.append(mine)
        literals = [x for _, x in mine]
        if item["must"]:
            model.add_exactly_one(literals)
        elif len(literals) > 1:
            model.add_at_most_one(literals)
        if item["group"] >= 0:
            groups.setdefault(item["group"], []).extend(literals)
    for (pool, t), terms in rows.items():
        model.add(sum(units * x for units, x in terms) <= capacity[pool][t])
    for members in groups.values():
        model.add_at_most_one(members)
    for a, b, *lag in request["precedence"]:
        # Strong time-indexed precedence: b started by t needs a started by t - d_a - lag.
        d = items[a]["duration"] + sum(lag)
        for t in range(items[b]["lo"], items[b]["hi"] + 1):
            left = [x for s, x in choices[b] if s <= t]
            right = [x for s, x in choices[a] if s <= t - d]
            model.add(sum(left) <= sum(right))
    for a, b, offset in request.get("together") or []:
        # Together: b starts at t + offset exactly when a starts at t (both or neither).
        at_b = dict(choices[b])
        used: set[int] = set()
        for s, x in choices[a]:
            y = at_b.get(s + offset)
            if y is None:
                model.add(x == 0)
            else:
                model.add(x == y)
                used.add(s + offset)
        for s, y in choices[b]:
            if s not in used:
                model.add(y == 0)
    model.maximize(sum(value * x for value, x in objective))
    return choices


class _Reporter(cp_model.CpSolverSolutionCallback):
    """Writes every improving plan as a line of JSON."""

    def __init__(self, choices: list[list[tuple[int, cp_model.IntVar]]]) -> None:
        super().__init__()
        self.choices = choices

    def on_solution_callback(self) -> None:
        starts = [-1] * len(self.choices)
        for i, mine in enumerate(self.choices):
            for s, x in mine:
                if self.boolean_value(x):
                    starts[i] = s
        _emit({"event": "solution", "starts": starts, "objective": self.objective_value})


if __name__ == "__main__":
    sys.exit(main())
