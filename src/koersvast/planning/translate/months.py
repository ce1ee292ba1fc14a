"""Planning in months: the quarterly problem with each quarter split in three."""

from __future__ import annotations

from typing import Any

from ..documents import (
    X_BUDGET,
    X_BUDGET_PROFILE,
    X_CAPITAL,
    X_HOURS_PER_FTE,
    ProblemDocument,
    ProblemItem,
    ProblemPool,
)


def split_into_months(problem: ProblemDocument) -> ProblemDocument:
    """The quarterly problem in months: each quarter's capacity and demand split in three.

    Starts and windows move to the first month of their quarter (a latest start to the last
    month), so an initiative may start in any month its quarters allowed; a budget pool keeps
    its years (twelve months to a bucket).
    """

    def thirds(values: Any, count: int) -> list[float]:
        # Not rounded: two demands rounded up could no longer fit a capacity rounded down.
        per_quarter = values if isinstance(values, list) else [values] * count
        return [float(v) / 3 for v in per_quarter for _ in range(3)]

    months = [
        f"{label[:4]}-{(int(label[6:]) - 1) * 3 + m:02d}"
        for label in problem["periods"]
        for m in (1, 2, 3)
    ]
    pools: list[ProblemPool] = []
    for original in problem["pools"]:
        pool = original.copy()
        if pool.get("buckets"):
            pool["buckets"] = [b for b in pool["buckets"] for _ in range(3)]
        else:
            pool["capacity"] = thirds(pool["capacity"], len(problem["periods"]))
            if X_HOURS_PER_FTE in pool:
                pool[X_HOURS_PER_FTE] = pool[X_HOURS_PER_FTE] / 3
        pools.append(pool)
    items: list[ProblemItem] = []
    for quarterly in problem["initiatives"]:
        item = quarterly.copy()
        quarters = int(item["duration"])
        item["duration"] = quarters * 3
        last = len(months) - item["duration"]
        item["demand"] = {pid: thirds(v, quarters) for pid, v in item["demand"].items()}
        if X_CAPITAL in item:
            item[X_CAPITAL] = thirds(item[X_CAPITAL], quarters)
        if X_BUDGET_PROFILE in item:
            item[X_BUDGET_PROFILE] = {
                kind: thirds(values, quarters) for kind, values in item[X_BUDGET_PROFILE].items()
            }
        if X_BUDGET in item:
            item[X_BUDGET] = {k: v / 3 for k, v in item[X_BUDGET].items()}
        item["earliest_start"] = int(item.get("earliest_start", 0)) * 3
        if item.get("latest_start") is not None:
            item["latest_start"] = min(last, int(item["latest_start"]) * 3 + 2)
        if item.get("fixed_start") is not None:
            item["fixed_start"] = int(item["fixed_start"]) * 3
        if item.get("after_lag"):
            item["after_lag"] = {k: int(v) * 3 for k, v in item["after_lag"].items()}
        items.append(item)
    return {**problem, "periods": months, "pools": pools, "initiatives": items}
