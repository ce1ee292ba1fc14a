"""Marginal value per pool and budget, and the efficient frontier of one of them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from koersvast.capacity.models import CapacityPool
from koersvast.tenancy.policy import require

from .. import constants, presenters, translate
from ..choices import ACTIVE_STATUSES, RunStatus
from ..documents import X_CANDIDATES, X_HOURS_PER_FTE, ProblemDocument
from ..errors import PlanningError
from ..levers import headroom_of
from ..models import (
    MarginalAnalysis,
    Scenario,
)
from ..rules import MANAGE
from .candidates import candidate_items, fit_candidates
from .jobs import execute


def marginal_start(
    *, scenario: Scenario, by: Any, pool: CapacityPool | None = None, budget_kind: str = ""
) -> MarginalAnalysis:
    """Queue the marginal value per pool and budget, and the frontier of one pool or budget."""
    require(by, scenario.municipality_id, *MANAGE)
    if pool is not None and pool.municipality_id != scenario.municipality_id:
        raise PermissionDenied
    active = scenario.analyses.filter(status__in=ACTIVE_STATUSES).first()
    if active is not None:
        return active
    run = (
        scenario.runs.filter(status=RunStatus.DONE)
        .defer("problem", "solution", "digest")
        .order_by("-pk")
    ).first()
    if run is None:
        raise PlanningError(_("Reken het scenario eerst door."))
    analysis = MarginalAnalysis.objects.create(
        municipality_id=scenario.municipality_id,
        scenario=scenario,
        run=run,
        pool=None if budget_kind else pool,
        budget_kind=budget_kind,
        created_by=by,
    )
    from ..tasks import marginal_task

    marginal_task.enqueue(analysis.pk)
    return analysis


def _hours_per_fte(problem: ProblemDocument, scenario: Scenario) -> dict[str, float]:
    """Planning hours of one extra FTE per pool: from the problem, or from the pools (old runs)."""
    found = {p["id"]: float(p[X_HOURS_PER_FTE]) for p in problem["pools"] if X_HOURS_PER_FTE in p}
    missing = [
        p["id"]
        for p in problem["pools"]
        if p["id"] not in found and not translate.is_budget_pool(p["id"])
    ]
    if missing:
        default = translate.settings_for(scenario.municipality).headroom_pct
        headroom = headroom_of(scenario.levers.all(), default)
        pools = CapacityPool.objects.in_municipality(scenario.municipality).filter(code__in=missing)
        for pool in pools:
            found[pool.code] = float(pool.portfolio_hours(Decimal(1))) * headroom / 100
    return found


def marginal_execute(
    *,
    analysis_id: int,
    time_limit: float = constants.MARGINAL_TIME_LIMIT_SECONDS,
    node_limit: int | None = constants.NODE_LIMIT,
) -> MarginalAnalysis:
    """Re-solve the plan with +1 FTE per pool, and with the frontier steps for one pool."""
    analysis = MarginalAnalysis.objects.select_related("run", "pool", "scenario").get(
        pk=analysis_id
    )
    MarginalAnalysis.objects.filter(pk=analysis.pk).update(status=RunStatus.RUNNING, progress=1)
    execute(
        MarginalAnalysis,
        analysis.pk,
        lambda: {
            "result": _marginal(analysis, time_limit, node_limit),
            "finished_at": timezone.now(),
        },
    )
    analysis.refresh_from_db()
    return analysis


class _Resolver:
    """Re-solves the plan with extra capacity in one pool, once per (pool, step), reporting
    progress on the analysis as it goes."""

    def __init__(
        self,
        analysis: MarginalAnalysis,
        problem: ProblemDocument,
        base: float,
        limits: dict,
        base_candidates: list[str] | None = None,
    ) -> None:
        self.analysis, self.problem, self.base, self.limits = analysis, problem, base, limits
        self.names = presenters.pool_names(problem)
        self.hours = _hours_per_fte(problem, analysis.scenario)
        self.pool_ids = [p["id"] for p in problem["pools"] if self.hours.get(p["id"])]
        # A budget pool's unit: a tenth of its mean budget per year, rounded (its "1 fte").
        self.steps_euro = {
            p["id"]: budget_step(p["capacity"]) for p in problem["pools"] if p.get("buckets")
        }
        self.buckets = {p["id"]: len(p["capacity"]) for p in problem["pools"] if p.get("buckets")}
        steps = [f for f in constants.FRONTIER_STEPS_FTE if f not in (0.0, 1.0)]
        self.total = len(self.pool_ids) + len(self.steps_euro) + len(steps)
        self.values: dict[tuple[str, float], float] = {}
        # The run's plan fits every problem with more capacity: each re-solve starts from it.
        solution = analysis.run.solution if analysis.run is not None else None
        self.start = {
            s["id"]: int(s["start"]) for s in (solution or {}).get("selected", ()) if "id" in s
        }
        # Candidates from the backlog (a scenario that includes them): those that fit next to
        # the plan as it is, and per step the candidates that extra capacity brings in.
        self.candidates = {item["id"]: item["name"] for item in candidate_items(problem)}
        self.fitting: set[str] = set(base_candidates or [])
        self.brought: dict[tuple[str, float], list[str]] = {}

    def value_at(self, pid: str, fte: float) -> float:
        if fte == 0:
            return self.base
        if (pid, fte) not in self.values:
            if pid in self.steps_euro:
                extra = {pid: [self.steps_euro[pid] * fte] * self.buckets[pid]}
            else:
                extra = {pid: [self.hours[pid] * fte] * len(self.problem["periods"])}
            value, fitting = self._solve(extra)
            self.values[(pid, fte)] = max(self.base, value)
            self.brought[(pid, fte)] = sorted(fitting - self.fitting)
            self._progress(pid, fte)
        return self.values[(pid, fte)]

    def _solve(self, extra: dict[str, list[float]]) -> tuple[float, set[str]]:
        """The best value with the extra capacity, and the candidates that then fit: the plan of
        the admitted work first, then the candidates in what it leaves (as a run does)."""
        bigger = translate.with_extra_capacity(self.problem, extra)
        solution = translate.solve_plan(bigger, start=self.start, **self.limits)
        if solution["status"] not in ("optimal", "feasible"):
            raise PlanningError(str(solution.get("message") or solution["status"]))
        violations = translate.check(bigger, solution)
        if violations:
            raise PlanningError(
                _("De onafhankelijke controle keurt een plan af: %(errors)s")
                % {"errors": "; ".join(violations[:3])}
            )
        fitted = fit_candidates(bigger, solution, **self.limits)
        if fitted is None:
            return float(solution["objective"] or 0.0), set()
        return float(fitted["objective"] or 0.0), {entry["id"] for entry in fitted["selected"]}

    def brings_in(self, pid: str, fte: float) -> list[dict[str, str]]:
        return [
            {"id": key, "name": self.candidates.get(key, key)}
            for key in self.brought.get((pid, fte), [])
        ]

    def _progress(self, pid: str, fte: float) -> None:
        done = len(self.values)
        MarginalAnalysis.objects.filter(pk=self.analysis.pk).update(
            progress=min(99, int(done / max(self.total, 1) * 100)),
            message=(
                _("%(pool)s +%(fte)s fte doorgerekend (%(done)s van %(total)s)")
                % {"pool": self.names.get(pid, pid), "fte": fte, "done": done, "total": self.total}
            )[:200],
        )

    def row(self, pid: str, **extra: Any) -> dict[str, Any]:
        """The value and gain of one unit (1 fte, or one budget step) more in a pool."""
        value = self.value_at(pid, 1.0)
        return {
            "pool": pid,
            "name": self.names.get(pid, pid),
            **extra,
            "value": round(value, 3),
            "gain": round(value - self.base, 3),
            "brings_in": self.brings_in(pid, 1.0),
        }

    def frontier(self, chosen: str) -> list[dict[str, Any]]:
        """Best value per frontier step of one pool (never below a smaller step's)."""
        points: list[dict[str, float]] = []
        best = self.base
        for fte in constants.FRONTIER_STEPS_FTE:
            best = max(best, self.value_at(chosen, fte))
            point: dict[str, Any] = {
                "fte": fte,
                "value": round(best, 3),
                "gain": round(best - self.base, 3),
                "brings_in": self.brings_in(chosen, fte),
            }
            if chosen in self.steps_euro:
                point["euro"] = round(self.steps_euro[chosen] * fte)
            else:
                point["hours"] = round(self.hours[chosen] * fte, 1)
            points.append(point)
        return points


def _marginal(
    analysis: MarginalAnalysis, time_limit: float, node_limit: int | None
) -> dict[str, Any]:
    run = analysis.run
    if run is None or not run.problem or run.objective is None:
        raise PlanningError(_("Reken het scenario eerst door."))
    base = float(run.objective)
    fitted = (run.solution or {}).get(X_CANDIDATES)
    if candidate_items(run.problem) and fitted is None:
        raise PlanningError(_("Reken het scenario eerst opnieuw door."))
    base_candidates = None
    if fitted is not None:
        # The plan with the candidates that fit is what extra capacity is compared with.
        base = float(fitted["objective"])
        base_candidates = [entry["id"] for entry in fitted["selected"]]
    limits = {"time_limit": time_limit, "node_limit": node_limit}
    resolver = _Resolver(analysis, run.problem, base, limits, base_candidates)
    chosen = analysis.pool.code if analysis.pool is not None else None
    if analysis.budget_kind:
        chosen = translate.budget_pool_id(analysis.budget_kind)
    marginal = [
        resolver.row(pid, hours_per_fte=round(resolver.hours[pid], 1)) for pid in resolver.pool_ids
    ]
    marginal.sort(key=lambda row: (-row["gain"], row["name"]))
    budget = [resolver.row(pid, step_euro=step) for pid, step in resolver.steps_euro.items()]
    if chosen not in resolver.pool_ids and chosen not in resolver.steps_euro:
        # The pool or budget where one unit more is worth most (a pool on a tie): where money
        # binds, its frontier is the one that shows what more brings in.
        best = sorted([*marginal, *budget], key=lambda row: (-row["gain"], "budget" in row["pool"]))
        chosen = best[0]["pool"] if best else None
    return {
        "base": round(base, 3),
        "candidates": fitted is not None,
        "marginal": marginal,
        "budget": budget,
        "pool": chosen,
        "pool_name": resolver.names.get(chosen, chosen) if chosen else "",
        "frontier_kind": "budget" if chosen in resolver.steps_euro else "pool",
        "frontier": resolver.frontier(chosen) if chosen is not None else [],
    }


def budget_step(capacity: list[float]) -> float:
    """A tenth of the mean budget per year, to two significant digits (at least € 1.000)."""
    mean = sum(capacity) / max(1, len(capacity))
    step = max(1000.0, mean / 10)
    magnitude = 10 ** max(0, len(str(int(step))) - 2)
    return float(round(step / magnitude) * magnitude)
