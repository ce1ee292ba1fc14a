"""Does it fit the plan? The fit check beside the admission decision (issue 15): whether an
initiative on a decision agenda fits the plan of record from its requested start, and if not,
its earliest start that displaces nothing, what it would displace at its start, and the extra
capacity it would need. The same computation as the options of an urgency request
(`urgency_options.three_options`), run in the background with visible progress.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from koersvast.portfolio.models import Initiative
from koersvast.tenancy.policy import require

from .. import constants, translate
from ..choices import ACTIVE_STATUSES, RunStatus, UrgencyOption
from ..errors import PlanningError
from ..models import AdmissionCheck, PlanVersion, Scenario
from ..rules import DECIDE
from ..selectors.plan import current_version
from ..selectors.scenarios import plan_of_record
from . import urgency_options
from .jobs import execute, progress_writer


@dataclass
class _FitQuestion:
    """The initiative at its own requested start, against the plan of record."""

    municipality: Any
    plan: Scenario | None
    plan_version: PlanVersion | None
    initiative: Initiative
    year: int
    quarter: int


def admission_check_start(
    *, initiative: Initiative, by: Any, run_now: bool = False
) -> AdmissionCheck:
    """Queue the fit check of an initiative against the plan of record (a check still being
    computed is returned as is). Without a plan of record there is nothing to fit into."""
    require(by, initiative.municipality_id, *DECIDE)
    if plan_of_record(initiative.municipality_id) is None:
        raise PlanningError(
            _("Er is geen vastgesteld plan: of het initiatief past, is nog niet te zeggen.")
        )
    active = AdmissionCheck.objects.filter(
        initiative=initiative, status__in=ACTIVE_STATUSES
    ).first()
    if active is not None:
        return active
    check = AdmissionCheck.objects.create(
        municipality_id=initiative.municipality_id,
        initiative=initiative,
        plan_version=current_version(initiative.municipality_id),
        created_by=by,
    )
    if run_now:
        return admission_check_execute(check_id=check.pk)
    from ..tasks import admission_check_task

    admission_check_task.enqueue(check.pk)
    return check


def admission_check_execute(
    *,
    check_id: int,
    time_limit: float = constants.TIME_LIMIT_SECONDS,
    node_limit: int | None = constants.NODE_LIMIT,
) -> AdmissionCheck:
    """Compute the fit of the initiative next to the plan of record as it is now."""
    check = AdmissionCheck.objects.select_related("initiative", "municipality").get(pk=check_id)
    version = current_version(check.municipality_id)
    AdmissionCheck.objects.filter(pk=check.pk).update(
        status=RunStatus.RUNNING, progress=1, message="", plan_version=version
    )
    progress = progress_writer(AdmissionCheck, check.pk, time_limit, solves=4)

    def compute() -> dict[str, Any]:
        plan = plan_of_record(check.municipality_id)
        if plan is None or version is None:
            raise PlanningError(
                _("Er is geen vastgesteld plan: of het initiatief past, is nog niet te zeggen.")
            )
        initiative = check.initiative
        settings = translate.settings_for(check.municipality)
        question = _FitQuestion(
            municipality=check.municipality,
            plan=plan,
            plan_version=version,
            initiative=initiative,
            year=initiative.start_year or settings.first_year,
            quarter=initiative.start_quarter or settings.first_quarter,
        )
        options = urgency_options.three_options(
            request=question, progress=progress, time_limit=time_limit, node_limit=node_limit
        )
        return {"result": fit_of(options), "finished_at": timezone.now()}

    execute(AdmissionCheck, check.pk, compute)
    check.refresh_from_db()
    return check


def fit_of(options: Mapping[str, Any]) -> dict[str, Any]:
    """What the decision form shows of the options: fits from the requested start, or the
    earliest start without displacement, the displacement at the requested start, the extra
    capacity and budget."""
    request = options["request"]
    later = options[UrgencyOption.LATER]
    phase = options[UrgencyOption.PHASE]
    extra = options[UrgencyOption.EXTRA]
    fits = not later.get("needed", True)
    return {
        "start": request["start"],
        "value": request["value"],
        "fits": fits,
        "earliest": request["start"] if fits else later.get("start", ""),
        "displace": {
            "possible": bool(phase.get("possible")),
            "moved": phase.get("moved", []),
            "dropped": phase.get("dropped", []),
            "value_lost": phase.get("value_lost", 0.0),
            "reason": phase.get("reason", ""),
        }
        if not fits
        else None,
        "extra": {
            "possible": bool(extra.get("possible")),
            "pools": extra.get("pools", []),
            "budget": extra.get("budget", []),
            "total_euro": extra.get("total_euro", 0),
            "unpriced": extra.get("unpriced", []),
            "reason": extra.get("reason", ""),
        }
        if not fits
        else None,
        "warnings": options.get("warnings", []),
        "in_months": options.get("in_months", False),
    }


def is_outdated(check: AdmissionCheck) -> bool:
    """Whether the plan of record changed since the check was computed."""
    if check.status != RunStatus.DONE:
        return False
    version = current_version(check.municipality_id)
    return (version.pk if version else None) != check.plan_version_id
