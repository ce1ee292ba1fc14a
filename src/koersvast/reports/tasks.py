"""Background tasks of the reports app: render a PDF (thin: takes an id, calls the service)."""

from __future__ import annotations

from django.tasks import task

from koersvast.core.metrics import observe_job

from . import services
from .choices import PdfStatus


@task
def pdf_task(job_id: int) -> None:
    observe_job(
        "report_pdf",
        lambda: services.pdf_render(job_id=job_id),
        lambda job: job.status == PdfStatus.READY,
    )
