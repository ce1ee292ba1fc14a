"""Requests for political urgency: start (also on submission), compute the options, decide.

Deciding takes effect (docs/decisions/0402-plan-of-record.md, "Urgency decisions"): *niet
doen* parks or rejects the initiative; *faseren*, *extra middelen* and *faseren van het
verzoek* write a new plan version through the one writer of the plan of record
(`adoption.plan_write`), exactly as the option showed, in one transaction.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koersvast.capacity import services as capacity_services
from koersvast.capacity.models import CapacityPool
from koersvast.core.periods import quarter_of_label
from koersvast.intake import lifecycle
from koersvast.intake.choices import DecisionOutcome
from koersvast.intake.models import DecisionBody
from koersvast.intake.services.common import IntakeError
from koersvast.intake.services.decisions import decision_record
from koersvast.intake.services.submission import initiative_transition
from koersvast.notifications.services import notify
from koersvast.portfolio.choices import BudgetKind, LifecycleState
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.policy import require

from .. import constants, translate
from ..choices import NotDoneState, RunStatus, UrgencyOption
from ..documents import X_PK, ProblemDocument
from ..errors import PlanningError
from ..models import (
    ScenarioRun,
    UrgencyRequest,
)
from ..rules import DECIDE, MANAGE
from ..selectors.digest import run_digest
from ..selectors.plan import current_version
from ..selectors.scenarios import plan_of_record
from . import adoption, urgency_options
from .jobs import execute, progress_writer


def urgency_request_start(
    *,
    initiative: Initiative,
    by: Any,
    year: int | None = None,
    quarter: int | None = None,
    run_now: bool = False,
) -> UrgencyRequest:
    """Ask for the three options for an urgent initiative (computed in the background).

    Asking again for the same start while a request is undecided computes that request again
    rather than adding a second, identical one.
    """
    require(by, initiative.municipality_id, *MANAGE)
    if year is not None and quarter is not None:
        open_request = (
            UrgencyRequest.objects.filter(
                initiative=initiative, year=year, quarter=quarter, chosen=""
            )
            .order_by("-pk")
            .first()
        )
        if open_request is not None:
            return _recompute(open_request, run_now=run_now)
    return _urgency_request_create(
        initiative=initiative, by=by, year=year, quarter=quarter, run_now=run_now
    )


def urgency_requests_refresh(*, initiative: Initiative) -> list[UrgencyRequest]:
    """Compute the undecided requests of an initiative again (its value changed)."""
    waiting = UrgencyRequest.objects.filter(initiative=initiative, chosen="")
    return [_recompute(request, run_now=False) for request in waiting.order_by("pk")]


def _recompute(request: UrgencyRequest, *, run_now: bool) -> UrgencyRequest:
    if request.is_active:
        return request  # already being computed, with the current data
    UrgencyRequest.objects.filter(pk=request.pk).update(
        status=RunStatus.QUEUED,
        progress=0,
        message="",
        plan=plan_of_record(request.municipality_id),
    )
    if run_now:
        return urgency_compute(request_id=request.pk)
    from ..tasks import urgency_task

    urgency_task.enqueue(request.pk)
    request.refresh_from_db()
    return request


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
    from ..tasks import urgency_task

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
    # The options are computed against the plan of record as it is now; deciding checks that
    # it still is.
    request.plan = plan_of_record(request.municipality_id)
    request.plan_version = current_version(request.municipality_id)
    UrgencyRequest.objects.filter(pk=request.pk).update(
        status=RunStatus.RUNNING,
        progress=1,
        message="",
        plan=request.plan,
        plan_version=request.plan_version,
    )
    progress = progress_writer(UrgencyRequest, request.pk, time_limit, solves=4)

    def compute() -> dict[str, Any]:
        plans: dict[str, Any] = {}
        options = urgency_options.three_options(
            request=request,
            progress=progress,
            time_limit=time_limit,
            node_limit=node_limit,
            plans=plans,
        )
        return {"options": options, "plans": plans}

    execute(UrgencyRequest, request.pk, compute)
    request.refresh_from_db()
    return request


def urgency_recompute(*, request: UrgencyRequest, by: Any) -> UrgencyRequest:
    """Compute the options of an undecided request again (the plan of record changed since)."""
    require(by, request.municipality_id, *DECIDE)
    if request.chosen:
        raise PlanningError(_("Over dit verzoek is al besloten."))
    return _recompute(request, run_now=False)


def stale_reason(request: UrgencyRequest, *, data: bool = False) -> str:
    """Why the options may not be decided on any more, or '' when they still hold: the plan of
    record has a newer version since they were computed; with `data` also when the portfolio's
    figures changed so that an option's plan no longer fits (what deciding would refuse), so
    the request page warns before an option is picked."""
    if request.chosen or request.status != RunStatus.DONE:
        return ""
    version = current_version(request.municipality_id)
    if (version.pk if version else None) != request.plan_version_id:
        return _(
            "Het vastgestelde plan is gewijzigd sinds de opties zijn doorgerekend (toen: "
            "%(then)s, nu: %(now)s). Reken de opties opnieuw door voordat u besluit."
        ) % {
            "then": request.plan_version.label if request.plan_version else _("geen planversie"),
            "now": version.label if version else _("geen planversie"),
        }
    if data and request.plan is not None:
        return _changed_data(request)
    return ""


def _changed_data(request: UrgencyRequest) -> str:
    """Whether each option's plan still fits the portfolio as it is now (one translation, the
    checker per option; no solving)."""
    chosen = [
        option
        for option in (UrgencyOption.PHASE, UrgencyOption.EXTRA, UrgencyOption.LATER)
        if request.option(option).get("possible")
    ]
    if chosen and not request.plans:
        return _stale_plans()
    translation = urgency_options.problem_of(request)
    for option in chosen:
        plan = (request.plans or {}).get(option)
        if not plan:
            return _stale_plans()
        _problem, _solution, violations = _option_checked(request, option, plan, translation)
        if violations:
            return _changed(violations)
    return ""


def _stale_plans() -> str:
    return _(
        "De opties van dit verzoek zijn berekend vóór besluiten effect hadden; reken ze "
        "opnieuw door."
    )


def _changed(violations: list[str]) -> str:
    return _(
        "De gegevens van het portfolio zijn gewijzigd sinds de opties zijn doorgerekend "
        "(%(errors)s). Reken de opties opnieuw door voordat u besluit."
    ) % {"errors": "; ".join(violations[:3])}


def _option_checked(
    request: UrgencyRequest,
    chosen: UrgencyOption,
    plan: dict[str, Any],
    translation: translate.Translation,
) -> tuple[ProblemDocument, dict[str, Any], list[str]]:
    """The option's plan against the problem of the plan of record now (the request at its
    start, the extra capacity): the problem, the plan as a solution, and the violations."""
    item_id = translate.initiative_id(request.initiative)
    problem = urgency_options.pinned(translation.problem, item_id, int(plan["start"]))
    if chosen == UrgencyOption.EXTRA:
        problem = translate.with_extra_capacity(problem, plan.get("extra_capacity", {}))
    solution = {
        "mode": "plan",
        "status": plan.get("status", "feasible"),
        "objective": plan.get("objective"),
        "selected": plan["selected"],
        "utilisation": plan.get("utilisation", {}),
        "explanations": [],
    }
    return problem, solution, translate.check(problem, solution)


@transaction.atomic
def urgency_decide(
    *,
    request: UrgencyRequest,
    option: str,
    body: DecisionBody,
    rationale: str,
    by: Any,
    not_done: str = NotDoneState.PARKED,
) -> UrgencyRequest:
    """Decide on the request, and make the decision take effect (one transaction).

    - niet doen: the initiative is parked or rejected (`not_done`; "" leaves its state) through
      the lifecycle, the plan stays as it is;
    - faseren, extra middelen, faseren van het verzoek: a new plan version with the initiative
      admitted and planned and the other initiatives exactly where the option put them; extra
      middelen also makes its extra capacity and budget real changes linked to the decision.

    Options computed against an older plan version are refused: compute them again first.
    """
    require(by, request.municipality_id, *DECIDE)
    if body.municipality_id != request.municipality_id:
        raise PermissionDenied
    # The municipality's row serialises every write of the plan (and decisions on a request).
    municipality = adoption.lock_plan(request.municipality_id)
    request = UrgencyRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RunStatus.DONE:
        raise PlanningError(_("De opties zijn nog niet doorgerekend."))
    if request.chosen:
        raise PlanningError(_("Over dit verzoek is al besloten."))
    if not rationale.strip():
        raise PlanningError(_("Motiveer het besluit."))
    if option not in UrgencyOption.values:
        raise PlanningError(_("Kies een optie."))
    stale = stale_reason(request)
    if stale:
        raise StaleOptions(stale)
    chosen = UrgencyOption(option)
    if chosen != UrgencyOption.DO_NOTHING and not request.option(chosen).get("possible"):
        raise PlanningError(_("Deze optie is niet mogelijk."))
    initiative = Initiative.objects.select_for_update().get(pk=request.initiative_id)
    outcome: dict[str, Any] = {"state_before": initiative.state}
    rationale = rationale.strip()
    try:
        if chosen == UrgencyOption.DO_NOTHING:
            _not_done(request, initiative, body, rationale, by, not_done, outcome)
        else:
            _take_into_plan(municipality, request, chosen, initiative, body, rationale, by, outcome)
    except IntakeError as error:
        raise PlanningError(str(error)) from error
    outcome["state_after"] = Initiative.objects.values_list("state", flat=True).get(
        pk=initiative.pk
    )
    request.chosen = chosen
    request.body = body
    request.rationale = rationale
    request.decided_by = by
    request.decided_at = timezone.now()
    request.outcome = outcome
    request.save()
    _tell_requester(request, initiative, by)
    return request


class StaleOptions(PlanningError):
    """The plan of record changed since the options were computed."""


def _not_done(
    request: UrgencyRequest,
    initiative: Initiative,
    body: DecisionBody,
    rationale: str,
    by: Any,
    not_done: str,
    outcome: dict[str, Any],
) -> None:
    """Niet doen: park or reject the initiative (a recorded decision when it is on the agenda,
    otherwise the lifecycle step by decision); the plan does not change."""
    if not not_done:
        return
    target = NotDoneState(not_done)
    reason = _("Besluit over urgent verzoek (%(option)s): %(rationale)s") % {
        "option": UrgencyOption.DO_NOTHING.label,
        "rationale": rationale,
    }
    if initiative.state == LifecycleState.DECISION:
        outcome_code = (
            DecisionOutcome.PARK if target == NotDoneState.PARKED else DecisionOutcome.REJECT
        )
        decision_record(
            initiative=initiative, body=body, outcome=outcome_code, rationale=reason, by=by
        )
    elif lifecycle.rule_for(initiative.state, target) is not None:
        initiative_transition(
            initiative=initiative, target=target, by=by, reason=reason, via_decision=True
        )
    else:
        raise PlanningError(
            _(
                "Een initiatief met status '%(state)s' kan niet worden %(action)s; kies 'status "
                "ongewijzigd laten'."
            )
            % {
                "state": LifecycleState(initiative.state).label,
                "action": _("geparkeerd") if target == NotDoneState.PARKED else _("afgewezen"),
            }
        )


# States from which an urgency decision may take the initiative into the plan.
_IN_PORTFOLIO = (LifecycleState.ADMITTED, LifecycleState.PLANNED, LifecycleState.IN_PROGRESS)


def _take_into_plan(
    municipality: Any,
    request: UrgencyRequest,
    chosen: UrgencyOption,
    initiative: Initiative,
    body: DecisionBody,
    rationale: str,
    by: Any,
    outcome: dict[str, Any],
) -> None:
    """Faseren, extra middelen or faseren van het verzoek: admit the initiative and write the
    option's plan as a new plan version (with, for extra middelen, the extra capacity)."""
    plan = (request.plans or {}).get(chosen)
    if request.plan is None:
        raise PlanningError(
            _("Er is geen vastgesteld plan om te wijzigen: stel eerst een plan vast.")
        )
    if not plan:
        raise StaleOptions(_stale_plans())
    if initiative.state == LifecycleState.DECISION:
        decision_record(
            initiative=initiative,
            body=body,
            outcome=DecisionOutcome.ADMIT,
            rationale=_("Besluit over urgent verzoek (%(option)s): %(rationale)s")
            % {"option": chosen.label, "rationale": rationale},
            by=by,
        )
        initiative.refresh_from_db()
    elif initiative.state not in _IN_PORTFOLIO:
        raise PlanningError(
            _(
                "%(ref)s heeft status '%(state)s': zet het eerst op de agenda voor "
                "besluitvorming, zodat het besluit het kan opnemen."
            )
            % {"ref": initiative.reference, "state": LifecycleState(initiative.state).label}
        )
    run = _decided_run(request, chosen, plan, by)
    label = _("Urgent verzoek %(ref)s: %(option)s") % {
        "ref": initiative.reference,
        "option": chosen.label,
    }
    dropped = {entry["id"] for entry in request.option(chosen).get("dropped", [])}
    assert run.problem is not None  # _decided_run writes the problem
    pks = {i["id"]: i[X_PK] for i in run.problem["initiatives"] if X_PK in i}
    reasons = {
        pks[key]: _("valt af door het besluit over het urgente verzoek %(ref)s")
        % {"ref": initiative.reference}
        for key in dropped
        if key in pks
    }
    written = adoption.plan_write(
        municipality=municipality,
        scenario=request.plan,
        run=run,
        body=body,
        rationale=f"{label}. {rationale}",
        by=by,
        reasons=reasons,
    )
    request.decision = written.decision
    outcome["version"] = written.version.label
    outcome["version_pk"] = written.version.pk
    item = next((p.item for p in written.planned if p.initiative.pk == initiative.pk), None)
    if item is None or not item.in_plan:
        raise PlanningError(_("Het initiatief staat niet in het nieuwe plan; reken opnieuw door."))
    outcome["start"], outcome["end"] = item.start_period, item.end_period
    # Each move named, with the initiative it moved (for that initiative's page).
    outcome["moved"] = [
        {**move, "pk": pks.get(move["id"])} for move in request.option(chosen).get("moved", [])
    ]
    outcome["dropped"] = [
        {**drop, "pk": pks.get(drop["id"])} for drop in request.option(chosen).get("dropped", [])
    ]
    if chosen == UrgencyOption.EXTRA:
        outcome["changes"] = _realise_extra(request, written, initiative)


def _decided_run(
    request: UrgencyRequest, chosen: UrgencyOption, plan: dict[str, Any], by: Any
) -> ScenarioRun:
    """The option's plan as a finished run of the plan scenario: the problem of the plan of
    record now (with the request at its start, and the extra capacity), and the option's
    solution, checked again: data that changed since the computation is refused."""
    translation = urgency_options.problem_of(request)
    problem, solution, violations = _option_checked(request, chosen, plan, translation)
    if violations:
        raise StaleOptions(_changed(violations))
    now = timezone.now()
    assert request.plan is not None  # a request is decided in its plan of record
    return ScenarioRun.objects.create(
        municipality_id=request.municipality_id,
        scenario=request.plan,
        status=RunStatus.DONE,
        progress=100,
        solver_status=solution["status"],
        objective=solution["objective"],
        warnings=translation.warnings,
        problem=problem,
        solution=solution,
        digest=run_digest(problem, solution),
        started_at=now,
        finished_at=now,
        created_by=by,
    )


def _realise_extra(
    request: UrgencyRequest, written: adoption.WrittenPlan, initiative: Initiative
) -> list[dict[str, Any]]:
    """Extra middelen: the extra fte per pool and quarter and the extra budget per year become
    real changes for exactly that period, linked to the decision, with their cost."""
    option = request.option(UrgencyOption.EXTRA)
    pools = {
        pool.pk: pool
        for pool in CapacityPool.objects.filter(
            municipality_id=request.municipality_id,
            pk__in=[row.get("pool_pk") for row in option.get("pools", [])],
        )
    }
    description = _("Urgent verzoek %(ref)s, %(plan)s") % {
        "ref": initiative.reference,
        "plan": written.version.label,
    }
    changes: list[dict[str, Any]] = []
    for row in option.get("pools", []):
        pool = pools.get(row.get("pool_pk"))
        if pool is None:
            raise StaleOptions(_("Een pool van deze optie bestaat niet meer; reken opnieuw door."))
        per_quarter_cost = None if pool.cost_per_fte is None else Decimal(pool.cost_per_fte) / 4
        for cell in row.get("quarters", []):
            year, quarter = quarter_of_label(cell["period"])
            fte = Decimal(str(cell["fte"]))
            capacity_services.decided_capacity_change(
                pool=pool,
                year=year,
                quarter=quarter,
                fte=fte,
                through=(year, quarter),
                decision=written.decision,
                description=f"+{fte:f} fte {pool.name} {cell['period']} ({description})",
                only_through=True,
            )
            changes.append(
                {
                    "pool": pool.name,
                    "period": cell["period"],
                    "fte": float(fte),
                    "euro": None
                    if per_quarter_cost is None
                    else round(float(fte * per_quarter_cost)),
                }
            )
    for row in option.get("budget", []):
        kind = row.get("kind")
        if not kind:
            continue
        for cell in row["cells"]:
            year, amount = int(cell["year"]), Decimal(cell["euro"])
            capacity_services.decided_budget_change(
                municipality_id=request.municipality_id,
                kind=kind,
                year=year,
                amount=amount,
                through=year,
                decision=written.decision,
                description=f"{BudgetKind(kind).label} {year} ({description})",
                only_through=True,
            )
            changes.append(
                {"budget": str(BudgetKind(kind).label), "year": year, "euro": int(amount)}
            )
    return changes


def _tell_requester(request: UrgencyRequest, initiative: Initiative, by: Any) -> None:
    """The one who asked (the request's author and the political sponsor) hears the decision."""
    message = _("Besluit over het urgente verzoek %(ref)s '%(title)s': %(option)s (%(body)s).") % {
        "ref": initiative.reference,
        "title": initiative.title,
        "option": UrgencyOption(request.chosen).label,
        "body": request.body,
    }
    recipients = [request.created_by, initiative.political_sponsor]
    notify(
        recipients=[user for user in recipients if user is not None and user != by],
        initiative=initiative,
        message=message,
    )
