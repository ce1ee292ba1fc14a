"""Background tasks of the planning app: thin, they take an id and call a service."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.tasks import task

from koersvast.core.metrics import JOB_SECONDS

from . import services
from .choices import RunStatus


def _observed(kind: str, job: Callable[[], Any]) -> None:
    """Run a job and record its duration, labelled with how it ended (for /metrics)."""
    started = time.perf_counter()
    result = "crashed"
    try:
        outcome = job()
        result = "ok" if getattr(outcome, "status", None) == RunStatus.DONE else "failed"
    finally:
        JOB_SECONDS.labels(kind, result).observe(time.perf_counter() - started)


@task
def scenario_run_task(run_id: int) -> None:
    _observed("scenario_run", lambda: services.scenario_run_execute(run_id=run_id))


@task
def urgency_task(request_id: int) -> None:
    _observed("urgency_options", lambda: services.urgency_compute(request_id=request_id))


@task
def marginal_task(analysis_id: int) -> None:
    _observed("marginal_analysis", lambda: services.marginal_execute(analysis_id=analysis_id))
