"""Opgaven and programmes: lists, forms, the programme and opgave pages, programme reports."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from koersvast.core.decorators import member_required
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.policy import Action, can

from .. import rules
from ..errors import MonitoringError
from ..forms.programmes import (
    OpgaveForm,
    ProgrammeBenefitForm,
    ProgrammeForm,
    ProgrammeReportForm,
)
from ..models import (
    Benefit,
    Opgave,
    Programme,
    ProgrammeReport,
)
from ..selectors import programmes as programme_selectors
from ..selectors import steering
from ..selectors.periods import quarter_of
from ..selectors.programmes import programme_initiatives, programme_rollups
from ..selectors.reports import attach_latest_reports
from ..selectors.risks import heat_map, risk_register
from ..services import programme_reports as report_services
from ..services import programmes as services
from .common import (
    cached_rag_definitions,
    ensure,
    local_today,
    paginate,
)


@member_required(Action.PORTFOLIO_VIEW)
def programme_list(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    page = paginate(request, programme_selectors.programme_list(municipality=municipality))
    rollups = programme_rollups(list(page.object_list))
    opgaven = steering.opgave_list(municipality=municipality)
    return render(
        request,
        "monitoring/programme_list.html",
        {"page": page, "rollups": rollups, "opgaven": opgaven},
    )


def _programme_form(request: HttpRequest, programme: Programme) -> HttpResponse:
    form = ProgrammeForm(
        request.POST or None, instance=programme, municipality=programme.municipality
    )
    if request.method == "POST" and form.is_valid():
        saved = services.programme_save(
            programme=form.save(commit=False),
            initiatives=form.cleaned_data["initiatives"],
            objectives=form.cleaned_data["objectives"],
            by=request.user,
        )
        messages.success(request, _("Programma opgeslagen."))
        return redirect(saved.get_absolute_url())
    return render(
        request,
        "monitoring/programme_form.html",
        {"form": form, "programme": programme if programme.pk else None},
    )


def _opgave_form(request: HttpRequest, opgave: Opgave) -> HttpResponse:
    form = OpgaveForm(request.POST or None, instance=opgave, municipality=opgave.municipality)
    if request.method == "POST" and form.is_valid():
        saved = services.opgave_save(
            opgave=form.save(commit=False),
            objectives=form.cleaned_data["objectives"],
            by=request.user,
        )
        messages.success(request, _("Opgave opgeslagen."))
        return redirect(saved.get_absolute_url())
    title = _("Opgave bewerken") if opgave.pk else _("Nieuwe opgave")
    return render(request, "monitoring/simple_form.html", {"form": form, "title": title})


@member_required(Action.INITIATIVE_MANAGE)
def opgave_create(request: HttpRequest) -> HttpResponse:
    return _opgave_form(request, Opgave(municipality=request.municipality))  # type: ignore[attr-defined]


@member_required()
def opgave_edit(request: HttpRequest, pk: int) -> HttpResponse:
    opgave = get_for_user_or_404(Opgave, request.user, pk=pk)
    ensure(rules.may_manage(request.user, opgave.municipality_id))
    return _opgave_form(request, opgave)


@member_required()
def opgave_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opgave = get_for_user_or_404(Opgave.objects.select_related("owner"), request.user, pk=pk)
    ensure(can(request.user, opgave.municipality_id, Action.PORTFOLIO_VIEW))
    return render(
        request,
        "monitoring/opgave_detail.html",
        {
            "opgave": opgave,
            **steering.opgave_detail(opgave=opgave),
            "may_manage": rules.may_manage(request.user, opgave.municipality_id),
        },
    )


@member_required(Action.INITIATIVE_MANAGE)
def programme_create(request: HttpRequest) -> HttpResponse:
    return _programme_form(request, Programme(municipality=request.municipality))  # type: ignore[attr-defined]


@member_required()
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_for_user_or_404(Programme, request.user, pk=pk)
    ensure(rules.may_manage(request.user, programme.municipality_id))
    return _programme_form(request, programme)


@member_required()
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_for_user_or_404(
        Programme.objects.select_related("owner", "opgave", "steering_group"), request.user, pk=pk
    )
    ensure(can(request.user, programme.municipality_id, Action.PORTFOLIO_VIEW))
    rollup = programme_rollups([programme])[0]
    page = paginate(request, programme_initiatives(programme=programme))
    attach_latest_reports(list(page.object_list))
    risks = risk_register(
        municipality=programme.municipality, filters={"programme": str(programme.pk)}
    )
    return render(
        request,
        "monitoring/programme_detail.html",
        {
            "programme": programme,
            "rollup": rollup,
            "total_budget": rollup.budget + (programme.own_budget or 0),
            "objectives": list(programme.objectives.order_by("code")),
            "benefits_map": steering.benefits_map(programme=programme),
            "roadmap": steering.programme_roadmap(programme=programme),
            "reports": steering.programme_reports(programme=programme),
            "page": page,
            "risks": risks[:10],
            "heat_map": heat_map(risks),
            "may_manage": rules.may_manage(request.user, programme.municipality_id),
            "may_report": rules.may_report_programme(request.user, programme),
        },
    )


@member_required()
def programme_benefit_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A benefit of the programme itself, with the initiatives that deliver it."""
    programme = get_for_user_or_404(Programme, request.user, pk=pk)
    ensure(rules.may_manage(request.user, programme.municipality_id))
    benefit = Benefit(municipality_id=programme.municipality_id, programme=programme)
    form = ProgrammeBenefitForm(
        request.POST or None,
        instance=benefit,
        municipality=programme.municipality,
        programme=programme,
    )
    if request.method == "POST" and form.is_valid():
        report_services.programme_benefit_save(
            benefit=form.save(commit=False),
            delivered_by=form.cleaned_data["delivered_by"],
            by=request.user,
        )
        messages.success(request, _("Baat opgeslagen."))
        return redirect(programme.get_absolute_url())
    return render(
        request,
        "monitoring/simple_form.html",
        {"form": form, "title": _("Nieuwe baat van het programma")},
    )


def _programme_report_form(request: HttpRequest, report: ProgrammeReport) -> HttpResponse:
    form = ProgrammeReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            saved = report_services.programme_report_save(
                report=form.save(commit=False), by=request.user, submit=submit
            )
        except MonitoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Programmarapportage ingediend.") if submit else _("Concept opgeslagen."),
            )
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "monitoring/programme_report_form.html",
        {
            "form": form,
            "report": report if report.pk else None,
            "programme": report.programme,
            "rag_definitions": cached_rag_definitions(report.municipality_id),
        },
    )


@member_required()
def programme_report_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_for_user_or_404(Programme.objects.select_related("owner"), request.user, pk=pk)
    ensure(rules.may_report_programme(request.user, programme))
    year, quarter = quarter_of(local_today())
    report = ProgrammeReport(
        municipality_id=programme.municipality_id, programme=programme, year=year, quarter=quarter
    )
    return _programme_report_form(request, report)


def _programme_report(request: HttpRequest, pk: int) -> ProgrammeReport:
    return get_for_user_or_404(steering.programme_report_get_queryset(), request.user, pk=pk)


@member_required()
def programme_report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _programme_report(request, pk)
    ensure(rules.may_report_programme(request.user, report.programme))
    if report.is_frozen:
        messages.error(request, _("Een ingediende programmarapportage verandert niet meer."))
        return redirect(report.get_absolute_url())
    return _programme_report_form(request, report)


@member_required()
def programme_report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _programme_report(request, pk)
    ensure(can(request.user, report.municipality_id, Action.PORTFOLIO_VIEW))
    return render(
        request,
        "monitoring/programme_report_detail.html",
        {
            "report": report,
            "programme": report.programme,
            "snapshot": steering.read_snapshot(report.snapshot),
            "may_report": rules.may_report_programme(request.user, report.programme),
        },
    )
