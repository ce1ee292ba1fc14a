"""One plan version: its page (every initiative with its planned periods), its Excel export,
and its decision document (a printable page and a PDF to attach to a college or MT voorstel)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from koersvast.core.decorators import member_required
from koersvast.reports.pdf import PdfUnavailableError, render_pdf
from koersvast.spreadsheets import lists
from koersvast.spreadsheets.export import workbook_bytes, xlsx_response
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action

from ..models import PlanVersion
from ..selectors.document import decision_document
from ..selectors.plan import (
    baseline_of,
    current_version,
    plan_export_rows,
    version_candidates,
    version_get,
)
from ..selectors.plan import version_items as items_of


def _version(request: MemberRequest, pk: int) -> PlanVersion:
    """A version of the active municipality (404 for any other, also one the user may see in
    another of their municipalities: the pages read the active municipality)."""
    version = version_get(user=request.user, pk=pk)
    if version.municipality_id != request.municipality.pk:
        raise Http404
    return version


@require_GET
@member_required(Action.CAPACITY_VIEW)
def plan_version_detail(request: MemberRequest, pk: int) -> HttpResponse:
    """The plan as a version adopted it: planned, running and left-out initiatives."""
    version = _version(request, pk)
    items = items_of(version)
    current = current_version(version.municipality_id)
    return render(
        request,
        "planning/plan_version_detail.html",
        {
            "version": version,
            "is_current": current is not None and current.pk == version.pk,
            "baseline": baseline_of(version),
            "planned": [item for item in items if item.in_plan],
            "left_out": [item for item in items if not item.in_plan],
            "candidates": version_candidates(version),
        },
    )


@require_GET
@member_required(Action.CAPACITY_VIEW)
def plan_version_export(request: MemberRequest, pk: int) -> HttpResponse:
    """The plan version in Excel: one row per initiative (planned start and end, state,
    version and decision)."""
    version = _version(request, pk)
    content = workbook_bytes(
        title=version.label, columns=lists.PLAN, rows=plan_export_rows(version)
    )
    code = request.municipality.cbs_code
    filename = f"plan-{version.year}-{version.number}-{code}-{timezone.localdate():%Y-%m-%d}.xlsx"
    return xlsx_response(content, filename)


@require_GET
@member_required(Action.CAPACITY_VIEW)
def current_plan_export(request: MemberRequest) -> HttpResponse:
    """The plan of record in Excel (the roadmap's download): the newest version's export."""
    version = current_version(request.municipality.pk)
    if version is None:
        raise Http404
    return plan_version_export(request, version.pk)


def _document_body(request: HttpRequest, version: PlanVersion) -> str:
    return render_to_string(
        "planning/_decision_document.html",
        {"document": decision_document(version), "version": version},
        request=request,
    )


def _document_title(version: PlanVersion) -> str:
    return _("Besluitdocument %(label)s") % {"label": version.label}


@require_GET
@member_required(Action.CAPACITY_VIEW)
def plan_version_document(request: MemberRequest, pk: int) -> HttpResponse:
    """The decision document as a printable page."""
    version = _version(request, pk)
    return render(
        request,
        "planning/decision_document.html",
        {
            "version": version,
            "title": _document_title(version),
            "body": _document_body(request, version),
        },
    )


@require_GET
@member_required(Action.CAPACITY_VIEW)
def plan_version_document_pdf(request: MemberRequest, pk: int) -> HttpResponse:
    """The decision document as a tagged PDF (one version: a few pages, made at once)."""
    version = _version(request, pk)
    title = _document_title(version)
    try:
        content = render_pdf(
            body_html=_document_body(request, version),
            title=title,
            municipality=str(request.municipality),
            published_at=version.adopted_at,
        )
    except PdfUnavailableError as error:
        messages.error(request, str(error))
        return redirect("planning:plan_version_document", pk=version.pk)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slugify(title)}.pdf"'
    return response
