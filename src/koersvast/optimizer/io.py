"""Read, validate and write the public JSON formats (problem and solution, version 1).

Every malformed input raises :class:`ProblemFormatError` naming the offending field with a
JSON-path-like location such as ``initiatives[3].demand.PL``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from koersvast.optimizer.extensions import PREFIX, is_extension
from koersvast.optimizer.model import (
    PROBLEM_FORMAT,
    SOLUTION_FORMAT,
    WARNINGS,
    Initiative,
    Placement,
    Pool,
    Problem,
    Solution,
)

_TOP_KEYS = {"format", "periods", "pools", "initiatives", "name", "description"}
_POOL_KEYS = {"id", "name", "capacity", "buckets"}
_INITIATIVE_KEYS = {
    "id",
    "name",
    "value",
    "duration",
    "demand",
    "earliest_start",
    "latest_start",
    "mandatory",
    "fixed_start",
    "after",
    "after_lag",
    "exclusive_group",
    "decay",
    "together_with",
}


class ProblemFormatError(ValueError):
    """A problem or solution file does not follow the documented format."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.detail = message


def load_problem(path: str | Path) -> Problem:
    """Read and validate a problem file."""
    return parse_problem(_read_json(path))


def load_json(path: str | Path) -> Any:
    return _read_json(path)


def _read_json(path: str | Path) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ProblemFormatError("(file)", f"cannot read {path}: {exc.strerror}") from exc
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ProblemFormatError(
            "(file)", f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc


def _reject_constant(name: str) -> float:
    # Python reads NaN and Infinity, which are not JSON and which strict parsers refuse.
    raise ProblemFormatError("(file)", f"{name} is not a JSON number")


def parse_problem(data: Any) -> Problem:
    """Validate a decoded JSON document and turn it into a :class:`Problem`."""
    root = _mapping(data, "(root)")
    _no_unknown_keys(root, _TOP_KEYS, "")
    fmt = root.get("format")
    if fmt != PROBLEM_FORMAT:
        raise ProblemFormatError("format", f"expected {PROBLEM_FORMAT!r}, got {fmt!r}")
    periods = _periods(root.get("periods"))
    horizon = len(periods)
    pools = _pools(root.get("pools"), horizon)
    pool_ids = {pool.id for pool in pools}
    bucketed = {pool.id for pool in pools if pool.buckets is not None}
    raw_items = _sequence(root.get("initiatives"), "initiatives")
    initiatives: list[Initiative] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_items):
        item = _initiative(raw, f"initiatives[{index}]", horizon, pool_ids, bucketed)
        if item.id in seen:
            raise ProblemFormatError(f"initiatives[{index}].id", f"duplicate id {item.id!r}")
        seen.add(item.id)
        initiatives.append(item)
    _check_references(initiatives)
    return Problem(periods, pools, tuple(initiatives))


#: The largest horizon and run length accepted (a century of months): a larger number is a
#: mistake, and would otherwise end in a MemoryError while its profiles are built.
MAX_PERIODS = 1200


def _periods(raw: Any) -> tuple[str, ...]:
    items = _sequence(raw, "periods")
    if len(items) > MAX_PERIODS:
        raise ProblemFormatError("periods", f"at most {MAX_PERIODS} periods, got {len(items)}")
    if not items:
        raise ProblemFormatError("periods", "needs at least one period")
    periods = tuple(_string(item, f"periods[{i}]") for i, item in enumerate(items))
    if len(set(periods)) != len(periods):
        raise ProblemFormatError("periods", "period names must be unique")
    return periods


def _pools(raw: Any, horizon: int) -> tuple[Pool, ...]:
    pools: list[Pool] = []
    for index, item in enumerate(_sequence(raw, "pools")):
        where = f"pools[{index}]"
        pool = _mapping(item, where)
        _no_unknown_keys(pool, _POOL_KEYS, where)
        pool_id = _string(pool.get("id"), f"{where}.id")
        if any(p.id == pool_id for p in pools):
            raise ProblemFormatError(f"{where}.id", f"duplicate id {pool_id!r}")
        name = _string(pool.get("name", pool_id), f"{where}.name")
        buckets = _buckets(pool.get("buckets"), horizon, f"{where}.buckets")
        if buckets is None:
            capacity = _profile(pool.get("capacity"), horizon, f"{where}.capacity", "periods")
        else:
            count = buckets[-1] + 1
            capacity = _profile(pool.get("capacity"), count, f"{where}.capacity", "buckets")
        pools.append(Pool(pool_id, name, capacity, buckets))
    return tuple(pools)


def _buckets(raw: Any, horizon: int, where: str) -> tuple[int, ...] | None:
    """Bucket of every period: 0 first, then equal or one higher (consecutive groups)."""
    if raw is None:
        return None
    items = _sequence(raw, where, "a list of integers, one per period")
    if len(items) != horizon:
        raise ProblemFormatError(
            where, f"expected {horizon} integers (one per period), got {len(items)}"
        )
    buckets = tuple(_integer(v, f"{where}[{i}]") for i, v in enumerate(items))
    previous = -1
    for i, b in enumerate(buckets):
        if b not in (previous, previous + 1) or (i == 0 and b != 0):
            raise ProblemFormatError(
                f"{where}[{i}]",
                "buckets must start at 0 and group consecutive periods (each equal to or one "
                "more than the one before)",
            )
        previous = b
    return buckets


def _initiative(
    raw: Any, where: str, horizon: int, pool_ids: set[str], bucketed: frozenset[str] | set[str]
) -> Initiative:
    item = _mapping(raw, where)
    _no_unknown_keys(item, _INITIATIVE_KEYS, where)
    for key in ("id", "value", "duration", "demand"):
        if key not in item:
            raise ProblemFormatError(f"{where}.{key}", "is required")
    item_id = _string(item["id"], f"{where}.id")
    value = _number(item["value"], f"{where}.value")
    if value < 0:
        raise ProblemFormatError(f"{where}.value", "must be zero or positive")
    duration = _integer(item["duration"], f"{where}.duration")
    if duration < 1:
        raise ProblemFormatError(f"{where}.duration", "must be at least 1 period")
    if duration > MAX_PERIODS:
        raise ProblemFormatError(f"{where}.duration", f"at most {MAX_PERIODS} periods")
    demand_raw = _mapping(item["demand"], f"{where}.demand")
    demand: dict[str, tuple[float, ...]] = {}
    for pool_id, profile in demand_raw.items():
        if pool_id not in pool_ids:
            raise ProblemFormatError(f"{where}.demand.{pool_id}", "unknown pool id")
        if pool_id in bucketed and isinstance(profile, list) and len(profile) > duration:
            # A budget keeps weighing after the work ends (kapitaallasten, structural lasten):
            # a budget pool's profile may run on after the run, at most the horizon's length.
            demand[pool_id] = _tail_profile(profile, duration, horizon, f"{where}.demand.{pool_id}")
            continue
        demand[pool_id] = _profile(profile, duration, f"{where}.demand.{pool_id}", "duration")
    decay = _number(item.get("decay", 0.0), f"{where}.decay")
    if not 0.0 <= decay < 1.0:
        raise ProblemFormatError(f"{where}.decay", "must be in [0, 1)")
    latest = item.get("latest_start")
    fixed = item.get("fixed_start")
    group = item.get("exclusive_group")
    after = _sequence(item.get("after", []), f"{where}.after")
    lags = _mapping(item.get("after_lag", {}), f"{where}.after_lag")
    after_ids = tuple(_string(a, f"{where}.after[{i}]") for i, a in enumerate(after))
    for key, raw in lags.items():
        if key not in after_ids:
            raise ProblemFormatError(f"{where}.after_lag.{key}", "not one of after")
        if _integer(raw, f"{where}.after_lag.{key}") < 0:
            raise ProblemFormatError(f"{where}.after_lag.{key}", "must be at least 0")
    after_lag = tuple(int(lags.get(a, 0)) for a in after_ids) if lags else ()
    together = _sequence(item.get("together_with", []), f"{where}.together_with")
    together_ids = tuple(_string(a, f"{where}.together_with[{i}]") for i, a in enumerate(together))
    return Initiative(
        id=item_id,
        name=_string(item.get("name", item_id), f"{where}.name"),
        value=value,
        duration=duration,
        demand=demand,
        earliest_start=_integer(item.get("earliest_start", 0), f"{where}.earliest_start"),
        latest_start=None if latest is None else _integer(latest, f"{where}.latest_start"),
        mandatory=_boolean(item.get("mandatory", False), f"{where}.mandatory"),
        fixed_start=None if fixed is None else _integer(fixed, f"{where}.fixed_start"),
        after=after_ids,
        after_lag=after_lag,
        exclusive_group=None if group is None else _string(group, f"{where}.exclusive_group"),
        decay=decay,
        together_with=together_ids,
    )


def _check_references(initiatives: list[Initiative]) -> None:
    index = {item.id: i for i, item in enumerate(initiatives)}
    for i, item in enumerate(initiatives):
        for j, pred in enumerate(item.after):
            if pred not in index:
                raise ProblemFormatError(f"initiatives[{i}].after[{j}]", f"unknown id {pred!r}")
            if pred == item.id:
                raise ProblemFormatError(f"initiatives[{i}].after[{j}]", "refers to itself")
        for j, mate in enumerate(item.together_with):
            where = f"initiatives[{i}].together_with[{j}]"
            if mate not in index:
                raise ProblemFormatError(where, f"unknown id {mate!r}")
            if mate == item.id:
                raise ProblemFormatError(where, "refers to itself")
    # Depth-first search for a precedence cycle.
    state = [0] * len(initiatives)
    for root in range(len(initiatives)):
        if state[root]:
            continue
        stack = [(root, 0)]
        state[root] = 1
        while stack:
            node, k = stack.pop()
            preds = initiatives[node].after
            if k < len(preds):
                stack.append((node, k + 1))
                nxt = index[preds[k]]
                if state[nxt] == 1:
                    raise ProblemFormatError(
                        f"initiatives[{node}].after",
                        f"precedence cycle through {initiatives[node].id!r} and {preds[k]!r}",
                    )
                if state[nxt] == 0:
                    state[nxt] = 1
                    stack.append((nxt, 0))
            else:
                state[node] = 2


def _tail_profile(raw: list[Any], duration: int, horizon: int, where: str) -> tuple[float, ...]:
    """A budget profile longer than the run: the run plus what follows it (clipped to the
    horizon where the initiative is placed)."""
    if len(raw) > max(duration, horizon):
        raise ProblemFormatError(
            where,
            f"expected at most {max(duration, horizon)} numbers (the run and what follows it "
            f"within the horizon), got {len(raw)}",
        )
    return _profile(raw, len(raw), where, "run and what follows it")


def _profile(raw: Any, length: int, where: str, what: str) -> tuple[float, ...]:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        value = _number(raw, where)
        if value < 0:
            raise ProblemFormatError(where, "must be zero or positive")
        return (value,) * length
    items = _sequence(raw, where, "a number or a list of numbers")
    if len(items) != length:
        raise ProblemFormatError(
            where, f"expected {length} numbers (one per period of the {what}), got {len(items)}"
        )
    values = tuple(_number(v, f"{where}[{i}]") for i, v in enumerate(items))
    for i, v in enumerate(values):
        if v < 0:
            raise ProblemFormatError(f"{where}[{i}]", "must be zero or positive")
    return values


def _no_unknown_keys(data: Mapping[str, Any], allowed: set[str], where: str) -> None:
    for key in data:
        if key not in allowed and not is_extension(key):
            path = f"{where}.{key}" if where else key
            raise ProblemFormatError(path, f"unknown field (extensions must start with {PREFIX!r})")


def _mapping(raw: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise ProblemFormatError(where, f"expected an object, got {_kind(raw)}")
    return raw


def _sequence(raw: Any, where: str, expected: str = "a list") -> Sequence[Any]:
    if not isinstance(raw, list):
        raise ProblemFormatError(where, f"expected {expected}, got {_kind(raw)}")
    return raw


def _string(raw: Any, where: str) -> str:
    if not isinstance(raw, str) or not raw:
        raise ProblemFormatError(where, f"expected a non-empty string, got {_kind(raw)}")
    return raw


#: The largest magnitude of any number in a problem. Beyond it sums overflow (1e308 + 1e308 is
#: infinite, and the solution's objective would be `Infinity`, which JSON does not have) and
#: the LP solver counts coefficients from 1e20 as infinite; such a number is a unit mistake.
MAX_MAGNITUDE = 1e15


def _number(raw: Any, where: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not math.isfinite(raw):
        raise ProblemFormatError(where, f"expected a finite number, got {_kind(raw)}")
    if abs(raw) > MAX_MAGNITUDE:
        raise ProblemFormatError(
            where, f"{raw:g} is too large: at most {MAX_MAGNITUDE:g} (scale the unit down)"
        )
    return float(raw)


def _integer(raw: Any, where: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        if isinstance(raw, float) and raw.is_integer():
            return int(raw)
        raise ProblemFormatError(where, f"expected an integer, got {_kind(raw)}")
    return raw


def _boolean(raw: Any, where: str) -> bool:
    if not isinstance(raw, bool):
        raise ProblemFormatError(where, f"expected true or false, got {_kind(raw)}")
    return raw


def _kind(raw: Any) -> str:
    if raw is None:
        return "null"
    if isinstance(raw, bool):
        return "a boolean"
    if isinstance(raw, (int, float)):
        return f"the number {raw!r}"
    if isinstance(raw, str):
        return f"the string {raw!r}" if raw else "an empty string"
    if isinstance(raw, list):
        return "a list"
    if isinstance(raw, Mapping):
        return "an object"
    return type(raw).__name__


def parse_baseline(data: Any, problem: Problem) -> list[Placement]:
    """Read the ``selected`` list of a solution document as a baseline plan."""
    root = _mapping(data, "(baseline)")
    fmt = root.get("format", SOLUTION_FORMAT)
    if fmt != SOLUTION_FORMAT:
        raise ProblemFormatError("baseline.format", f"expected {SOLUTION_FORMAT!r}, got {fmt!r}")
    known = {item.id for item in problem.initiatives}
    placements: list[Placement] = []
    for i, raw in enumerate(_sequence(root.get("selected"), "baseline.selected")):
        entry = _mapping(raw, f"baseline.selected[{i}]")
        item_id = _string(entry.get("id"), f"baseline.selected[{i}].id")
        if item_id not in known:
            raise ProblemFormatError(f"baseline.selected[{i}].id", f"unknown id {item_id!r}")
        start = _integer(entry.get("start"), f"baseline.selected[{i}].start")
        placements.append(Placement(item_id, start))
    return placements


def solution_to_json(solution: Solution, problem: Problem | None = None) -> dict[str, Any]:
    """The solution as a JSON-ready dict in the ``koersvast.portfolio-solution/1`` format."""
    selected: list[dict[str, Any]] = []
    for placement in solution.selected:
        entry: dict[str, Any] = {"id": placement.id, "start": placement.start}
        if problem is not None:
            item = problem.initiative(placement.id)
            entry["end"] = placement.start + item.duration - 1
            entry["period"] = problem.periods[placement.start]
            entry["value"] = _round(item.value_at(placement.start))
        selected.append(entry)
    document: dict[str, Any] = {
        "format": SOLUTION_FORMAT,
        "mode": solution.mode,
        "status": solution.status,
        # Objective and bound at full precision: rounding hid small values and their gap.
        "objective": solution.objective,
        "bound": solution.bound,
        "gap": solution.gap,
        "solve_seconds": round(solution.solve_seconds, 3),
        "selected": selected,
        "utilisation": {k: [_round(v) for v in vs] for k, vs in solution.utilisation.items()},
        "explanations": solution.explanations,
        "solver": solution.solver,
    }
    if solution.baseline is not None:
        document["baseline"] = solution.baseline
    if solution.conflicts:
        document["conflicts"] = solution.conflicts
    if solution.message:
        document["message"] = solution.message
    if solution.warnings:
        document["warnings"] = [warning_json(code, solution) for code in solution.warnings]
    document.update(solution.extra)
    return document


def solution_text(solution: Solution, problem: Problem | None = None) -> str:
    """The solution as strict JSON: a NaN or infinity is an error here, never `Infinity`."""
    return json.dumps(
        solution_to_json(solution, problem), indent=2, ensure_ascii=False, allow_nan=False
    )


def warning_json(code: str, solution: Solution) -> dict[str, str]:
    """A warning as its code and the English text (the app words it itself, per code)."""
    recommended = solution.solver.get("recommended_time_limit", 0)
    return {"code": code, "message": WARNINGS[code].format(recommended=recommended)}


def dump_solution(solution: Solution, path: str | Path, problem: Problem | None = None) -> None:
    Path(path).write_text(solution_text(solution, problem) + "\n", encoding="utf-8")


def _round(value: float) -> float:
    return round(value, 6)
