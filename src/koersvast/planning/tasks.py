"""Background tasks of the planning app: thin, they take an id and call a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.tasks import task

from koersvast.core.metrics import observe_job

from .choices import RunStatus
from .services.admission import admission_check_execute
from .services.marginal import marginal_execute
from .services.runs import scenario_run_execute
from .services.urgency import urgency_compute


def _observed(kind: str, job: Callable[[], Any]) -> None:
    observe_job(kind, job, lambda outcome: getattr(outcome, "status", None) == RunStatus.DONE)


@task
def scenario_run_task(run_id: int) -> None:
    _observed("scenario_run", lambda: scenario_run_execute(run_id=run_id))


@task
def urgency_task(request_id: int) -> None:
    _observed("urgency_options", lambda: urgency_compute(request_id=request_id))


@task
def marginal_task(analysis_id: int) -> None:
    _observed("marginal_analysis", lambda: marginal_execute(analysis_id=analysis_id))


@task
def admission_check_task(check_id: int) -> None:
    _observed("admission_check", lambda: admission_check_execute(check_id=check_id))
