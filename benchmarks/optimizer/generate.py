"""Seeded generator of synthetic municipal portfolio problems (koersvast.portfolio-problem/1).

Realistic shape, not tuned to flatter the solver: durations 1-8 quarters, 2-4 pools per
initiative with ramp-up / plateau / ramp-down profiles, ~12 % already running, ~5 % mandatory
with a deadline, ~10 % with a predecessor, some alternatives and some value decay. Most
initiatives have neither deadline nor decay, so their start period is free. Capacity is about
half of the total demand.

Usage: python benchmarks/optimizer/generate.py N [--seed S] [--periods 16] [--pools 11] > p.json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from typing import Any

POOL_NAMES = [
    ("PL", "Projectleiders"),
    ("IA", "Informatieadviseurs"),
    ("JUR", "Juristen"),
    ("INK", "Inkoopadviseurs"),
    ("COM", "Communicatieadviseurs"),
    ("FIN", "Financieel adviseurs"),
    ("BEL", "Beleidsadviseurs"),
    ("ARC", "Architecten"),
    ("DATA", "Data-analisten"),
    ("TECH", "Technisch specialisten"),
    ("PRIV", "Privacy- en securityadviseurs"),
    ("OMG", "Omgevingsmanagers"),
]


def generate(
    n: int, *, seed: int = 1, periods: int = 16, pools: int = 11, capacity_ratio: float = 0.5
) -> dict[str, Any]:
    rng = random.Random(seed)
    start_year = 2027
    period_names = [f"{start_year + q // 4}-Q{q % 4 + 1}" for q in range(periods)]
    pool_defs = [POOL_NAMES[k % len(POOL_NAMES)] for k in range(pools)]
    pool_ids = [pid if k < len(POOL_NAMES) else f"{pid}{k}" for k, (pid, _) in enumerate(pool_defs)]
    pool_weight = [rng.uniform(0.3, 1.0) for _ in range(pools)]
    pool_weight[0] = 1.5  # project leaders are in nearly everything
    initiatives: list[dict[str, Any]] = []
    groups = 0
    for i in range(n):
        item = _initiative(rng, i, periods, pool_ids, pool_weight)
        roll = rng.random()
        if roll < 0.12:
            item["fixed_start"] = 0
            item["duration"] = min(item["duration"], rng.randint(1, 6))
            item["demand"] = {k: v[: item["duration"]] for k, v in item["demand"].items()}
        elif roll < 0.17:
            item["mandatory"] = True
            last = max(0, periods - item["duration"])
            item["latest_start"] = rng.randint(min(2, last), last)
        else:
            if rng.random() < 0.15:
                item["earliest_start"] = rng.randint(1, max(1, periods // 2))
            if rng.random() < 0.2:
                item["decay"] = round(rng.uniform(0.02, 0.10), 3)
            if rng.random() < 0.10 and initiatives:
                _add_predecessor(rng, item, initiatives, periods)
            elif rng.random() < 0.04 and initiatives:
                groups += 1
                _make_alternative(rng, item, initiatives, groups)
        _clip_window(item, periods)
        initiatives.append(item)
    totals = dict.fromkeys(pool_ids, 0.0)
    for item in initiatives:
        for pid, profile in item["demand"].items():
            totals[pid] += sum(profile)
    # Work already running was planned to fit: capacity never falls below 115 % of it.
    running = {pid: [0.0] * periods for pid in pool_ids}
    for item in initiatives:
        if item.get("fixed_start") is not None:
            for pid, profile in item["demand"].items():
                for t, units in enumerate(profile):
                    running[pid][item["fixed_start"] + t] += units
    pool_list = []
    for pid, (_, name) in zip(pool_ids, pool_defs, strict=True):
        per_period = capacity_ratio * totals[pid] / periods
        capacity = [
            round(max(per_period * rng.uniform(0.9, 1.1), 1.15 * running[pid][t]))
            for t in range(periods)
        ]
        pool_list.append({"id": pid, "name": name, "capacity": capacity})
    return {
        "format": "koersvast.portfolio-problem/1",
        "name": f"synthetic n={n} seed={seed}",
        "periods": period_names,
        "pools": pool_list,
        "initiatives": initiatives,
    }


def _initiative(
    rng: random.Random, i: int, periods: int, pool_ids: list[str], weight: list[float]
) -> dict[str, Any]:
    duration = min(periods, rng.choices(range(1, 9), weights=[6, 14, 16, 16, 14, 12, 12, 10])[0])
    k = rng.randint(2, min(4, len(pool_ids)))
    chosen: list[int] = []
    while len(chosen) < k:
        p = rng.choices(range(len(pool_ids)), weights=weight)[0]
        if p not in chosen:
            chosen.append(p)
    scale = rng.lognormvariate(0.0, 0.6)
    demand: dict[str, list[float]] = {}
    total = 0.0
    for p in chosen:
        plateau = 120.0 * scale * rng.uniform(0.3, 1.2)
        profile = [plateau] * duration
        if duration >= 3:
            profile[0] = plateau * rng.uniform(0.3, 0.7)
            profile[-1] = plateau * rng.uniform(0.4, 0.8)
        elif duration == 2:
            profile[0] = plateau * rng.uniform(0.5, 0.9)
        demand[pool_ids[p]] = [round(x) for x in profile]
        total += sum(profile)
    value = round((total / 100.0) ** 0.8 * rng.lognormvariate(0.0, 0.5) * 10.0, 1)
    return {
        "id": f"I-{i + 1:04d}",
        "name": f"Initiatief {i + 1}",
        "value": value,
        "duration": duration,
        "demand": demand,
    }


def _add_predecessor(
    rng: random.Random, item: dict[str, Any], earlier: list[dict[str, Any]], periods: int
) -> None:
    for _ in range(5):
        pred = rng.choice(earlier)
        if pred.get("fixed_start") is None and pred["duration"] + item["duration"] <= periods:
            item["after"] = [pred["id"]]
            return


def _make_alternative(
    rng: random.Random, item: dict[str, Any], earlier: list[dict[str, Any]], groups: int
) -> None:
    other = rng.choice(earlier)
    if other.get("fixed_start") is not None or other.get("mandatory"):
        return
    name = other.get("exclusive_group") or f"G-{groups}"
    other["exclusive_group"] = name
    item["exclusive_group"] = name


def _clip_window(item: dict[str, Any], periods: int) -> None:
    last = periods - item["duration"]
    if item.get("earliest_start", 0) > last:
        item["earliest_start"] = max(0, last)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--periods", type=int, default=16)
    parser.add_argument("--pools", type=int, default=11)
    args = parser.parse_args(argv)
    problem = generate(args.n, seed=args.seed, periods=args.periods, pools=args.pools)
    json.dump(problem, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
