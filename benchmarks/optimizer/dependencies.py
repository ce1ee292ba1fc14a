"""Yardstick of issue 17: a 600-initiative municipal instance with 10 % of its initiatives in
dependency chains (some with a wachttijd), 5 % in groups of alternatives and 4 % in
start-together groups (``together_with``). Compares the plan
found in the default 10 s with the best plan found in a long run, and checks both with the
independent checker.

Usage: python benchmarks/optimizer/dependencies.py [--n 600] [--seed 1] [--short 10]
       [--long 600] [--out result.json]

The instance is the existing generator's (benchmarks/optimizer/generate.py) with its own
predecessors and alternatives replaced, so the shares are exact: chains of 2-4 initiatives
without fixed start or deadline whose durations plus lags fit the horizon, groups of 2-3
alternatives and start-together groups of 2-3 optional initiatives (all or none, one start).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

from koersvast.optimizer import SolveOptions, parse_problem, solution_to_json, solve
from koersvast.optimizer.checker import check_solution

HERE = Path(__file__).resolve().parent


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("kv_generate", HERE / "generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def instance(
    n: int = 600,
    seed: int = 1,
    chain_share: float = 0.10,
    group_share: float = 0.05,
    together_share: float = 0.04,
) -> dict[str, Any]:
    doc = _generator().generate(n, seed=seed)
    rng = random.Random(seed + 17)
    periods = len(doc["periods"])
    for item in doc["initiatives"]:
        item.pop("after", None)
        item.pop("exclusive_group", None)
        item.pop("together_with", None)
    free = [
        item
        for item in doc["initiatives"]
        if item.get("fixed_start") is None and not item.get("mandatory")
    ]
    rng.shuffle(free)
    in_chains, in_groups = round(n * chain_share), round(n * group_share)
    chained = 0
    pool = iter(free)
    while chained < in_chains:
        length = min(rng.randint(2, 4), in_chains - chained)
        if length < 2:
            break
        chain = [next(pool) for _ in range(length)]
        lags = [rng.choice([0, 0, 0, 1, 2]) for _ in chain[1:]]
        while sum(i["duration"] for i in chain) + sum(lags) > periods:
            longest = max(chain, key=lambda i: i["duration"])
            longest["duration"] -= 1
            longest["demand"] = {k: v[: longest["duration"]] for k, v in longest["demand"].items()}
        chain[0]["earliest_start"] = 0
        for before, after, lag in zip(chain[:-1], chain[1:], lags, strict=True):
            after["after"] = [before["id"]]
            after["earliest_start"] = 0
            if lag:
                after["after_lag"] = {before["id"]: lag}
        chained += length
    grouped, groups = 0, 0
    while grouped < in_groups:
        size = min(rng.randint(2, 3), in_groups - grouped)
        if size < 2:
            break
        groups += 1
        for item in (next(pool) for _ in range(size)):
            item["exclusive_group"] = f"alternatieven-{groups}"
        grouped += size
    together = 0
    while together < round(n * together_share):
        size = min(rng.randint(2, 3), round(n * together_share) - together)
        if size < 2:
            break
        members = [next(pool) for _ in range(size)]
        for item in members[1:]:
            item["together_with"] = [members[0]["id"]]
        together += size
    doc["name"] = f"issue 17 yardstick n={n} seed={seed}"
    return doc


def _load() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def run(doc: dict[str, Any], seconds: float) -> dict[str, Any]:
    problem = parse_problem(doc)
    began = time.perf_counter()
    solution = solve(problem, SolveOptions(time_limit=seconds, gap=1e-6))
    elapsed = time.perf_counter() - began
    document = solution_to_json(solution, problem)
    return {
        "time_limit": seconds,
        "seconds": round(elapsed, 1),
        "status": solution.status,
        "objective": solution.objective,
        "bound": solution.bound,
        "violations": check_solution(doc, document),
        "selected": len(solution.selected),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=600)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--short", type=float, default=10.0)
    parser.add_argument("--long", type=float, default=600.0)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    doc = instance(args.n, args.seed)
    items = doc["initiatives"]
    shape = {
        "initiatives": len(items),
        "in_chains": sum(
            1 for i in items if i.get("after") or any(i["id"] in j.get("after", []) for j in items)
        ),
        "with_lag": sum(1 for i in items if i.get("after_lag")),
        "in_groups": sum(1 for i in items if i.get("exclusive_group")),
        "in_together_groups": sum(
            1
            for i in items
            if i.get("together_with") or any(i["id"] in j.get("together_with", []) for j in items)
        ),
    }
    load = _load()
    short = run(doc, args.short)
    long = run(doc, args.long)
    best = max(v for v in (short["objective"], long["objective"]) if v is not None)
    result = {
        "instance": shape,
        "short": short,
        "long": long,
        "short_vs_best_pct": round(100 * (best - (short["objective"] or 0)) / best, 3),
        # Load average (1, 5, 15 min) before and after: the machine may be shared.
        "load": {"before": load, "after": _load()},
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0 if not short["violations"] and not long["violations"] else 1


if __name__ == "__main__":
    sys.exit(main())
