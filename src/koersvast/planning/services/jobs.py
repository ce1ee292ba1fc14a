"""Background jobs of planning (runs, urgency requests, marginal-value analyses): progress,
success in one update, or failure with a reason and no partial result."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .. import constants, presenters, translate
from ..choices import ACTIVE_STATUSES, RunStatus
from ..errors import PlanningError
from ..models import (
    AdmissionCheck,
    MarginalAnalysis,
    PlanningJob,
    ScenarioRun,
    UrgencyRequest,
)

logger = logging.getLogger(__name__)


def progress_writer(
    model: Any, pk: int, time_limit: float, *, solves: int = 1
) -> Callable[..., None]:
    """A solver progress callback that writes progress and the phase in words, at most 5 times a
    second. The bar follows the solver's own fraction (monotonic within a solve); a job of up
    to ``solves`` solves gives each an equal share, and the bar never goes back."""
    state = {"written": 0.0, "pct": 0, "solve": 0, "fraction": 0.0}

    def write(
        phase: str,
        elapsed: float,
        objective: float | None,
        *,
        fraction: float | None = None,
        step: int | None = None,
        steps: int | None = None,
        parallel: str | None = None,
    ) -> None:
        if fraction is None:
            # Reports from outside the solver's phase reporter: the share of the time limit.
            pct = int(min(elapsed / max(time_limit, 0.1), 1.0) * 100 / solves)
        else:
            if fraction < state["fraction"]:
                state["solve"] += 1  # the solver's fraction never goes back: a next solve
            state["fraction"] = fraction
            pct = int((min(state["solve"], solves - 1) + fraction) / solves * 100)
        pct = max(int(state["pct"]), min(pct, 99))
        now = time.monotonic()
        if now - state["written"] < 0.2 and phase not in ("done", "check"):
            return
        state["written"], state["pct"] = now, pct
        label = presenters.progress_label(phase, step=step, steps=steps, parallel=parallel)
        message = _("%(label)s, %(seconds).1f s") % {"label": label, "seconds": elapsed}
        if objective is not None:
            message += _(", beste waarde tot nu toe %(value).1f") % {"value": objective}
        model.objects.filter(pk=pk).update(progress=pct, message=message[:200])

    return write


def fail_job(model: type[PlanningJob], pk: int, reason: str) -> None:
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
    for model in (ScenarioRun, UrgencyRequest, MarginalAnalysis, AdmissionCheck):
        stale = model.objects.filter(status__in=ACTIVE_STATUSES, created_at__lt=cutoff)
        for pk in stale.values_list("pk", flat=True):
            fail_job(model, pk, reason)
            failed += 1
    return failed


def execute(model: type[PlanningJob], pk: int, compute: Callable[[], dict[str, Any]]) -> None:
    """Run a job's work; store the fields it returns as done, or its failure with the reason.

    A `PlanningError` (or the translation's error) is a reason for the user; anything else is a
    crash, logged, and shown as a technical error. Either way no partial result is kept.
    """
    try:
        fields = compute()
    except (PlanningError, translate.TranslationError) as error:
        fail_job(model, pk, str(error))
    except Exception as error:  # any solver or translation crash fails the job
        logger.exception("%s %s failed", model._meta.model_name, pk)
        fail_job(model, pk, _("Technische fout: %(error)s") % {"error": error})
    else:
        model.objects.filter(pk=pk).update(
            status=RunStatus.DONE, progress=100, message=_("Klaar"), **fields
        )
