"""Writes of the reports app: publishing frozen snapshots, and making PDFs in the background."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koersvast.portfolio.models import Domain
from koersvast.tenancy.models import Municipality

from . import selectors
from .choices import PdfStatus, ReportKind
from .models import PdfJob, PublishedReport
from .pdf import PdfUnavailableError, render_pdf
from .rendering import render_report

logger = logging.getLogger(__name__)


def report_data(*, municipality: Municipality, parameters: dict[str, Any]) -> dict[str, Any]:
    """Compute a report from validated parameters (see `ReportForm.parameters`)."""
    common = {
        "municipality": municipality,
        "moment": parameters["moment"],
        "year": parameters["year"],
    }
    if parameters["kind"] == ReportKind.RAAD:
        return selectors.raad_report(**common, threshold=parameters["threshold"])
    domain = None
    if parameters.get("domain"):
        domain = Domain.objects.in_municipality(municipality).get(pk=parameters["domain"])
    return selectors.portfolio_report(**common, group_by=parameters["group_by"], domain=domain)


@transaction.atomic
def report_publish(
    *, municipality: Municipality, parameters: dict[str, Any], by: Any = None
) -> PublishedReport:
    """Freeze the report as it is now; it supersedes the last one of the same kind/moment/year."""
    data = report_data(municipality=municipality, parameters=parameters)
    previous = (
        PublishedReport.objects.select_for_update(of=("self",))
        .filter(
            municipality=municipality,
            kind=parameters["kind"],
            moment=parameters["moment"],
            year=parameters["year"],
            superseded_by__isnull=True,
        )
        .order_by("-published_at", "-pk")
        .first()
    )
    published_at = timezone.now()
    data["published_at"] = published_at.isoformat()
    report = PublishedReport.objects.create(
        municipality=municipality,
        kind=parameters["kind"],
        moment=parameters["moment"],
        year=parameters["year"],
        title=data["title"],
        parameters=parameters,
        published_at=published_at,
        published_by=by,
        publisher_name=(by.get_full_name() or by.username) if by else "",
        data=data,
        html=render_report(data),
        supersedes=previous,
    )
    pdf_for_publication(report=report, by=by)  # ready by the time someone downloads it
    return report


# --- PDFs in the background ----------------------------------------------------------------

#: A live report's PDF is kept this long, then removed (it is a copy of a moment, not a record).
ADHOC_PDF_KEPT = timedelta(days=1)
#: A job still pending after this long lost its worker: it is failed and can be retried.
PDF_STALE_AFTER = timedelta(minutes=20)


def pdf_for_publication(*, report: PublishedReport, by: Any = None) -> PdfJob:
    """The PDF job of a published report: made once (at publication) and then kept."""
    job, created = PdfJob.objects.get_or_create(
        published=report,
        defaults={
            "municipality_id": report.municipality_id,
            "title": report.title,
            "requested_by": by,
        },
    )
    if created:
        _enqueue(job)
    return job


def pdf_for_report(
    *, municipality: Municipality, parameters: dict[str, Any], title: str, by: Any
) -> PdfJob:
    """Queue the PDF of a live report; earlier live-report PDFs past their day are removed."""
    pdf_remove_expired()
    job = PdfJob.objects.create(
        municipality=municipality, parameters=parameters, title=title, requested_by=by
    )
    _enqueue(job)
    return job


def pdf_remove_expired() -> int:
    """Remove the live-report PDFs past their day, their files in the storage included."""
    expired = PdfJob.objects.filter(
        published__isnull=True, created_at__lt=timezone.now() - ADHOC_PDF_KEPT
    )
    names = [name for pair in expired.values_list("file", "archive") for name in pair if name]
    removed, _per_model = expired.delete()
    storage = PdfJob._meta.get_field("file").storage
    for name in names:  # after the rows: a failure here leaves a file, never a broken row
        storage.delete(name)
    return removed


def pdf_retry(*, job: PdfJob) -> PdfJob:
    """Queue a failed (or stale) job again."""
    job = pdf_refresh(job)
    if job.status == PdfStatus.FAILED:
        PdfJob.objects.filter(pk=job.pk).update(
            status=PdfStatus.PENDING, error="", updated_at=timezone.now()
        )
        job.refresh_from_db()
        _enqueue(job)
    return job


def pdf_refresh(job: PdfJob) -> PdfJob:
    """The job as it is now; a pending job whose worker vanished is failed with that reason."""
    job.refresh_from_db()
    if job.status == PdfStatus.PENDING and job.updated_at < timezone.now() - PDF_STALE_AFTER:
        _fail(job.pk, _("De achtergrondtaak is niet afgerond (gestopt?). Probeer het opnieuw."))
        job.refresh_from_db()
    return job


def pdf_render(*, job_id: int) -> PdfJob:
    """The background work: render the PDF (from the frozen HTML, or from today's data)."""
    job = PdfJob.objects.select_related("published", "municipality").get(pk=job_id)
    try:
        archive = None
        if job.published is not None:
            frozen = {
                "body_html": job.published.html,
                "title": job.published.title,
                "municipality": job.published.data.get("municipality", ""),
                "published_at": job.published.published_at,
            }
            content = render_pdf(**frozen)
            archive = render_pdf(**frozen, archival=True)
        else:
            data = report_data(municipality=job.municipality, parameters=job.parameters)
            content = render_pdf(
                body_html=render_report(data),
                title=data["title"],
                municipality=data["municipality"],
            )
    except PdfUnavailableError as error:
        _fail(job.pk, str(error))
    except Exception as error:  # a crash fails the job with its reason, never half a PDF
        logger.exception("PDF job %s failed", job.pk)
        _fail(job.pk, _("Technische fout: %(error)s") % {"error": error})
    else:
        # The file first, then the row that points at it: a crash between the two leaves an
        # unreferenced file, never a ready job without its PDF.
        files = {"file": _store(job, f"rapportage-{job.pk}.pdf", content)}
        if archive is not None:
            files["archive"] = _store(job, f"rapportage-{job.pk}-pdfa.pdf", archive)
        PdfJob.objects.filter(pk=job.pk).update(
            status=PdfStatus.READY, error="", updated_at=timezone.now(), **files
        )
    job.refresh_from_db()
    return job


def _store(job: PdfJob, filename: str, content: bytes) -> str:
    storage = job.file.storage
    return storage.save(job.file.field.generate_filename(job, filename), ContentFile(content))


def pdf_archive_for_publication(*, report: PublishedReport, by: Any = None) -> PdfJob:
    """The PDF job of a published report, with its archive copy (PDF/A-3b).

    A publication whose PDF was made before archive copies existed is rendered once more, from
    the same frozen HTML (while that runs, its downloads show the job's progress).
    """
    job = pdf_for_publication(report=report, by=by)
    if job.status == PdfStatus.READY and not job.archive:
        PdfJob.objects.filter(pk=job.pk).update(status=PdfStatus.PENDING, updated_at=timezone.now())
        job.refresh_from_db()
        _enqueue(job)
    return job


def _fail(job_id: int, reason: str) -> None:
    PdfJob.objects.filter(pk=job_id).update(
        status=PdfStatus.FAILED, error=reason, updated_at=timezone.now()
    )


def _enqueue(job: PdfJob) -> None:
    from .tasks import pdf_task

    # After the commit, so the worker finds the job (and a rolled-back request queues nothing).
    transaction.on_commit(lambda: pdf_task.enqueue(job.pk))
