"""Running the optimiser on a problem document, and its independent checker."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, cast

from koersvast.optimizer import (
    Placement,
    Progress,
    SolveOptions,
    parse_problem,
    solution_to_json,
    solve,
)
from koersvast.optimizer.checker import check_solution, plan_value

from .. import constants
from ..documents import ProblemDocument, ProblemPool, SolutionDocument

# Called as hook(phase, elapsed, objective, fraction=, step=, steps=, parallel=), see
# services.jobs.progress_writer.
ProgressHook = Callable[..., None]


def _options(
    progress: ProgressHook | None, time_limit: float, node_limit: int | None, **extra: Any
) -> SolveOptions:
    def report(update: Progress) -> None:
        if progress is not None:
            progress(
                update.phase,
                update.elapsed,
                update.objective,
                fraction=update.fraction,
                step=update.step,
                steps=update.steps,
                parallel=update.parallel,
            )

    return SolveOptions(
        time_limit=time_limit, node_limit=node_limit, progress=report, seed=0, **extra
    )


def _document(solution: dict[str, Any]) -> SolutionDocument:
    # The optimiser's JSON, as docs/optimiser-format.md describes it (its checker agrees).
    return cast(SolutionDocument, solution)


def solve_plan(
    problem: Mapping[str, Any],
    *,
    progress: ProgressHook | None = None,
    time_limit: float = constants.TIME_LIMIT_SECONDS,
    node_limit: int | None = constants.NODE_LIMIT,
    start: Mapping[str, int] | None = None,
) -> SolutionDocument:
    """The optimal (or best found) plan as a solution document; never worse than ``start``
    (initiative id → start) when that plan fits the problem."""
    parsed = parse_problem(dict(problem))
    known = {item.id for item in parsed.initiatives}
    placements = [Placement(id=k, start=s) for k, s in (start or {}).items() if k in known]
    solution = solve(
        parsed,
        _options(progress, time_limit, node_limit),
        mode="plan",
        baseline=placements or None,
    )
    return _document(solution_to_json(solution, parsed))


def solve_whatif(
    problem: Mapping[str, Any],
    baseline: Mapping[str, int],
    *,
    progress: ProgressHook | None = None,
    time_limit: float = constants.TIME_LIMIT_SECONDS,
    node_limit: int | None = constants.NODE_LIMIT,
) -> SolutionDocument:
    """The best plan under the problem's forced change that moves the baseline least."""
    parsed = parse_problem(dict(problem))
    placements = [Placement(id=key, start=start) for key, start in baseline.items()]
    solution = solve(
        parsed, _options(progress, time_limit, node_limit), mode="whatif", baseline=placements
    )
    return _document(solution_to_json(solution, parsed))


def solve_cost_of_yes(
    problem: Mapping[str, Any],
    baseline: Mapping[str, int],
    yes: Iterable[str],
    *,
    progress: ProgressHook | None = None,
    time_limit: float = constants.TIME_LIMIT_SECONDS,
    node_limit: int | None = constants.NODE_LIMIT,
) -> SolutionDocument:
    """The least extra capacity that fits `yes` next to the baseline, kept exactly."""
    parsed = parse_problem(dict(problem))
    placements = [Placement(id=key, start=start) for key, start in baseline.items()]
    options = _options(progress, time_limit, node_limit, yes=tuple(yes))
    solution = solve(parsed, options, mode="cost-of-yes", baseline=placements)
    return _document(solution_to_json(solution, parsed))


def check(problem: Mapping[str, Any], solution: Mapping[str, Any]) -> list[str]:
    """Violations found by the optimiser's independent checker (empty: the plan is feasible)."""
    return check_solution(problem, solution)


def value_of(problem: Mapping[str, Any], starts: Mapping[str, int]) -> float:
    """The value of a plan (initiative id → start) under the problem."""
    return plan_value(problem, [{"id": key, "start": start} for key, start in starts.items()])


def solve_with_extra(
    problem: ProblemDocument,
    extra: Mapping[str, list[float]],
    *,
    time_limit: float = constants.TIME_LIMIT_SECONDS,
    node_limit: int | None = constants.NODE_LIMIT,
    start: Mapping[str, int] | None = None,
) -> tuple[float, list[str]]:
    """Best plan value with extra capacity per pool and period, and the checker's violations.

    ``start``: the plan without the extra capacity, which still fits; the search starts from
    it, so the value never drops below it even when the time limit stops the search early.
    """
    bigger = with_extra_capacity(problem, extra)
    solution = solve_plan(bigger, time_limit=time_limit, node_limit=node_limit, start=start)
    if solution["status"] not in ("optimal", "feasible"):
        return 0.0, [str(solution.get("message") or solution["status"])]
    return float(solution["objective"] or 0.0), check(bigger, solution)


def with_extra_capacity(
    problem: ProblemDocument, extra: Mapping[str, list[float]]
) -> ProblemDocument:
    """The problem with capacity added per pool per period (to check a cost-of-yes plan)."""
    pools: list[ProblemPool] = []
    for pool in problem["pools"]:
        capacity = pool["capacity"]
        base = capacity if isinstance(capacity, list) else [capacity] * len(problem["periods"])
        add = extra.get(pool["id"], [0.0] * len(base))
        pools.append({**pool, "capacity": [a + b for a, b in zip(base, add, strict=True)]})
    return {**problem, "pools": pools}
