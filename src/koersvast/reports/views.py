"""Rapportages: the report form, a live report (HTML/PDF), publishing and published snapshots.

Published reports are fetched with `get_for_user_or_404` (404 outside the user's
municipalities); publishing needs `Action.REPORT_PUBLISH` (403 without it).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from koersvast.core import figures
from koersvast.core.decorators import member_required
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action, can

from .choices import PdfStatus
from .forms import ReportForm, initial_parameters
from .models import PdfJob, PublishedReport
from .rendering import render_report
from .selectors import report_title
from .services import (
    pdf_archive_for_publication,
    pdf_for_publication,
    pdf_for_report,
    pdf_refresh,
    pdf_retry,
    report_data,
    report_publish,
)

PAGE_SIZE = 20


def _index(request: MemberRequest, form: ReportForm, status: int = 200) -> HttpResponse:
    municipality = request.municipality
    published = (
        PublishedReport.objects.in_municipality(municipality)
        .select_related("supersedes")
        .defer("data", "html")
        .order_by("-published_at", "-pk")
    )
    page = Paginator(published, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/index.html",
        {
            "form": form,
            "page": page,
            "may_publish": can(request.user, municipality.pk, Action.REPORT_PUBLISH),
        },
        status=status,
    )


@require_GET
@member_required(Action.REPORTS_VIEW)
def index(request: MemberRequest) -> HttpResponse:
    form = ReportForm(initial=initial_parameters(), municipality=request.municipality)
    return _index(request, form)


def _bound_form(request: MemberRequest, data: Any) -> ReportForm:
    return ReportForm(data, municipality=request.municipality)


@require_GET
@member_required(Action.REPORTS_VIEW)
def report(request: MemberRequest) -> HttpResponse:
    """The report computed now from the live data (not published yet)."""
    form = _bound_form(request, request.GET)
    if not form.is_valid():
        return _index(request, form, status=400)
    municipality = request.municipality
    parameters = form.parameters()

    def compute() -> tuple[str, str]:
        data = report_data(municipality=municipality, parameters=parameters)
        return data["title"], render_report(data)

    # Publishing and PDFs compute afresh; the page shows the same body until the data change.
    key = tuple(sorted((name, str(value)) for name, value in parameters.items()))
    title, body = figures.cached("report", municipality.pk, key, compute)
    return render(
        request,
        "reports/report.html",
        {
            "title": title,
            "body": mark_safe(body),  # noqa: S308 - our own autoescaped template
            "parameters": parameters,
            "may_publish": can(request.user, municipality.pk, Action.REPORT_PUBLISH),
        },
    )


def _pdf_response(content: bytes, title: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slugify(title) or "rapportage"}.pdf"'
    return response


@require_POST
@member_required(Action.REPORTS_VIEW)
def report_pdf(request: MemberRequest) -> HttpResponse:
    """Queue the PDF of a live report and show its progress (large reports take minutes)."""
    form = _bound_form(request, request.POST)
    if not form.is_valid():
        return _index(request, form, status=400)
    parameters = form.parameters()
    job = pdf_for_report(
        municipality=request.municipality,
        parameters=parameters,
        title=report_title(
            kind=parameters["kind"], moment=parameters["moment"], year=parameters["year"]
        ),
        by=request.user,
    )
    return redirect(job)


def _pdf_job(request: HttpRequest, pk: int) -> PdfJob:
    return get_for_user_or_404(PdfJob.objects.all(), request.user, Action.REPORTS_VIEW, pk=pk)


@require_GET
@member_required(Action.REPORTS_VIEW)
def published_pdfa(request: HttpRequest, pk: int) -> HttpResponse:
    """The published report's archive copy (PDF/A-3b); until it is ready, the job's progress."""
    job = pdf_archive_for_publication(report=_published(request, pk))
    if job.status != PdfStatus.READY or not job.archive:
        return redirect(job)
    with job.archive.open("rb") as file:
        content = file.read()
    return _pdf_response(content, f"{job.title} PDF-A")


@require_GET
@member_required(Action.REPORTS_VIEW)
def pdf_job(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress of a PDF job; the page polls its own status partial until it is done."""
    job = pdf_refresh(_pdf_job(request, pk))
    template = (
        "reports/_pdf_status.html" if request.headers.get("HX-Request") else "reports/pdf_job.html"
    )
    return render(request, template, {"job": job})


@require_GET
@member_required(Action.REPORTS_VIEW)
def pdf_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = _pdf_job(request, pk)
    if job.status != PdfStatus.READY or not job.file:
        return redirect(job)
    with job.file.open("rb") as file:
        content = file.read()
    return _pdf_response(content, job.title)


@require_POST
@member_required(Action.REPORTS_VIEW)
def pdf_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    pdf_retry(job=_pdf_job(request, pk))
    return redirect("reports:pdf_job", pk=pk)


@require_POST
@member_required(Action.REPORT_PUBLISH)
def publish(request: MemberRequest) -> HttpResponse:
    form = _bound_form(request, request.POST)
    if not form.is_valid():
        return _index(request, form, status=400)
    published = report_publish(
        municipality=request.municipality,
        parameters=form.parameters(),
        by=request.user,
    )
    messages.success(
        request,
        _("De rapportage is gepubliceerd en ligt vast; latere wijzigingen veranderen haar niet."),
    )
    return redirect(published)


def _published(request: HttpRequest, pk: int) -> PublishedReport:
    return get_for_user_or_404(
        PublishedReport.objects.select_related("supersedes", "superseded_by"),
        request.user,
        Action.REPORTS_VIEW,
        pk=pk,
    )


@require_GET
@member_required(Action.REPORTS_VIEW)
def published_detail(request: HttpRequest, pk: int) -> HttpResponse:
    published = _published(request, pk)
    superseded_by = getattr(published, "superseded_by", None)
    return render(
        request,
        "reports/published_detail.html",
        {
            "published": published,
            "superseded_by": superseded_by,
            "body": mark_safe(published.html),  # noqa: S308 - frozen output of our own template
        },
    )


@require_GET
@member_required(Action.REPORTS_VIEW)
def published_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The published report's PDF: made at publication; until it is ready, its progress."""
    job = pdf_for_publication(report=_published(request, pk))
    return redirect("reports:pdf_download", pk=job.pk)
