"""A second large-neighbourhood search on another core: HiGHS in a process of its own.

Started by ``parallel`` as ``python -m koersvast.optimizer.lns_worker`` (HiGHS may be imported
here; only CP-SAT needs a process without it, see ``cpsat_worker``). JSON lines over stdin and
stdout, like the CP-SAT worker:

* in, first line: ``{"protocol": 1, "task": "lns", "problem": <portfolio-problem document>,
  "starts": [start or -1 per initiative], "seed": ..., "time_limit": ..., "sent": ...,
  "kinds": [neighbourhoods] or null, "small": bool, "start_size": int or null}``;
* in, later lines: ``{"starts": [...]}``, a better plan the parent found (taken before the
  next round when it is better than this search's own);
* out: ``{"event": "solution", "starts": [...], "objective": ...}`` for every plan a round
  here improved, and a last ``{"event": "done", "status": "feasible", ...}``.

The time limit counts from ``sent`` (the parent's ``time.time()``). Every plan is checked by
the parent (``Compiled.is_feasible`` and the independent ``checker``) before it is used.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from typing import Any

from koersvast.optimizer.compiled import compile_problem
from koersvast.optimizer.heuristics import lns
from koersvast.optimizer.io import parse_problem
from koersvast.optimizer.milp import build, solver_version
from koersvast.optimizer.model import SolveOptions

PROTOCOL = 1


def main() -> int:
    request = json.loads(sys.stdin.readline())
    if request.get("protocol") != PROTOCOL or request.get("task") != "lns":
        print(
            f"unsupported request {request.get('protocol')!r}/{request.get('task')!r}",
            file=sys.stderr,
        )
        return 2
    late = max(0.0, time.time() - float(request.get("sent", time.time())))
    origin = time.perf_counter()
    deadline = origin + max(0.0, float(request["time_limit"]) - late)
    c = compile_problem(parse_problem(request["problem"]))
    starts = {i: int(s) for i, s in enumerate(request["starts"]) if s >= 0}
    if len(request["starts"]) != c.size or not c.is_feasible(starts):
        print("the starting plan does not fit the problem", file=sys.stderr)
        return 3
    offers = _Offers()
    threading.Thread(target=offers.listen, daemon=True).start()

    def feed(current: dict[int, int]) -> tuple[dict[int, int], str] | None:
        plan = offers.take()
        if plan is None or len(plan) != c.size:
            return None
        offered = {i: s for i, s in enumerate(plan) if s >= 0}
        return (offered, "parent") if c.is_feasible(offered) else None

    def improved(plan: dict[int, int], value: float) -> None:
        _emit({"event": "solution", "starts": _vector(c.size, plan), "objective": value})

    model = build(c)
    options = SolveOptions(
        time_limit=max(0.05, deadline - time.perf_counter()), seed=int(request.get("seed", 0))
    )
    kinds = request.get("kinds")
    state = lns(
        model,
        starts,
        options,
        deadline=deadline,
        origin=origin,
        small_subproblems=bool(request.get("small", False)),
        start_size=request.get("start_size"),
        feed=feed,
        improved=improved,
        kinds=None if not kinds else tuple(str(k) for k in kinds),
    )
    _emit(
        {
            "event": "done",
            "status": "feasible",
            "version": solver_version(),
            "iterations": state.iterations,
            "improvements": state.improvements,
            "adopted": state.adopted,
        }
    )
    return 0


class _Offers:
    """The parent's latest plan, read from stdin on a thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._latest: list[int] | None = None

    def listen(self) -> None:
        try:
            for line in sys.stdin:
                message: dict[str, Any] = json.loads(line)
                with self._lock:
                    self._latest = [int(s) for s in message["starts"]]
        except (OSError, ValueError, KeyError, TypeError):
            return  # the parent went away or wrote nonsense: search on alone

    def take(self) -> list[int] | None:
        with self._lock:
            latest, self._latest = self._latest, None
        return latest


def _vector(size: int, plan: dict[int, int]) -> list[int]:
    starts = [-1] * size
    for i, s in plan.items():
        starts[i] = s
    return starts


def _emit(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip the interpreter's teardown (HiGHS, numpy: a noticeable fraction of a second on a
    # busy machine); the parent waits for the exit only until its deadline.
    os._exit(code)
