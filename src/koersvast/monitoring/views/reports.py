"""Progress reports: write, submit, read and correct."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koersvast.core.concurrency import Difference, EditConflict, differences
from koersvast.core.decorators import member_required
from koersvast.intake.services.governance import may_propose
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.policy import Action, can

from .. import rules
from ..errors import MonitoringError
from ..forms.reports import ReportForm
from ..models import (
    ProgressReport,
)
from ..selectors.periods import quarter_of
from ..selectors.reports import rag_definitions
from ..services import reports as services
from .common import (
    cached_rag_definitions,
    ensure,
    initiative_or_404,
    local_today,
)


def _report_form(request: HttpRequest, report: ProgressReport) -> HttpResponse:
    form = ReportForm(request.POST or None, instance=report)
    conflict: list[Difference] | None = None
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            saved = services.report_save(
                report=form.save(commit=False),
                by=request.user,
                submit=submit,
                expected_version=form.expected_version(),
            )
            messages.success(
                request, _("Rapportage ingediend.") if submit else _("Concept opgeslagen.")
            )
            return redirect(saved.get_absolute_url())
        except EditConflict as error:
            conflict = differences(form, error.current)
            form.refresh_version(error.current)
        except MonitoringError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "monitoring/report_form.html",
        {
            "form": form,
            "conflict": conflict,
            "report": report if report.pk else None,
            "initiative": report.initiative,
            "rag_definitions": cached_rag_definitions(report.municipality_id),
        },
    )


@member_required()
def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = initiative_or_404(request, pk)
    ensure(rules.may_report(request.user, initiative))
    year, quarter = quarter_of(local_today())
    report = ProgressReport(
        municipality_id=initiative.municipality_id,
        initiative=initiative,
        year=year,
        quarter=quarter,
    )
    return _report_form(request, report)


def _report(request: HttpRequest, pk: int) -> ProgressReport:
    queryset = ProgressReport.objects.select_related(
        "initiative", "author", "submitted_by", "corrects"
    )
    return get_for_user_or_404(queryset, request.user, pk=pk)


@member_required()
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    ensure(rules.may_report(request.user, report.initiative))
    if report.is_frozen:
        messages.error(
            request, _("Een ingediende rapportage verandert niet meer; maak een correctie.")
        )
        return redirect(report.get_absolute_url())
    return _report_form(request, report)


@member_required()
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    ensure(can(request.user, report.municipality_id, Action.PORTFOLIO_VIEW))
    correction = ProgressReport.objects.filter(corrects=report).first()
    return render(
        request,
        "monitoring/report_detail.html",
        {
            "report": report,
            "initiative": report.initiative,
            "correction": correction,
            "rag_definitions": rag_definitions(report.municipality_id),
            "may_report": rules.may_report(request.user, report.initiative),
            # A submitted report may lead to a proposal on the running work (decision 0403).
            "may_propose": report.is_frozen and may_propose(request.user, report.initiative),
        },
    )


@member_required()
@require_POST
def report_correct(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    ensure(rules.may_report(request.user, report.initiative))
    try:
        correction = services.report_correct(report=report, by=request.user)
    except MonitoringError as error:
        messages.error(request, str(error))
        return redirect(report.get_absolute_url())
    messages.success(request, _("Correctie gestart als nieuwe versie."))
    return redirect("monitoring:report_edit", pk=correction.pk)
