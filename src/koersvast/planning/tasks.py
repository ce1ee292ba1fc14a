"""Background tasks of the planning app: thin, they take an id and call a service."""

from __future__ import annotations

from django.tasks import task

from . import services


@task
def scenario_run_task(run_id: int) -> None:
    services.scenario_run_execute(run_id=run_id)


@task
def urgency_task(request_id: int) -> None:
    services.urgency_compute(request_id=request_id)


@task
def marginal_task(analysis_id: int) -> None:
    services.marginal_execute(analysis_id=analysis_id)
