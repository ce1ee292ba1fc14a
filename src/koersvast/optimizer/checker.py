"""Independent feasibility checker working on the raw JSON documents.

It shares no code with the model builder or the solvers (only the standard library), so a bug
there cannot hide itself here. Used by the tests and the benchmarks on every solution.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def check_solution(
    problem: Mapping[str, Any], solution: Mapping[str, Any], tolerance: float = 1e-6
) -> list[str]:
    """Return a list of violations (empty when the plan is feasible and its value is right)."""
    periods: Sequence[str] = problem["periods"]
    horizon = len(periods)
    capacity: dict[str, list[float]] = {}
    # bucket of every period per pool: a budget pool limits the sum over its bucket (a year)
    bucket: dict[str, list[int]] = {}
    for pool in problem["pools"]:
        bucket[pool["id"]] = list(pool.get("buckets") or range(horizon))
        count = max(bucket[pool["id"]], default=-1) + 1
        cap = pool["capacity"]
        capacity[pool["id"]] = [float(cap)] * count if _is_number(cap) else list(map(float, cap))
    items = {item["id"]: item for item in problem["initiatives"]}
    plan: dict[str, int] = {}
    errors: list[str] = []
    for entry in solution.get("selected", []):
        if entry["id"] in plan:
            errors.append(f"{entry['id']}: selected twice")
        if entry["id"] not in items:
            errors.append(f"{entry['id']}: not in the problem")
            continue
        plan[entry["id"]] = int(entry["start"])
    load = {pid: [0.0] * len(cap) for pid, cap in capacity.items()}
    groups: dict[str, str] = {}
    value = 0.0
    for item_id, start in plan.items():
        item = items[item_id]
        duration = int(item["duration"])
        earliest = int(item.get("earliest_start", 0))
        latest = item.get("latest_start")
        fixed = item.get("fixed_start")
        if start < 0 or start + duration > horizon:
            errors.append(f"{item_id}: runs outside the horizon (start {start})")
            continue
        if start < earliest:
            errors.append(f"{item_id}: starts at {start} before earliest_start {earliest}")
        if latest is not None and start > int(latest):
            errors.append(f"{item_id}: starts at {start} after latest_start {latest}")
        if fixed is not None and start != int(fixed):
            errors.append(f"{item_id}: fixed_start {fixed} but starts at {start}")
        lags = item.get("after_lag") or {}
        for pred in item.get("after", []):
            lag = int(lags.get(pred, 0))
            if pred not in plan:
                errors.append(f"{item_id}: needs {pred}, which is not selected")
            elif plan[pred] + int(items[pred]["duration"]) + lag > start:
                wait = f" and waited {lag}" if lag else ""
                errors.append(f"{item_id}: starts at {start} before {pred} has finished{wait}")
        group = item.get("exclusive_group")
        if group is not None:
            if group in groups:
                errors.append(f"{item_id}: exclusive group {group} already has {groups[group]}")
            groups[group] = item_id
        for pool_id, profile in item["demand"].items():
            units = [float(profile)] * duration if _is_number(profile) else list(profile)
            # A budget profile may run on after the work, up to the end of the horizon.
            for tau in range(min(len(units), horizon - start)):
                load[pool_id][bucket[pool_id][start + tau]] += float(units[tau])
        decay = float(item.get("decay", 0.0))
        value += float(item["value"]) * (1.0 - decay) ** max(0, start - earliest)
    for item_id, item in items.items():
        must = item.get("mandatory", False) or item.get("fixed_start") is not None
        if must and item_id not in plan:
            errors.append(f"{item_id}: mandatory but not selected")
    errors.extend(_together_errors(items, plan))
    for pool_id, used in load.items():
        for b, limit in enumerate(capacity[pool_id]):
            if used[b] > limit + tolerance * max(1.0, abs(limit)):
                where = [periods[t] for t, k in enumerate(bucket[pool_id]) if k == b]
                label = where[0] if len(where) == 1 else f"{where[0]}..{where[-1]}"
                errors.append(f"{pool_id} {label}: load {used[b]:g} exceeds {limit:g}")
    reported = solution.get("objective")
    is_plan = solution.get("mode", "plan") == "plan"
    if is_plan and reported is not None and abs(float(reported) - value) > 1e-6 * max(1, value):
        errors.append(f"objective {reported} differs from the plan's value {value}")
    return errors


def _together_errors(items: Mapping[str, Any], plan: Mapping[str, int]) -> list[str]:
    """Start-together groups: every selected member has each partner selected, same start."""
    partners: dict[str, set[str]] = {item_id: set() for item_id in items}
    for item_id, item in items.items():
        for other in item.get("together_with") or []:
            if other in partners:
                partners[item_id].add(other)
                partners[other].add(item_id)
    errors: list[str] = []
    for item_id in sorted(plan):
        for other in sorted(partners.get(item_id, ())):
            if other not in plan:
                errors.append(f"{item_id}: starts together with {other}, which is not selected")
            elif plan[other] != plan[item_id] and item_id < other:
                errors.append(
                    f"{item_id}: starts at {plan[item_id]}, its together partner {other} "
                    f"at {plan[other]}"
                )
    return errors


def plan_value(problem: Mapping[str, Any], selected: Sequence[Mapping[str, Any]]) -> float:
    """Value of a plan, computed from the raw problem document."""
    items = {item["id"]: item for item in problem["initiatives"]}
    total = 0.0
    for entry in selected:
        item = items[entry["id"]]
        delay = max(0, int(entry["start"]) - int(item.get("earliest_start", 0)))
        total += float(item["value"]) * (1.0 - float(item.get("decay", 0.0))) ** delay
    return total


def _is_number(raw: Any) -> bool:
    return isinstance(raw, (int, float)) and not isinstance(raw, bool)
