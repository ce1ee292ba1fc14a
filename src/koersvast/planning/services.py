"""Planning workflows: scenarios and levers, optimiser runs, adoption and urgency requests."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koersvast.capacity.models import CapacityPool
from koersvast.framework.models import Framework
from koersvast.framework.selectors import scoring_framework
from koersvast.intake.models import DecisionBody
from koersvast.intake.services import published_framework
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action, can
from koersvast.weighing import WeighingError

from . import constants, presenters, selectors, translate
from .choices import ACTIVE_STATUSES, Granularity, LeverKind, RunStatus, UrgencyOption
from .models import (
    Lever,
    MarginalAnalysis,
    PlanningJob,
    PlanningSettings,
    Scenario,
    ScenarioDecision,
    ScenarioRun,
    UrgencyRequest,
)

logger = logging.getLogger(__name__)

MANAGE = (Action.SCENARIO_MANAGE,)
DECIDE = (Action.DECISION_RECORD, Action.SCENARIO_MANAGE)


class PlanningError(Exception):
    """A planning step that cannot be taken, with a message for the user."""


def _require(user: Any, municipality_id: int, actions: tuple[Action, ...]) -> None:
    if not any(can(user, municipality_id, action) for action in actions):
        raise PermissionDenied


# --- settings ------------------------------------------------------------------------------


@transaction.atomic
def planning_settings_save(
    *,
    municipality: Municipality,
    by: Any,
    first_year: int,
    first_quarter: int,
    horizon: int,
    headroom_pct: int,
    granularity: str = Granularity.QUARTER,
) -> PlanningSettings:
    """Store the planning start, horizon, headroom and period length of the municipality."""
    _require(by, municipality.pk, MANAGE)
    settings, _created = PlanningSettings.objects.update_or_create(
        municipality=municipality,
        defaults={
            "first_year": first_year,
            "first_quarter": first_quarter,
            "horizon": horizon,
            "headroom_pct": headroom_pct,
            "granularity": Granularity(granularity),
        },
    )
    return settings


# --- scenarios and levers ------------------------------------------------------------------


def plan_of_record(municipality_id: int) -> Scenario | None:
    return Scenario.objects.filter(municipality_id=municipality_id, is_plan_of_record=True).first()


@transaction.atomic
def scenario_create(
    *, municipality: Municipality, name: str, description: str = "", by: Any
) -> Scenario:
    """A new scenario: a copy of the plan of record (its levers), under the current framework."""
    _require(by, municipality.pk, MANAGE)
    if not name.strip():
        raise PlanningError(_("Geef het scenario een naam."))
    base = plan_of_record(municipality.pk)
    scenario = Scenario.objects.create(
        municipality=municipality,
        name=name.strip(),
        description=description,
        based_on=base,
        framework=published_framework(municipality.pk),
        created_by=by,
    )
    if base is not None:
        copies = []
        for lever in base.levers.all():
            lever.pk = None
            lever.scenario = scenario
            copies.append(lever)
        for lever in copies:
            lever.save()
    return scenario


def _period(year: int | None, quarter: int | None) -> bool:
    return year is not None and quarter is not None


@transaction.atomic
def lever_add(
    *,
    scenario: Scenario,
    by: Any,
    kind: str,
    initiative: Initiative | None = None,
    pool: CapacityPool | None = None,
    year: int | None = None,
    quarter: int | None = None,
    latest_year: int | None = None,
    latest_quarter: int | None = None,
    fte: Decimal | None = None,
    headroom_pct: int | None = None,
    budget_kind: str = "",
    amount: Decimal | None = None,
    note: str = "",
) -> Lever:
    """Add a lever to a scenario after checking it has what its kind needs."""
    _require(by, scenario.municipality_id, MANAGE)
    kind = LeverKind(kind)
    for obj in (initiative, pool):
        if obj is not None and obj.municipality_id != scenario.municipality_id:
            raise PermissionDenied
    needs_initiative = kind in (
        LeverKind.FORCE_IN,
        LeverKind.FORCE_OUT,
        LeverKind.FIX_START,
        LeverKind.BOUND_START,
    )
    if needs_initiative and initiative is None:
        raise PlanningError(_("Kies het initiatief waarop de hefboom werkt."))
    if kind == LeverKind.FIX_START and not _period(year, quarter):
        raise PlanningError(_("Kies het kwartaal waarin het initiatief start."))
    if kind == LeverKind.BOUND_START and not (
        _period(year, quarter) or _period(latest_year, latest_quarter)
    ):
        raise PlanningError(_("Kies een vroegste of uiterlijke start."))
    if kind == LeverKind.CAPACITY and (pool is None or not fte or not _period(year, quarter)):
        raise PlanningError(_("Kies een pool, het aantal fte en het kwartaal vanaf wanneer."))
    if kind == LeverKind.HEADROOM and not headroom_pct:
        raise PlanningError(_("Geef de planningsruimte als percentage (1–100)."))
    if kind == LeverKind.BUDGET and (not budget_kind or not amount or not _period(year, quarter)):
        raise PlanningError(
            _("Kies de soort budget, het bedrag per jaar en het kwartaal vanaf wanneer.")
        )
    return Lever.objects.create(
        municipality_id=scenario.municipality_id,
        scenario=scenario,
        kind=kind,
        initiative=initiative if needs_initiative else None,
        pool=pool if kind == LeverKind.CAPACITY else None,
        year=year,
        quarter=quarter,
        latest_year=latest_year if kind == LeverKind.BOUND_START else None,
        latest_quarter=latest_quarter if kind == LeverKind.BOUND_START else None,
        fte=fte if kind == LeverKind.CAPACITY else None,
        headroom_pct=headroom_pct if kind == LeverKind.HEADROOM else None,
        budget_kind=budget_kind if kind == LeverKind.BUDGET else "",
        amount=amount if kind == LeverKind.BUDGET else None,
        note=note,
    )


@transaction.atomic
def lever_remove(*, lever: Lever, by: Any) -> None:
    _require(by, lever.municipality_id, MANAGE)
    lever.delete()


# --- runs ----------------------------------------------------------------------------------


def scenario_run_start(*, scenario: Scenario, by: Any) -> ScenarioRun:
    """Queue a run of the optimiser on the scenario (a running one is returned as is)."""
    _require(by, scenario.municipality_id, MANAGE)
    active = scenario.runs.filter(status__in=ACTIVE_STATUSES).first()
    if active is not None:
        return active
    run = ScenarioRun.objects.create(
        municipality_id=scenario.municipality_id, scenario=scenario, created_by=by
    )
    from .tasks import scenario_run_task

    scenario_run_task.enqueue(run.pk)
    return run


def scenario_run_now(*, scenario: Scenario, by: Any, **limits: Any) -> ScenarioRun:
    """Run synchronously (demo loading, benchmarks): no queue."""
    _require(by, scenario.municipality_id, MANAGE)
    run = ScenarioRun.objects.create(
        municipality_id=scenario.municipality_id, scenario=scenario, created_by=by
    )
    return scenario_run_execute(run_id=run.pk, **limits)


def _progress_writer(model: Any, pk: int, time_limit: float) -> Callable[..., None]:
    """A solver progress callback that writes progress and message, at most 5 times a second."""
    last = [0.0]
    phases = {"heuristics": 10, "milp": 40, "lns": 70, "polish": 85, "done": 95}

    def write(phase: str, elapsed: float, objective: float | None) -> None:
        now = time.monotonic()
        if now - last[0] < 0.2 and phase != "done":
            return
        last[0] = now
        pct = max(phases.get(phase, 50), min(95, int(elapsed / max(time_limit, 0.1) * 100)))
        message = _("Fase %(phase)s, %(seconds).1f s") % {"phase": phase, "seconds": elapsed}
        if objective is not None:
            message += _(", beste waarde tot nu toe %(value).1f") % {"value": objective}
        model.objects.filter(pk=pk).update(progress=min(pct, 99), message=message[:200])

    return write


def _fail(model: type[PlanningJob], pk: int, reason: str) -> None:
    """Mark a job failed with its reason; its result fields emptied, its finishing time set."""
    fields: dict[str, Any] = {"status": RunStatus.FAILED, "failure_reason": reason}
    fields |= {"progress": 0, "message": ""} | dict.fromkeys(model.result_fields)
    if any(field.name == "finished_at" for field in model._meta.concrete_fields):
        fields["finished_at"] = timezone.now()
    model.objects.filter(pk=pk).update(**fields)


def fail_stale_jobs(*, now: datetime | None = None) -> int:
    """Mark runs, urgency requests and analyses that a killed worker left behind as failed.

    Jobs finish within minutes (the solver has a time limit), so a job still queued or running
    long after it was created will never finish; without this the page would poll for ever.
    """
    cutoff = (now or timezone.now()) - timedelta(minutes=constants.STALE_JOB_MINUTES)
    reason = _(
        "Onderbroken: de achtergrondtaak is gestopt voordat de berekening klaar was. "
        "Start de berekening opnieuw."
    )
    failed = 0
    for model in (ScenarioRun, UrgencyRequest, MarginalAnalysis):
        stale = model.objects.filter(status__in=ACTIVE_STATUSES, created_at__lt=cutoff)
        for pk in stale.values_list("pk", flat=True):
            _fail(model, pk, reason)
            failed += 1
    return failed


def _execute(model: type[PlanningJob], pk: int, compute: Callable[[], dict[str, Any]]) -> None:
    """Run a job's work; store the fields it returns as done, or its failure with the reason.

    A `PlanningError` (or the translation's error) is a reason for the user; anything else is a
    crash, logged, and shown as a technical error. Either way no partial result is kept.
    """
    try:
        fields = compute()
    except (PlanningError, translate.TranslationError) as error:
        _fail(model, pk, str(error))
    except Exception as error:  # any solver or translation crash fails the job
        logger.exception("%s %s failed", model._meta.model_name, pk)
        _fail(model, pk, _("Technische fout: %(error)s") % {"error": error})
    else:
        model.objects.filter(pk=pk).update(
            status=RunStatus.DONE, progress=100, message=_("Klaar"), **fields
        )


def scenario_run_execute(
    *,
    run_id: int,
    time_limit: float = constants.TIME_LIMIT_SECONDS,
    node_limit: int | None = constants.NODE_LIMIT,
) -> ScenarioRun:
    """Do the work of a run: translate, solve, check, and store the result or the failure."""
    run = ScenarioRun.objects.select_related("scenario", "municipality").get(pk=run_id)
    ScenarioRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), progress=1
    )

    def compute() -> dict[str, Any]:
        scenario = run.scenario
        translation = translate.build_problem(
            municipality=run.municipality,
            levers=scenario.levers.all(),
            framework=scenario.framework or published_framework(run.municipality_id),
            name=scenario.name,
            value_density=scenario.value_density,
        )
        solution = translate.solve_plan(
            translation.problem,
            progress=_progress_writer(ScenarioRun, run.pk, time_limit),
            time_limit=time_limit,
            node_limit=node_limit,
        )
        if solution["status"] not in ("optimal", "feasible"):
            raise PlanningError(presenters.failure_text(translation.problem, solution))
        violations = translate.check(translation.problem, solution)
        if violations:
            raise PlanningError(
                _("De onafhankelijke controle keurt het plan af: %(errors)s")
                % {"errors": "; ".join(violations[:5])}
            )
        baseline = solution.get("baseline") or {}
        return {
            "solver_status": solution["status"],
            "objective": solution["objective"],
            "bound": solution.get("bound"),
            "gap": solution.get("gap"),
            "solve_seconds": solution.get("solve_seconds"),
            "greedy_value": baseline.get("objective"),
            "warnings": translation.warnings,
            "problem": translation.problem,
            "solution": solution,
            "digest": selectors.run_digest(translation.problem, solution),
            "finished_at": timezone.now(),
        }

    _execute(ScenarioRun, run.pk, compute)
    run.refresh_from_db()
    return run


# --- adoption ------------------------------------------------------------------------------


@transaction.atomic
def scenario_adopt(
    *, scenario: Scenario, body: DecisionBody, rationale: str, by: Any
) -> ScenarioDecision:
    """Make the scenario the plan of record through a recorded decision (one transaction)."""
    _require(by, scenario.municipality_id, DECIDE)
    if body.municipality_id != scenario.municipality_id:
        raise PermissionDenied
    if not rationale.strip():
        raise PlanningError(_("Motiveer het besluit."))
    run = (
        scenario.runs.filter(status=RunStatus.DONE).order_by("-pk").first() if scenario.pk else None
    )
    if run is None:
        raise PlanningError(
            _("Reken het scenario eerst door; alleen een doorgerekend plan kan worden vastgesteld.")
        )
    # Lock the municipality's scenarios so two adoptions cannot both win.
    current = list(
        Scenario.objects.select_for_update().filter(
            municipality_id=scenario.municipality_id, is_plan_of_record=True
        )
    )
    previous = current[0] if current else None
    if previous is not None and previous.pk == scenario.pk:
        raise PlanningError(_("Dit scenario is al het vastgestelde plan."))
    for old in current:
        old.is_plan_of_record = False
        old.save(update_fields=["is_plan_of_record", "updated_at"])
    scenario.is_plan_of_record = True
    scenario.save(update_fields=["is_plan_of_record", "updated_at"])
    return ScenarioDecision.objects.create(
        municipality_id=scenario.municipality_id,
        scenario=scenario,
        run=run,
        previous=previous,
        body=body,
        rationale=rationale.strip(),
        decided_by=by,
    )


# --- political urgency ---------------------------------------------------------------------


def urgency_request_start(
    *,
    initiative: Initiative,
    by: Any,
    year: int | None = None,
    quarter: int | None = None,
    run_now: bool = False,
) -> UrgencyRequest:
    """Ask for the three options for an urgent initiative (computed in the background)."""
    _require(by, initiative.municipality_id, MANAGE)
    return _urgency_request_create(
        initiative=initiative, by=by, year=year, quarter=quarter, run_now=run_now
    )


def urgency_request_on_submission(*, initiative: Initiative, by: Any) -> UrgencyRequest | None:
    """Compute the three options as soon as an initiative with bestuurlijke urgentie is submitted.

    The submitter (often the wethouder) need not be allowed to manage scenarios: this is the
    system preparing the college's choice (docs/domain.md §5). Nothing happens without a plan of
    record to weigh against, or when a request for the initiative is still open.
    """
    if not initiative.has_political_urgency:
        return None
    if plan_of_record(initiative.municipality_id) is None:
        return None
    still_open = UrgencyRequest.objects.filter(initiative=initiative, chosen="").exists()
    if still_open:
        return None
    return _urgency_request_create(initiative=initiative, by=by)


def _urgency_request_create(
    *,
    initiative: Initiative,
    by: Any,
    year: int | None = None,
    quarter: int | None = None,
    run_now: bool = False,
) -> UrgencyRequest:
    settings = translate.settings_for(initiative.municipality)
    if year is None or quarter is None:
        year, quarter = initiative.start_year, initiative.start_quarter
    if year is None or quarter is None:
        year, quarter = settings.first_year, settings.first_quarter
    request = UrgencyRequest.objects.create(
        municipality_id=initiative.municipality_id,
        initiative=initiative,
        year=year,
        quarter=quarter,
        plan=plan_of_record(initiative.municipality_id),
        created_by=by,
    )
    if run_now:
        return urgency_compute(request_id=request.pk)
    from .tasks import urgency_task

    urgency_task.enqueue(request.pk)
    return request


def urgency_compute(
    *,
    request_id: int,
    time_limit: float = constants.TIME_LIMIT_SECONDS,
    node_limit: int | None = constants.NODE_LIMIT,
) -> UrgencyRequest:
    """Compute niet doen · faseren · extra middelen for an urgency request, checked."""
    request = UrgencyRequest.objects.select_related("initiative", "plan", "municipality").get(
        pk=request_id
    )
    UrgencyRequest.objects.filter(pk=request.pk).update(
        status=RunStatus.RUNNING, progress=1, message=""
    )
    progress = _progress_writer(UrgencyRequest, request.pk, time_limit * 3)

    def compute() -> dict[str, Any]:
        from .urgency import three_options

        options = three_options(
            request=request, progress=progress, time_limit=time_limit, node_limit=node_limit
        )
        return {"options": options}

    _execute(UrgencyRequest, request.pk, compute)
    request.refresh_from_db()
    return request


@transaction.atomic
def urgency_decide(
    *, request: UrgencyRequest, option: str, body: DecisionBody, rationale: str, by: Any
) -> UrgencyRequest:
    """Record which of the three options a body chose, and why."""
    _require(by, request.municipality_id, DECIDE)
    if body.municipality_id != request.municipality_id:
        raise PermissionDenied
    if request.status != RunStatus.DONE:
        raise PlanningError(_("De opties zijn nog niet doorgerekend."))
    if request.chosen:
        raise PlanningError(_("Over dit verzoek is al besloten."))
    if not rationale.strip():
        raise PlanningError(_("Motiveer het besluit."))
    request.chosen = UrgencyOption(option)
    request.body = body
    request.rationale = rationale.strip()
    request.decided_by = by
    request.decided_at = timezone.now()
    request.save()
    return request


# --- value density -------------------------------------------------------------------------


@transaction.atomic
def scenario_value_density_set(*, scenario: Scenario, on: bool, by: Any) -> Scenario:
    """Switch value density (value per 100 demand hours) on or off; takes effect on the next run."""
    _require(by, scenario.municipality_id, MANAGE)
    scenario.value_density = on
    scenario.save(update_fields=["value_density", "updated_at"])
    return scenario


# --- framework lever ----------------------------------------------------------------------


@transaction.atomic
def scenario_framework_set(*, scenario: Scenario, framework: Framework, by: Any) -> Scenario:
    """Value the scenario under another framework version (e.g. a draft with other weights).

    Takes effect on the next run; scores given under the published version carry over by
    objective and axis code, and nothing is written to the initiatives' own scores.
    """
    _require(by, scenario.municipality_id, MANAGE)
    if framework.municipality_id != scenario.municipality_id:
        raise PermissionDenied
    try:
        scoring_framework(framework)
    except WeighingError as error:
        raise PlanningError(
            _("Met %(fw)s kan niet worden gescoord: %(why)s") % {"fw": framework, "why": error}
        ) from error
    scenario.framework = framework
    scenario.save(update_fields=["framework", "updated_at"])
    return scenario


# --- marginal value and efficient frontier -------------------------------------------------


def marginal_start(
    *, scenario: Scenario, by: Any, pool: CapacityPool | None = None, budget_kind: str = ""
) -> MarginalAnalysis:
    """Queue the marginal value per pool and budget, and the frontier of one pool or budget."""
    _require(by, scenario.municipality_id, MANAGE)
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
    from .tasks import marginal_task

    marginal_task.enqueue(analysis.pk)
    return analysis


def _hours_per_fte(problem: dict[str, Any], scenario: Scenario) -> dict[str, float]:
    """Planning hours of one extra FTE per pool: from the problem, or from the pools (old runs)."""
    found = {
        p["id"]: float(p["x-hours-per-fte"]) for p in problem["pools"] if "x-hours-per-fte" in p
    }
    missing = [
        p["id"]
        for p in problem["pools"]
        if p["id"] not in found and not translate.is_budget_pool(p["id"])
    ]
    if missing:
        headroom = translate.settings_for(scenario.municipality).headroom_pct
        for lever in scenario.levers.all():
            if lever.kind == LeverKind.HEADROOM and lever.headroom_pct is not None:
                headroom = lever.headroom_pct
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
    _execute(
        MarginalAnalysis,
        analysis.pk,
        lambda: {
            "result": _marginal(analysis, time_limit, node_limit),
            "finished_at": timezone.now(),
        },
    )
    analysis.refresh_from_db()
    return analysis


def _marginal(
    analysis: MarginalAnalysis, time_limit: float, node_limit: int | None
) -> dict[str, Any]:
    run = analysis.run
    if run is None or not run.problem or run.objective is None:
        raise PlanningError(_("Reken het scenario eerst door."))
    problem = run.problem
    base = float(run.objective)
    horizon = len(problem["periods"])
    names = presenters.pool_names(problem)
    hours = _hours_per_fte(problem, analysis.scenario)
    pool_ids = [p["id"] for p in problem["pools"] if hours.get(p["id"])]
    # A budget pool's unit: a tenth of its mean budget per year, rounded (its "1 fte").
    steps_euro = {p["id"]: budget_step(p["capacity"]) for p in problem["pools"] if p.get("buckets")}
    buckets = {p["id"]: len(p["capacity"]) for p in problem["pools"] if p.get("buckets")}
    chosen = analysis.pool.code if analysis.pool is not None else None
    if analysis.budget_kind:
        chosen = translate.budget_pool_id(analysis.budget_kind)
    steps = [f for f in constants.FRONTIER_STEPS_FTE if f not in (0.0, 1.0)]
    total = len(pool_ids) + len(steps_euro) + len(steps)
    done = [0]
    values: dict[tuple[str, float], float] = {}

    def value_at(pid: str, fte: float) -> float:
        if fte == 0:
            return base
        if (pid, fte) not in values:
            if pid in steps_euro:
                extra = {pid: [steps_euro[pid] * fte] * buckets[pid]}
            else:
                extra = {pid: [hours[pid] * fte] * horizon}
            value, violations = translate.solve_with_extra(
                problem, extra, time_limit=time_limit, node_limit=node_limit
            )
            if violations:
                raise PlanningError(
                    _("De onafhankelijke controle keurt een plan af: %(errors)s")
                    % {"errors": "; ".join(violations[:3])}
                )
            values[(pid, fte)] = max(base, value)
            done[0] += 1
            MarginalAnalysis.objects.filter(pk=analysis.pk).update(
                progress=min(99, int(done[0] / max(total, 1) * 100)),
                message=(
                    _("%(pool)s +%(fte)s fte doorgerekend (%(done)s van %(total)s)")
                    % {"pool": names.get(pid, pid), "fte": fte, "done": done[0], "total": total}
                )[:200],
            )
        return values[(pid, fte)]

    marginal = [
        {
            "pool": pid,
            "name": names.get(pid, pid),
            "hours_per_fte": round(hours[pid], 1),
            "value": round(value_at(pid, 1.0), 3),
            "gain": round(value_at(pid, 1.0) - base, 3),
        }
        for pid in pool_ids
    ]
    marginal.sort(key=lambda row: (-row["gain"], row["name"]))
    budget = [
        {
            "pool": pid,
            "name": names.get(pid, pid),
            "step_euro": step,
            "value": round(value_at(pid, 1.0), 3),
            "gain": round(value_at(pid, 1.0) - base, 3),
        }
        for pid, step in steps_euro.items()
    ]
    if chosen not in pool_ids and chosen not in steps_euro:
        chosen = marginal[0]["pool"] if marginal else None
    frontier: list[dict[str, float]] = []
    if chosen is not None:
        best = base
        for fte in constants.FRONTIER_STEPS_FTE:
            best = max(best, value_at(chosen, fte))
            point = {"fte": fte, "value": round(best, 3), "gain": round(best - base, 3)}
            if chosen in steps_euro:
                point["euro"] = round(steps_euro[chosen] * fte)
            else:
                point["hours"] = round(hours[chosen] * fte, 1)
            frontier.append(point)
    return {
        "base": round(base, 3),
        "marginal": marginal,
        "budget": budget,
        "pool": chosen,
        "pool_name": names.get(chosen, chosen) if chosen else "",
        "frontier_kind": "budget" if chosen in steps_euro else "pool",
        "frontier": frontier,
    }


def budget_step(capacity: list[float]) -> float:
    """A tenth of the mean budget per year, to two significant digits (at least € 1.000)."""
    mean = sum(capacity) / max(1, len(capacity))
    step = max(1000.0, mean / 10)
    magnitude = 10 ** max(0, len(str(int(step))) - 2)
    return float(round(step / magnitude) * magnitude)
