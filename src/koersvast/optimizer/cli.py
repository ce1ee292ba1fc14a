"""``koersvast optimize PROBLEM.json``: run the optimiser on a file and print a summary."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Sequence

from koersvast.optimizer.io import (
    ProblemFormatError,
    dump_solution,
    load_json,
    load_problem,
    parse_baseline,
    solution_text,
    warning_json,
)
from koersvast.optimizer.model import (
    Mode,
    Placement,
    Problem,
    Solution,
    SolveOptions,
    recommended_time_limit,
)
from koersvast.optimizer.modes import solve

EXIT_OK = 0
EXIT_INFEASIBLE = 1
EXIT_BAD_INPUT = 2


def _checked(
    convert: Callable[[str], float], accept: Callable[[float], bool], rule: str
) -> Callable[[str], float]:
    """An argparse type: the text converted, then refused with `rule` unless `accept`ed.

    Validated up front: a NaN time limit compares false with every clock reading and the
    run would never stop; 0 or a negative limit would silently mean "no search".
    """

    def parse(text: str) -> float:
        try:
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a valid number: {text!r}") from None
        if not (math.isfinite(value) and accept(value)):
            raise argparse.ArgumentTypeError(f"{rule}, not {text!r}")
        return value

    return parse


SECONDS = _checked(float, lambda v: v > 0, "must be a number of seconds above 0")
FRACTION = _checked(float, lambda v: 0 <= v < 1, "must be at least 0 and below 1")
WEIGHT = _checked(float, lambda v: v >= 0, "must be at least 0")
AT_LEAST_ONE = _checked(int, lambda v: v >= 1, "must be a whole number of at least 1")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="koersvast optimize",
        description="Select and phase initiatives under capacity (koersvast.portfolio-problem/1).",
    )
    parser.add_argument("problem", metavar="PROBLEM.json")
    parser.add_argument("-o", "--output", metavar="SOLUTION.json", help="write the solution")
    parser.add_argument(
        "--time-limit",
        type=SECONDS,
        default=None,
        metavar="S",
        help="seconds (default: 10, plus 10 per 1,000 initiatives beyond the first 1,000)",
    )
    parser.add_argument("--gap", type=FRACTION, default=1e-4, metavar="G", help="0.005 = 0.5 %%")
    parser.add_argument(
        "--mode", choices=["plan", "whatif", "cost-of-yes", "marginal"], default="plan"
    )
    parser.add_argument("--baseline", metavar="SOLUTION.json", help="plan to compare against")
    parser.add_argument("--yes", default="", metavar="ID[,ID]", help="cost-of-yes: ids to fit")
    parser.add_argument(
        "--node-limit",
        type=AT_LEAST_ONE,
        default=None,
        help="work limit that makes runs reproducible",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--workers",
        type=AT_LEAST_ONE,
        default=None,
        help="processes to use (default: the cores, at most 4; 1 = this process only)",
    )
    parser.add_argument(
        "--stability-weight", type=WEIGHT, default=None, help="whatif: weighted, not lexicographic"
    )
    parser.add_argument("--json", action="store_true", help="print the solution JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        problem = load_problem(args.problem)
        baseline = None
        if args.baseline:
            baseline = parse_baseline(load_json(args.baseline), problem)
    except ProblemFormatError as exc:
        print(f"koersvast optimize: invalid input: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    options = SolveOptions(
        time_limit=args.time_limit or recommended_time_limit(len(problem.initiatives)),
        gap=args.gap,
        node_limit=args.node_limit,
        seed=args.seed,
        workers=args.workers,
        stability_weight=args.stability_weight,
        yes=tuple(x for x in args.yes.split(",") if x),
    )
    mode: Mode = args.mode
    solution = solve(problem, options, mode=mode, baseline=baseline)
    if args.output:
        dump_solution(solution, args.output, problem)
    if args.json:
        print(solution_text(solution, problem))
    else:
        print_summary(solution, problem, baseline)
    return EXIT_OK if solution.status in ("optimal", "feasible") else EXIT_INFEASIBLE


def print_summary(
    solution: Solution, problem: Problem, baseline: Sequence[Placement] | None = None
) -> None:
    out = sys.stdout
    out.write(f"mode {solution.mode}: {solution.status} in {solution.solve_seconds:.2f} s\n")
    if solution.message:
        out.write(f"  {solution.message}\n")
    for code in solution.warnings:
        out.write(f"  warning: {warning_json(code, solution)['message']}\n")
    for conflict in solution.conflicts[:10]:
        where = f" {conflict.get('pool')} {conflict.get('period')}" if "pool" in conflict else ""
        shortfall = f" short {conflict['shortfall']:g}" if "shortfall" in conflict else ""
        names = ", ".join(conflict.get("initiatives", []))
        out.write(f"  conflict {conflict['kind']}{where}{shortfall}: {names}\n")
    if solution.objective is not None and solution.mode != "cost-of-yes":
        gap = "" if solution.gap is None else f", gap {100 * solution.gap:.2f} %"
        bound = "" if solution.bound is None else f", bound {solution.bound:,.1f}"
        out.write(f"  value {solution.objective:,.1f}{bound}{gap}\n")
        out.write(
            f"  selected {len(solution.selected)} of {len(problem.initiatives)} initiatives\n"
        )
    if solution.baseline and "improvement" in solution.baseline:
        out.write(
            f"  {100 * solution.baseline['improvement']:.1f} % more value than ranking "
            f"({solution.baseline['objective']:,.1f})\n"
        )
    changes = solution.extra.get("changes")
    if changes:
        out.write(
            f"  changes: {len(changes['moved'])} moved, {len(changes['dropped'])} dropped, "
            f"{len(changes['added'])} added; value change {changes['value_change']:+,.1f}\n"
        )
    yes = solution.extra.get("cost_of_yes")
    if yes:
        out.write(f"  fit {', '.join(yes['fit'])}: {yes['total_extra']:,.1f} extra units\n")
        for pool, units in yes["extra_per_pool"].items():
            if units > 0:
                out.write(f"    {pool}: +{units:,.1f}\n")
    for row in solution.extra.get("marginal", [])[:5]:
        out.write(
            f"  +{row['extra_per_period']:,.0f}/period {row['pool']}: +{row['gain']:,.1f} value\n"
        )
    unexplained = [e for e in solution.explanations if e["status"] == "unselected"]
    if unexplained:
        out.write(f"  {len(unexplained)} not selected (see explanations in the JSON)\n")


if __name__ == "__main__":
    raise SystemExit(main())
