"""Plain HiGHS on the time-indexed model for a long time: the reference for the synthetic rows.

    python benchmarks/optimizer/reference.py 600 2000 --time-limit 600

"Plain" = our time-indexed model (one binary per initiative and start) handed to HiGHS with
default settings, the rank-and-fill plan as warm start, no LP rounding, no LNS. The result
(best plan, HiGHS's bound) goes to results/reference.json next to the other sections; the
report takes the best plan of this run and of our own long run as "the best plan any method
found".
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

from koersvast.optimizer import SolveOptions, parse_problem  # noqa: E402
from koersvast.optimizer.compiled import compile_problem  # noqa: E402
from koersvast.optimizer.greedy import greedy  # noqa: E402
from koersvast.optimizer.milp import build, run  # noqa: E402

RESULTS = HERE / "results" / "reference.json"


def plain_highs(n: int, seed: int, time_limit: float) -> dict[str, object]:
    c = compile_problem(parse_problem(generate(n, seed=seed)))
    started = time.perf_counter()
    warm = greedy(c)
    model = build(c)
    result = run(
        model, SolveOptions(time_limit=time_limit), time_limit=time_limit, warm=model.vector(warm)
    )
    plan = result.starts if result.starts is not None and c.is_feasible(result.starts) else warm
    return {
        "method": "plain-highs",
        "n": n,
        "seed": seed,
        "time_limit": time_limit,
        "seconds": round(time.perf_counter() - started, 1),
        "objective": c.objective(plan),
        "bound": result.bound,
        "nodes": result.nodes,
        "ranking": c.objective(warm),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="plain HiGHS reference runs")
    parser.add_argument("sizes", type=int, nargs="+")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=600.0)
    args = parser.parse_args(argv)
    rows = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    for n in args.sizes:
        row = plain_highs(n, args.seed, args.time_limit)
        print(row, flush=True)
        rows = [
            r for r in rows if (r["method"], r["n"], r["seed"]) != (row["method"], n, args.seed)
        ]
        rows.append(row)
        RESULTS.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
