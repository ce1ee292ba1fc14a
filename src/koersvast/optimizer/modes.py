"""The four modes: plan, what-if with stability, cost of yes, and marginal value + frontier."""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import highspy
import numpy as np

from koersvast.optimizer.compiled import Compiled, compile_problem
from koersvast.optimizer.diagnose import least_extra_capacity, structural_conflicts
from koersvast.optimizer.explain import explain
from koersvast.optimizer.greedy import greedy
from koersvast.optimizer.milp import build, run, solver_version, true_costs
from koersvast.optimizer.model import (
    Mode,
    Placement,
    Problem,
    Solution,
    SolveOptions,
    recommended_time_limit,
    relative_gap,
)
from koersvast.optimizer.planner import PlanResult, solve_plan


def solve(
    problem: Problem,
    options: SolveOptions | None = None,
    *,
    mode: Mode = "plan",
    baseline: list[Placement] | None = None,
) -> Solution:
    """Run one mode on a problem. Never raises for infeasible input: see ``status``."""
    options = options or SolveOptions()
    if mode == "whatif":
        if baseline is None:
            return _error("whatif", "what-if mode needs a baseline plan (--baseline)")
        return what_if(problem, baseline, options)
    if mode == "cost-of-yes":
        return cost_of_yes(problem, baseline, options)
    if mode == "marginal":
        return marginal_values(problem, options)
    return plan(problem, options, start=baseline)


# Time kept back from the search for the explanations (per initiative and period, at most this
# share of the limit): measured 7-8 us of CPU per initiative and period (0.27 s at 2,000 x 16,
# 0.014 s for a 500-item knapsack), a wall second on a busy machine being half a CPU second.
EXPLAIN_SECONDS = 2e-5
EXPLAIN_SHARE = 0.1


def plan(
    problem: Problem, options: SolveOptions, *, start: list[Placement] | None = None
) -> Solution:
    """The best plan. ``start``, a plan known to fit (e.g. the plan before capacity was
    added), is a starting point when it is feasible for ``problem``: never worse than it."""
    started = time.perf_counter()
    c = compile_problem(problem)
    known = [p for p in start or () if p.id in c.index]
    extra = (c.starts_of(known),) if known else ()
    # The explanations after the search take time too (0.3 CPU s at 2,000 initiatives): the
    # search stops early enough for them, so that the whole call keeps the time limit.
    reserve = min(EXPLAIN_SHARE * options.time_limit, EXPLAIN_SECONDS * c.size * c.horizon)
    searching = dataclasses.replace(options, time_limit=options.time_limit - reserve)
    result = solve_plan(c, searching, origin=started, extra_candidates=extra)
    return _to_solution(c, result, "plan", options, started)


def what_if(problem: Problem, baseline: list[Placement], options: SolveOptions) -> Solution:
    """Best plan under the forced changes in ``problem`` that changes ``baseline`` least.

    Lexicographic by default: first the best value, then (keeping that value) the fewest
    moved or dropped baseline initiatives. With ``stability_weight`` w the objective is
    value + w x (number of baseline initiatives kept at their start) in one solve.
    """
    started = time.perf_counter()
    c = compile_problem(problem)
    known = dict(c.starts_of(baseline).items())
    preferred = [[known[i]] if i in known else [] for i in range(c.size)]
    values = [c.problem.initiatives[i].value for i in range(c.size)]
    top = max(values, default=0.0) + 1.0
    # Baseline initiatives first (at their baseline start), then the rest by value.
    repaired = greedy(c, lambda _, i: (0.0 if i in known else top) - values[i], preferred=preferred)
    weight = options.stability_weight
    first_share = 0.6 if weight is None else 1.0
    phase1 = solve_plan(
        c,
        dataclasses.replace(options, time_limit=options.time_limit * first_share),
        extra_candidates=(repaired,),
        origin=started,
        polish_result=False,
    )
    if phase1.starts is None:
        return _to_solution(c, phase1, "whatif", options, started)
    best = _stable_plan(c, phase1, known, options, weight, started)
    result = dataclasses.replace(phase1, starts=best, objective=c.objective(best))
    if weight is not None or c.objective(best) < (phase1.objective or 0.0) - 1e-6:
        result.status = "feasible" if result.status == "optimal" else result.status
    solution = _to_solution(c, result, "whatif", options, started)
    solution.extra["changes"] = _changes(c, known, best)
    return solution


def _stable_plan(
    c: Compiled,
    phase1: PlanResult,
    known: dict[int, int],
    options: SolveOptions,
    weight: float | None,
    started: float,
) -> dict[int, int]:
    assert phase1.starts is not None
    probe = build(c)
    value = true_costs(c, probe.var_item, probe.var_start)
    keep = np.array(
        [
            1.0 if known.get(int(i)) == int(s) else 0.0
            for i, s in zip(probe.var_item, probe.var_start, strict=False)
        ]
    )
    costs = keep if weight is None else value + weight * keep
    model = build(c, costs=costs)
    if weight is None:
        floor = (phase1.objective or 0.0) - 1e-6 * max(1.0, abs(phase1.objective or 0.0))
        cols = np.arange(model.num_x, dtype=np.int32)
        model.highs.addRow(floor, highspy.kHighsInf, model.num_x, cols, value)
    remaining = max(0.2, started + options.time_limit - time.perf_counter())
    result = run(model, options, time_limit=remaining, warm=model.vector(phase1.starts))
    if result.starts is None or not c.is_feasible(result.starts):
        return phase1.starts

    def score(starts: dict[int, int]) -> float:
        kept = sum(1 for i, s in starts.items() if known.get(i) == s)
        return kept if weight is None else c.objective(starts) + weight * kept

    return max([phase1.starts, result.starts], key=score)


def _changes(c: Compiled, baseline: dict[int, int], plan: dict[int, int]) -> dict[str, Any]:
    ids = c.problem.initiatives
    moved = [
        {"id": ids[i].id, "from": s, "to": plan[i]}
        for i, s in sorted(baseline.items())
        if i in plan and plan[i] != s
    ]
    dropped = [ids[i].id for i in sorted(baseline) if i not in plan]
    added = [{"id": ids[i].id, "start": s} for i, s in sorted(plan.items()) if i not in baseline]
    baseline_value = c.objective({i: s for i, s in baseline.items() if 0 <= s < c.horizon})
    return {
        "moved": moved,
        "dropped": dropped,
        "added": added,
        "baseline_value": round(baseline_value, 6),
        "value_change": round(c.objective(plan) - baseline_value, 6),
    }


def cost_of_yes(
    problem: Problem, baseline: list[Placement] | None, options: SolveOptions
) -> Solution:
    """Least extra capacity per pool and period that fits ``options.yes`` next to the baseline.

    Without a baseline the plan is computed first. Without ``options.yes`` the set to fit is
    every mandatory or fixed initiative that the baseline does not contain.
    """
    started = time.perf_counter()
    if baseline is None:
        first = plan(problem, dataclasses.replace(options, time_limit=options.time_limit / 2))
        if first.status in ("infeasible", "error"):
            first.mode = "cost-of-yes"
            return first
        baseline = first.selected
    in_plan = {p.id: p.start for p in baseline}
    yes = list(options.yes) or [
        item.id for item in problem.initiatives if item.must_run and item.id not in in_plan
    ]
    unknown = [y for y in yes if y not in {item.id for item in problem.initiatives}]
    if unknown:
        return _error("cost-of-yes", f"unknown initiative ids: {', '.join(unknown)}")
    if not yes:
        return _error("cost-of-yes", "nothing to fit: give initiative ids with --yes")
    needed = _closure(problem, [y for y in yes if y not in in_plan], set(in_plan))
    items = []
    for item in problem.initiatives:
        if item.id in in_plan:
            items.append(dataclasses.replace(item, fixed_start=in_plan[item.id], mandatory=True))
        elif item.id in needed:
            items.append(dataclasses.replace(item, mandatory=True))
    c = compile_problem(problem.with_initiatives(tuple(items)))
    conflicts = structural_conflicts(c)
    remaining = max(0.2, started + options.time_limit - time.perf_counter())
    fitted = None if conflicts else least_extra_capacity(c, options, remaining)
    if fitted is None:
        solution = _error("cost-of-yes", "the requested set cannot fit at any capacity")
        solution.status = "infeasible"
        solution.conflicts = conflicts
        return solution
    starts, slack, status = fitted
    extra = {
        pid: [round(v, 6) for v in c.per_bucket(p, slack[p])] for p, pid in enumerate(c.pool_ids)
    }
    per_pool = {pid: round(sum(values), 6) for pid, values in extra.items()}
    total = float(sum(per_pool.values()))
    solution = Solution(
        status="optimal" if status == "optimal" else "feasible",
        mode="cost-of-yes",
        objective=round(total, 6),
        bound=None,
        gap=None,
        solve_seconds=time.perf_counter() - started,
        selected=c.placements(starts),
        utilisation=_utilisation(c, starts),
        solver=_solver_info(options, {}),
        message="objective = total extra capacity units needed",
    )
    solution.extra["cost_of_yes"] = {
        "fit": sorted(needed),
        "extra_capacity": extra,
        "extra_per_pool": per_pool,
        "total_extra": round(total, 6),
        "starts": {
            c.problem.initiatives[i].id: s
            for i, s in starts.items()
            if c.problem.initiatives[i].id in needed
        },
    }
    return solution


def _closure(problem: Problem, wanted: list[str], planned: set[str]) -> set[str]:
    """The wanted initiatives plus every predecessor and start-together partner they need
    that is not planned yet."""
    partners: dict[str, list[str]] = {}
    for item in problem.initiatives:
        for other in item.together_with:
            partners.setdefault(item.id, []).append(other)
            partners.setdefault(other, []).append(item.id)
    result: set[str] = set()
    stack = list(wanted)
    while stack:
        item_id = stack.pop()
        if item_id in result or item_id in planned:
            continue
        result.add(item_id)
        stack.extend(problem.initiative(item_id).after)
        stack.extend(partners.get(item_id, []))
    return result


def marginal_values(problem: Problem, options: SolveOptions) -> Solution:
    """What extra capacity in each pool is worth, and the value-versus-capacity frontier.

    Each pool in turn gets ``step_fraction`` x its mean capacity extra in every period; the
    frontier adds the fractions in ``frontier_fractions`` to all pools at once. Every re-solve
    starts from the base plan, which stays feasible, so values never drop below it.
    """
    started = time.perf_counter()
    c = compile_problem(problem)
    runs = 1 + len(c.pool_ids) + len([f for f in options.frontier_fractions if f > 0])
    each = dataclasses.replace(options, time_limit=max(0.2, options.time_limit / runs))
    base = solve_plan(c, each)
    solution = _to_solution(c, base, "marginal", options, started)
    if base.starts is None or base.objective is None:
        return solution
    base_starts = base.starts
    base_value = base.objective
    mean_cap = c.cap.mean(axis=1)
    per_pool: list[dict[str, Any]] = []
    for p, pid in enumerate(c.pool_ids):
        extra = np.zeros_like(c.cap)
        extra[p, :] = options.step_fraction * mean_cap[p]
        value = _value_with(problem, extra, each, base_starts)
        units = _units(c, extra)
        gain = max(0.0, value - base_value)
        per_pool.append(
            {
                "pool": pid,
                "extra_per_period": round(float(extra[p, 0]), 6),
                "value": round(value, 6),
                "gain": round(gain, 6),
                "value_per_unit": round(gain / units, 9) if units > 0 else 0.0,
            }
        )
    frontier = [{"extra_fraction": 0.0, "extra_units": 0.0, "value": round(base_value, 6)}]
    for fraction in options.frontier_fractions:
        if fraction <= 0:
            continue
        extra = fraction * c.cap
        value = max(base_value, _value_with(problem, extra, each, base_starts))
        frontier.append(
            {
                "extra_fraction": fraction,
                "extra_units": round(_units(c, extra), 6),
                "value": round(value, 6),
            }
        )
    for k in range(1, len(frontier)):
        frontier[k]["value"] = max(frontier[k]["value"], frontier[k - 1]["value"])
    solution.extra["marginal"] = sorted(per_pool, key=lambda r: -float(r["value_per_unit"]))
    solution.extra["frontier"] = frontier
    solution.solve_seconds = time.perf_counter() - started
    return solution


def _units(c: Compiled, extra: np.ndarray[Any, Any]) -> float:
    """Total extra units: per period for a plain pool, per bucket for a bucketed pool."""
    return float(sum(sum(c.per_bucket(p, extra[p])) for p in range(len(c.pool_ids))))


def _value_with(
    problem: Problem, extra: np.ndarray[Any, Any], options: SolveOptions, warm: dict[int, int]
) -> float:
    c = compile_problem(problem, extra_capacity=extra)
    result = solve_plan(c, options, extra_candidates=(warm,))
    return result.objective if result.objective is not None else c.objective(warm)


def _to_solution(
    c: Compiled, result: PlanResult, mode: Mode, options: SolveOptions, started: float
) -> Solution:
    spreadsheet_value = c.objective(result.spreadsheet)
    baseline = {
        "method": "rank by value and place at the earliest feasible start (spreadsheet)",
        "objective": round(spreadsheet_value, 6),
        "includes_all_mandatory": all(i in result.spreadsheet for i in range(c.size) if c.must[i]),
    }
    if result.objective is not None and spreadsheet_value > 0:
        baseline["improvement"] = round(result.objective / spreadsheet_value - 1.0, 6)
    solution = Solution(
        status=result.status,  # type: ignore[arg-type]
        mode=mode,
        objective=result.objective,
        bound=result.bound,
        gap=None if result.gap is None else round(result.gap, 8),
        selected=[] if result.starts is None else c.placements(result.starts),
        baseline=baseline,
        solver=_solver_info(options, result.stats),
        conflicts=result.conflicts,
        message=result.message,
        warnings=list(result.warnings),
    )
    solution.solver["recommended_time_limit"] = recommended_time_limit(c.size)
    if options.time_limit < recommended_time_limit(c.size) and result.status != "optimal":
        solution.warnings.append("time_limit_short")
    if result.starts is not None:
        solution.utilisation = _utilisation(c, result.starts)
        solution.explanations = explain(c, result.starts)
    solution.solve_seconds = time.perf_counter() - started
    return solution


def _utilisation(c: Compiled, starts: dict[int, int]) -> dict[str, list[float]]:
    used = c.usage(starts)
    return {pid: c.per_bucket(p, used[p]) for p, pid in enumerate(c.pool_ids)}


def _solver_info(options: SolveOptions, stats: dict[str, Any]) -> dict[str, Any]:
    info = {
        "name": "HiGHS",
        "version": solver_version(),
        "package": "highspy",
        "method": "rank-and-fill + schedule generation, constraint search and OR-Tools CP-SAT "
        "in a separate process (must-run work) + LP rounding + MILP (time-indexed) + LNS; "
        "selection models: tabu search and CP-SAT racing the MILP",
        "time_limit": options.time_limit,
        "gap_target": options.gap,
        "node_limit": options.node_limit,
        "seed": options.seed,
        "threads": options.threads,
        # Processes allowed (None: the default, ``parallel.default_workers``); the processes
        # used are in ``stats.cores``.
        "workers": options.workers,
        "stats": {k: (round(v, 6) if isinstance(v, float) else v) for k, v in stats.items()},
    }
    worker = stats.get("cpsat")
    if isinstance(worker, dict) and worker.get("solver"):
        # Which CP-SAT took part (its own process; see cpsat.py), next to HiGHS.
        info["also"] = {"name": worker["solver"], "status": worker.get("status")}
    return info


def _error(mode: Mode, message: str) -> Solution:
    return Solution(status="error", mode=mode, message=message)


__all__ = ["cost_of_yes", "marginal_values", "plan", "relative_gap", "solve", "what_if"]
