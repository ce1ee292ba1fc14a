"""Run the optimiser yardsticks and write the optimiser section of docs/performance.md.

    python benchmarks/optimizer/run.py all            # everything (long: hours at full size)
    python benchmarks/optimizer/run.py knapsack --per-class 1 --time-limit 10
    python benchmarks/optimizer/run.py j30 --step 4
    python benchmarks/optimizer/run.py synthetic
    python benchmarks/optimizer/run.py report         # only re-render docs/performance.md

Each section stores its raw results in benchmarks/optimizer/results/<section>.json; the report
is rendered from whatever results exist. Every solution is verified by the independent checker.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
BENCH = REPO.parent / "shared" / "bench-data"
RESULTS = HERE / "results"
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(HERE))

from convert import (  # noqa: E402
    knapsack_best_known,
    knapsack_problem,
    psplib_optima,
    rcpsp_problem,
    read_mknapcb,
)
from generate import generate  # noqa: E402

from koersvast.optimizer import SolveOptions, parse_problem, solution_to_json, solve  # noqa: E402
from koersvast.optimizer.checker import check_solution  # noqa: E402

DEMO_NOTE = (
    "Not proven optimal: on these instances the bound, not the plan, is the problem. Plain "
    "HiGHS on seed 1 reached 3,177.5 with bound 3,361.4 (5.8 %) after 60 s and 3,179.1 with "
    "bound 3,332.8 (4.6 %) after 400 s and 35,000 nodes, so the 2 s target (proven optimal) "
    "is out of reach for the time-indexed MILP with HiGHS's cuts; aggregated per-pool "
    "knapsack rows, window-aggregated capacity rows, selection variables with linking rows, "
    "presolve off and heuristic effort 0 were tried and moved the 15 s bound by < 0.3 %. "
    "Smaller instances (40 initiatives x 6 pools x 8 quarters) are proven optimal in about "
    "1 s (a CI test checks that)."
)


def run_one(doc: dict[str, Any], time_limit: float) -> dict[str, Any]:
    problem = parse_problem(doc)
    started = time.perf_counter()
    solution = solve(problem, SolveOptions(time_limit=time_limit))
    seconds = time.perf_counter() - started
    document = solution_to_json(solution, problem)
    return {
        "status": solution.status,
        "objective": solution.objective,
        "bound": solution.bound,
        "gap": solution.gap,
        "seconds": round(seconds, 3),
        "greedy": (solution.baseline or {}).get("objective"),
        "violations": len(check_solution(doc, document)),
        "stats": solution.solver.get("stats", {}),
    }


def knapsack(per_class: int, time_limit: float) -> list[dict[str, Any]]:
    best = knapsack_best_known(BENCH / "mkp/best-known/mknapcb_best_known.csv")
    rows = []
    for k in range(1, 10):
        instances = read_mknapcb(BENCH / f"mkp/orlib/mknapcb{k}.txt")
        for index, instance in enumerate(instances):
            if index % 10 >= per_class:
                continue
            row = run_one(knapsack_problem(instance), time_limit)
            row["name"] = instance.name
            row["best_known"] = best[instance.name]
            row["gap_to_best"] = (best[instance.name] - (row["objective"] or 0)) / best[
                instance.name
            ]
            print(instance.name, row["objective"], row["best_known"], row["seconds"], flush=True)
            rows.append(row)
    return rows


def j30(step: int, time_limit: float) -> list[dict[str, Any]]:
    optima = psplib_optima(BENCH / "rcpsp/j30/optimum.csv")
    rows = []
    for name in sorted(optima)[::step]:
        row = run_one(rcpsp_problem(BENCH / "rcpsp/j30" / name, optima[name]), time_limit)
        row["name"] = name
        print(name, row["status"], row["seconds"], flush=True)
        rows.append(row)
    return rows


def synthetic(sizes: list[tuple[int, float]], reference: float) -> list[dict[str, Any]]:
    rows = []
    for n, limit in sizes:
        doc = generate(n, seed=1)
        row = run_one(doc, limit)
        row.update({"name": f"synthetic-{n}", "n": n, "time_limit": limit})
        if reference > 0 and n >= 600:
            ref = run_one(doc, reference)
            row["reference"] = ref["objective"]
            row["reference_bound"] = ref["bound"]
            row["reference_seconds"] = reference
        print(row["name"], row["objective"], row["bound"], row["gap"], flush=True)
        rows.append(row)
    return rows


def demo(seeds: list[int], limits: list[float]) -> list[dict[str, Any]]:
    """Demo size: 60 initiatives x 6 pools x 16 quarters (capacity about half of demand)."""
    rows = []
    for seed in seeds:
        doc = generate(60, seed=seed, pools=6)
        for limit in limits:
            row = run_one(doc, limit)
            row.update({"name": f"demo-60x6-seed{seed}", "seed": seed, "time_limit": limit})
            print(row["name"], limit, row["status"], row["objective"], row["gap"], flush=True)
            rows.append(row)
    return rows


def save(section: str, rows: list[dict[str, Any]], settings: dict[str, Any]) -> None:
    RESULTS.mkdir(exist_ok=True)
    payload = {"settings": settings, "rows": rows, "machine": machine()}
    (RESULTS / f"{section}.json").write_text(json.dumps(payload, indent=1))


def machine() -> dict[str, Any]:
    import highspy

    return {
        "python": platform.python_version(),
        "highs": str(highspy.Highs().version()),
        "platform": platform.platform(),
    }


def load(section: str) -> dict[str, Any] | None:
    path = RESULTS / f"{section}.json"
    return json.loads(path.read_text()) if path.exists() else None


def report() -> str:
    lines = ["# Performance", "", "## Optimiser", ""]
    lines.append(
        "Measured with `python benchmarks/optimizer/run.py` on the 2-core development machine "
        "(shared with other work, so times are pessimistic). Every solution passed the "
        "independent checker unless the violations column says otherwise."
    )
    lines.append("")
    data = load("knapsack")
    if data:
        rows = data["rows"]
        gaps = [100 * r["gap_to_best"] for r in rows]
        ranking = [100 * (r["best_known"] - r["greedy"]) / r["best_known"] for r in rows]
        s = data["settings"]
        lines += [
            "### Chu & Beasley multidimensional knapsack (OR-Library mknapcb1-9)",
            "",
            f"{len(rows)} instances ({s['per_class']} per tightness class per file), "
            f"{s['time_limit']:g} s each.",
            "",
            "| metric | value |",
            "|---|---|",
            f"| mean gap to best-known | {statistics.mean(gaps):.3f} % |",
            f"| max gap to best-known | {max(gaps):.3f} % |",
            f"| instances at best-known | {sum(1 for g in gaps if g <= 1e-9)} of {len(rows)} |",
            f"| mean gap of ranking (spreadsheet) | {statistics.mean(ranking):.2f} % |",
            f"| checker violations | {sum(r['violations'] for r in rows)} |",
            "",
            "| file | mean gap % | max gap % |",
            "|---|---|---|",
        ]
        for k in range(1, 10):
            sub = [100 * r["gap_to_best"] for r in rows if r["name"].startswith(f"mknapcb{k}-")]
            if sub:
                lines.append(f"| mknapcb{k} | {statistics.mean(sub):.3f} | {max(sub):.3f} |")
        lines.append("")
    data = load("j30")
    if data:
        rows = data["rows"]
        ok = [r for r in rows if r["status"] in ("optimal", "feasible") and not r["violations"]]
        times = [r["seconds"] for r in ok]
        lines += [
            "### PSPLIB j30 (horizon = optimal makespan, all jobs mandatory)",
            "",
            f"{len(rows)} instances (every {data['settings']['step']}th of 480), "
            f"{data['settings']['time_limit']:g} s limit.",
            "",
            f"- feasible and verified: **{len(ok)} of {len(rows)}**",
            f"- median time of the feasible ones: {statistics.median(times):.2f} s"
            if times
            else "- no feasible instance",
            "- not solved: " + (", ".join(r["name"] for r in rows if r not in ok) or "none"),
            "",
        ]
    data = load("demo")
    if data:
        lines += [
            "### Demo size (60 initiatives, 6 pools, 16 quarters, capacity about half of demand)",
            "",
            "`generate(60, seed=s, pools=6)`; seeds whose must-run work cannot fit "
            "(infeasible by construction) are left out.",
            "",
            "| seed | limit s | status | value | ranking | vs ranking | bound | proven gap |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for r in data["rows"]:
            if r["objective"] is None:
                continue
            vs = 100 * (r["objective"] / r["greedy"] - 1) if r["greedy"] else 0.0
            lines.append(
                f"| {r['seed']} | {r['time_limit']:g} | {r['status']} | {r['objective']:,.1f} "
                f"| {r['greedy']:,.1f} | +{vs:.1f} % | {r['bound']:,.1f} | "
                f"{100 * r['gap']:.2f} % |"
            )
        lines += ["", DEMO_NOTE, ""]
    data = load("synthetic")
    if data:
        lines += [
            "### Synthetic municipal instances (16 quarters, 11 pools, seed 1)",
            "",
            "| initiatives | limit s | value | ranking | vs ranking | bound | proven gap | "
            "reference (longer run) | within reference |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for r in data["rows"]:
            ref = r.get("reference")
            vs = 100 * (r["objective"] / r["greedy"] - 1) if r["greedy"] else 0.0
            ref_text = f"{ref:,.1f} ({r['reference_seconds']:g} s)" if ref else "-"
            within = f"{100 * (ref - r['objective']) / ref:.2f} % below" if ref else "-"
            lines.append(
                f"| {r['n']} | {r['time_limit']:g} | {r['objective']:,.1f} | {r['greedy']:,.1f} "
                f"| +{vs:.1f} % | {r['bound']:,.1f} | {100 * r['gap']:.2f} % | {ref_text} | "
                f"{within} |"
            )
        lines += [
            "",
            "Reference = the same pipeline with a longer limit (not yet the 10-minute reference "
            "the issue asks for, nor plain HiGHS/CP-SAT for 10 minutes). The runs above shared "
            "the 2 cores with the knapsack and j30 runs. A standalone 120 s run on the 600 "
            "instance reached 29,549, so the 10 s plan is about 1.3 % below the best plan found "
            "so far. Plain HiGHS with the ranking plan as warm start: 27,308 at 10 s, 28,400 at "
            "30 s. The bound is the LP relaxation bound (HiGHS root cuts barely move it).",
            "",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Optimiser benchmarks")
    parser.add_argument(
        "section", choices=["all", "knapsack", "j30", "synthetic", "demo", "report"]
    )
    parser.add_argument("--per-class", type=int, default=10)
    parser.add_argument("--step", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--reference", type=float, default=600.0)
    parser.add_argument("--sizes", default="60:2,600:10,2000:60")
    parser.add_argument("--demo-seeds", default="1,2,4,5,6")
    parser.add_argument("--demo-limits", default="2,10")
    args = parser.parse_args(argv)
    if args.section in ("all", "knapsack"):
        rows = knapsack(args.per_class, args.time_limit)
        save("knapsack", rows, {"per_class": args.per_class, "time_limit": args.time_limit})
    if args.section in ("all", "j30"):
        rows = j30(args.step, args.time_limit)
        save("j30", rows, {"step": args.step, "time_limit": args.time_limit})
    if args.section in ("all", "demo"):
        limits = [float(x) for x in args.demo_limits.split(",")]
        seeds = [int(x) for x in args.demo_seeds.split(",")]
        save("demo", demo(seeds, limits), {"seeds": seeds, "limits": limits})
    if args.section in ("all", "synthetic"):
        sizes = [(int(a), float(b)) for a, b in (x.split(":") for x in args.sizes.split(","))]
        rows = synthetic(sizes, args.reference)
        save("synthetic", rows, {"sizes": args.sizes, "reference": args.reference})
    (REPO / "docs").mkdir(exist_ok=True)
    (REPO / "docs" / "performance.md").write_text(report())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
