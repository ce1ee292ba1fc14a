"""Writes of the reports app: publishing a report as a frozen snapshot."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from koersvast.portfolio.models import Domain
from koersvast.tenancy.models import Municipality

from . import selectors
from .choices import ReportKind
from .models import PublishedReport, PublishedReportPdf
from .pdf import render_pdf
from .rendering import render_report


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
    return PublishedReport.objects.create(
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


def published_report_pdf(*, report: PublishedReport) -> bytes:
    """The PDF of a published report: rendered from its frozen HTML once, then kept.

    Raises `PdfUnavailableError` when it was never rendered and WeasyPrint is missing.
    """
    cached = PublishedReportPdf.objects.filter(report=report).values_list("content", flat=True)
    content = cached.first()
    if content is not None:
        return bytes(content)
    content = render_pdf(
        body_html=report.html,
        title=report.title,
        municipality=report.data.get("municipality", ""),
        published_at=report.published_at,
    )
    # Two simultaneous first downloads render twice; the second one keeps the first's PDF.
    PublishedReportPdf.objects.get_or_create(
        report=report, defaults={"municipality_id": report.municipality_id, "content": content}
    )
    return content
