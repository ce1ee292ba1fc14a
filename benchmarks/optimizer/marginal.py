"""Time of the marginal analysis and the efficient frontier on the demo municipality.

    python benchmarks/optimizer/marginal.py                  # the demo, frontier of Projectleiders
    python benchmarks/optimizer/marginal.py --pool budget:krediet --no-start
    python benchmarks/optimizer/marginal.py --problem other.json --repeat 3

Does what the app's background job does (``planning/services/marginal.py``) without the
database: the plan of record (``TIME_LIMIT_SECONDS``, node limit), then one re-solve per pool
with one FTE more and per budget pool with one step more, and the frontier steps of one pool,
each with ``MARGINAL_TIME_LIMIT_SECONDS`` through ``translate.solve_with_extra`` (checked by the
independent checker). ``--no-start`` re-solves without the plan of record as starting plan (as
before 2026-12-07). The default problem, ``data/demo-municipality-finance.json``, is the demo's
plan of record with its finance claims, exported from the app on 2026-12-07. Prints every
re-solve and the totals; ``--out`` writes them as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# KOERSVAST_SRC: measure another checkout's code (e.g. the commit before a change).
sys.path.insert(0, os.environ.get("KOERSVAST_SRC", str(HERE.parents[1] / "src")))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koersvast.config.settings.test")


def _setup() -> None:
    import django

    django.setup()


def analysis(problem: dict[str, Any], pool: str, use_start: bool) -> dict[str, Any]:
    """One marginal analysis with the frontier of ``pool``: every re-solve's value and time."""
    from koersvast.planning import constants, translate
    from koersvast.planning.services.marginal import budget_step

    started = time.perf_counter()
    solution = translate.solve_plan(problem)
    plan_seconds = time.perf_counter() - started
    base = float(solution["objective"])
    start = {s["id"]: int(s["start"]) for s in solution["selected"]} if use_start else None
    jobs: list[tuple[str, float, dict[str, list[float]]]] = []
    horizon = len(problem["periods"])
    for p in problem["pools"]:
        if p.get("buckets"):
            jobs.append(
                (p["id"], 1.0, {p["id"]: [budget_step(p["capacity"])] * len(p["capacity"])})
            )
        elif p.get("x-hours-per-fte"):
            jobs.append((p["id"], 1.0, {p["id"]: [float(p["x-hours-per-fte"])] * horizon}))
    chosen = next(p for p in problem["pools"] if p["id"] == pool)
    for fte in constants.FRONTIER_STEPS_FTE:
        if fte in (0.0, 1.0):
            continue
        if chosen.get("buckets"):
            unit = budget_step(chosen["capacity"])
            jobs.append((pool, fte, {pool: [unit * fte] * len(chosen["capacity"])}))
        else:
            jobs.append((pool, fte, {pool: [float(chosen["x-hours-per-fte"]) * fte] * horizon}))
    rows = []
    for pid, fte, extra in jobs:
        begin = time.perf_counter()
        limits: dict[str, Any] = {"start": start} if start is not None else {}
        value, violations = translate.solve_with_extra(
            problem,
            extra,
            time_limit=constants.MARGINAL_TIME_LIMIT_SECONDS,
            node_limit=constants.NODE_LIMIT,
            **limits,
        )
        seconds = time.perf_counter() - begin
        assert not violations, violations
        rows.append(
            {
                "pool": pid,
                "fte": fte,
                "value": round(value, 3),
                "gain": round(max(base, value) - base, 3),
                "seconds": round(seconds, 2),
            }
        )
        print(
            f"  {pid:20} +{fte:<4} value {value:10.3f}  gain {value - base:8.3f}  {seconds:5.2f} s"
        )
    resolve = [r["seconds"] for r in rows]
    return {
        "plan_value": round(base, 3),
        "plan_seconds": round(plan_seconds, 2),
        "resolves": rows,
        "resolve_median_seconds": round(statistics.median(resolve), 2),
        "resolve_max_seconds": round(max(resolve), 2),
        "analysis_seconds": round(sum(resolve), 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problem", default=str(HERE / "data" / "demo-municipality-finance.json"))
    parser.add_argument("--pool", default="pl", help="pool (id) of the frontier")
    parser.add_argument("--no-start", action="store_true", help="re-solve without a start plan")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--out", help="write the results as JSON here")
    args = parser.parse_args()
    _setup()
    problem = json.loads(Path(args.problem).read_text())
    runs = []
    for k in range(args.repeat):
        print(f"run {k + 1}")
        result = analysis(problem, args.pool, not args.no_start)
        print(
            f"  plan {result['plan_value']} in {result['plan_seconds']} s; "
            f"{len(result['resolves'])} re-solves: median {result['resolve_median_seconds']} s, "
            f"max {result['resolve_max_seconds']} s, analysis {result['analysis_seconds']} s"
        )
        runs.append(result)
    load = os.getloadavg()[0]
    print(f"load average (1 min) at the end: {load:.1f}")
    if args.out:
        Path(args.out).write_text(json.dumps({"load": load, "runs": runs}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
