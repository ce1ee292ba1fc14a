"""Requests for political urgency: start (also on submission), compute the three options, decide."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koersvast.intake.models import DecisionBody
from koersvast.portfolio.models import Initiative

from .. import constants, translate
from ..choices import RunStatus, UrgencyOption
from ..errors import PlanningError
from ..models import (
    UrgencyRequest,
)
from ..rules import DECIDE, MANAGE, require
from ..selectors.scenarios import plan_of_record
from . import urgency_options
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
    require(by, initiative.municipality_id, MANAGE)
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
    UrgencyRequest.objects.filter(pk=request.pk).update(
        status=RunStatus.RUNNING, progress=1, message=""
    )
    progress = progress_writer(UrgencyRequest, request.pk, time_limit * 3)

    def compute() -> dict[str, Any]:
        options = urgency_options.three_options(
            request=request, progress=progress, time_limit=time_limit, node_limit=node_limit
        )
        return {"options": options}

    execute(UrgencyRequest, request.pk, compute)
    request.refresh_from_db()
    return request


@transaction.atomic
def urgency_decide(
    *, request: UrgencyRequest, option: str, body: DecisionBody, rationale: str, by: Any
) -> UrgencyRequest:
    """Record which of the three options a body chose, and why."""
    require(by, request.municipality_id, DECIDE)
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
