"""Background tasks of the planning app: thin, they take an id and call a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.tasks import task

from koersvast.core.metrics import observe_job

from . import services
from .choices import RunStatus


def _observed(kind: str, job: Callable[[], Any]) -> None:
    observe_job(kind, job, lambda outcome: getattr(outcome, "status", None) == RunStatus.DONE)


@task
def scenario_run_task(run_id: int) -> None:
    _observed("scenario_run", lambda: services.scenario_run_execute(run_id=run_id))


@task
def urgency_task(request_id: int) -> None:
    _observed("urgency_options", lambda: services.urgency_compute(request_id=request_id))


@task
def marginal_task(analysis_id: int) -> None:
    _observed("marginal_analysis", lambda: services.marginal_execute(analysis_id=analysis_id))
