"""Monitoring pages: how running work is doing, and whether the benefits arrive.

Object views first fetch through `get_for_user_or_404` (404 outside the municipality), then
check the right to act (403).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koersvast.core import figures
from koersvast.core.concurrency import Difference, EditConflict, differences
from koersvast.core.decorators import member_required
from koersvast.portfolio import selectors as portfolio_selectors
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.policy import Action, can

from . import phases, selectors, services
from .choices import Aspect, BudgetKind, RiskStatus
from .forms import (
    MEETING_AGENDAS,
    BenefitForm,
    BudgetImportForm,
    MeasurementForm,
    MilestoneForm,
    OpgaveForm,
    PhaseForm,
    PhaseModelFormSet,
    ProgrammeForm,
    ProjectMeetingForm,
    RagDefinitionForm,
    ReportForm,
    RiskForm,
    budget_years,
    parse_budget_grid,
)
from .models import (
    Benefit,
    MeetingAction,
    Milestone,
    Opgave,
    Programme,
    ProgressReport,
    Risk,
)

PAGE_SIZE = 50


def _page(request: HttpRequest, items: Any, size: int = PAGE_SIZE) -> Any:
    return Paginator(items, size).get_page(request.GET.get("page"))


def _initiative(request: HttpRequest, pk: int) -> Initiative:
    """The initiative (404 when the user may not see it); monitoring shows no demand."""
    return portfolio_selectors.initiative_get(user=request.user, pk=pk, with_demand=False)


def _phase_model(municipality_id: int) -> list[phases.PhaseStep]:
    return figures.cached(
        "phase-model", municipality_id, (), lambda: phases.phase_model(municipality_id)
    )


def _rag_definitions(municipality_id: int) -> list[tuple[str, str, str]]:
    return figures.cached(
        "rag-definitions",
        municipality_id,
        (),
        lambda: selectors.rag_definitions(municipality_id),
    )


def _check(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _today() -> Any:
    return timezone.localdate()


def _filters(request: HttpRequest, *extra: str) -> dict[str, str]:
    """The scope filters (shared with the portfolio list and the dashboard) plus `extra`."""
    keys = (*selectors.SCOPE_KEYS, *extra)
    return {key: request.GET.get(key, "").strip() for key in keys if request.GET.get(key)}


# --- overview ----------------------------------------------------------------------------


@member_required(Action.PORTFOLIO_VIEW)
def index(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    running = selectors.running_initiatives(
        municipality=municipality, filters=_filters(request, "rag", "overdue"), today=_today()
    )
    page = _page(request, running)
    selectors.attach_latest_reports(list(page.object_list))
    today = _today()
    overview = figures.cached(
        "monitoring",
        municipality.pk,
        (today,),
        lambda: selectors.monitoring_overview(municipality=municipality, today=today),
    )
    return render(
        request,
        "monitoring/index.html",
        {"page": page, "overview": overview, "aspects": Aspect.choices},
    )


# --- programmes --------------------------------------------------------------------------


@member_required(Action.PORTFOLIO_VIEW)
def programme_list(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    page = _page(request, selectors.programme_list(municipality=municipality))
    rollups = selectors.programme_rollups(list(page.object_list))
    opgaven = Opgave.objects.in_municipality(municipality).annotate(
        programme_count=Count("programmes")
    )
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
        services.opgave_save(opgave=form.save(commit=False), by=request.user)
        messages.success(request, _("Opgave opgeslagen."))
        return redirect("monitoring:programmes")
    title = _("Opgave bewerken") if opgave.pk else _("Nieuwe opgave")
    return render(request, "monitoring/simple_form.html", {"form": form, "title": title})


@member_required(Action.INITIATIVE_MANAGE)
def opgave_create(request: HttpRequest) -> HttpResponse:
    return _opgave_form(request, Opgave(municipality=request.municipality))  # type: ignore[attr-defined]


@member_required()
def opgave_edit(request: HttpRequest, pk: int) -> HttpResponse:
    opgave = get_for_user_or_404(Opgave, request.user, pk=pk)
    _check(services.may_manage(request.user, opgave.municipality_id))
    return _opgave_form(request, opgave)


@member_required(Action.INITIATIVE_MANAGE)
def programme_create(request: HttpRequest) -> HttpResponse:
    return _programme_form(request, Programme(municipality=request.municipality))  # type: ignore[attr-defined]


@member_required()
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_for_user_or_404(Programme, request.user, pk=pk)
    _check(services.may_manage(request.user, programme.municipality_id))
    return _programme_form(request, programme)


@member_required()
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_for_user_or_404(
        Programme.objects.select_related("owner", "opgave"), request.user, pk=pk
    )
    rollup = selectors.programme_rollups([programme])[0]
    page = _page(request, selectors.programme_initiatives(programme=programme))
    selectors.attach_latest_reports(list(page.object_list))
    risks = selectors.risk_register(
        municipality=programme.municipality, filters={"programme": str(programme.pk)}
    )
    return render(
        request,
        "monitoring/programme_detail.html",
        {
            "programme": programme,
            "rollup": rollup,
            "page": page,
            "risks": risks[:10],
            "heat_map": selectors.heat_map(risks),
            "may_manage": services.may_manage(request.user, programme.municipality_id),
        },
    )


# --- one initiative ----------------------------------------------------------------------


@member_required()
def initiative_monitoring(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    _check(can(request.user, initiative.municipality_id, Action.PORTFOLIO_VIEW))
    model = _phase_model(initiative.municipality_id)  # read once for the whole page
    phase = selectors.current_phase(initiative, model)
    labels = phases.phase_labels(initiative.municipality_id, model)
    codes = [step.code for step in model]
    today = _today()
    risks = initiative.risks.select_related("owner").order_by("-score", "title")
    return render(
        request,
        "monitoring/initiative.html",
        {
            "initiative": initiative,
            "reports": _page(request, selectors.report_history(initiative=initiative)),
            "milestones": [
                (m, m.slippage_days(), m.is_overdue(today)) for m in initiative.milestones.all()
            ],
            "risks": risks,
            "benefits": selectors.benefits_with_latest(initiative.benefits.all()),
            "budget": selectors.budget_lines(initiative=initiative),
            "phase": phase,
            "phase_label": labels.get(phase, phase),
            "has_next_phase": phase in codes[:-1],
            "gates": [
                (gate, labels.get(gate.from_phase, gate.from_phase), labels.get(gate.to_phase))
                for gate in initiative.phase_gates.select_related("decided_by")
            ],
            "meetings": initiative.project_meetings.prefetch_related("actions__owner")[:10],
            "phase_form": PhaseForm(
                documents=selectors.phase_documents(initiative.municipality_id, phase, model)
            ),
            "may_report": services.may_report(request.user, initiative),
            "may_manage": services.may_manage(request.user, initiative.municipality_id),
            "may_decide_phase": services.may_decide_phase(request.user, initiative),
            "programme_link": getattr(initiative, "programme_link", None),
        },
    )


@member_required()
@require_POST
def phase_advance(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    _check(services.may_decide_phase(request.user, initiative))
    documents = selectors.phase_documents(
        initiative.municipality_id, selectors.current_phase(initiative)
    )
    form = PhaseForm(request.POST, documents=documents)
    if form.is_valid():
        try:
            gate = services.phase_advance(
                initiative=initiative,
                by=request.user,
                documents=form.cleaned_data["documents"],
                note=form.cleaned_data["note"],
            )
            label = phases.phase_labels(initiative.municipality_id).get(gate.to_phase)
            messages.success(request, _("Door naar de fase %(phase)s.") % {"phase": label})
        except services.MonitoringError as error:
            messages.error(request, str(error))
    return redirect("monitoring:initiative", pk=initiative.pk)


# --- progress reports --------------------------------------------------------------------


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
        except services.MonitoringError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "monitoring/report_form.html",
        {
            "form": form,
            "conflict": conflict,
            "report": report if report.pk else None,
            "initiative": report.initiative,
            "rag_definitions": _rag_definitions(report.municipality_id),
        },
    )


@member_required()
def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    _check(services.may_report(request.user, initiative))
    year, quarter = selectors.quarter_of(_today())
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
    _check(services.may_report(request.user, report.initiative))
    if report.is_frozen:
        messages.error(
            request, _("Een ingediende rapportage verandert niet meer; maak een correctie.")
        )
        return redirect(report.get_absolute_url())
    return _report_form(request, report)


@member_required()
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    _check(can(request.user, report.municipality_id, Action.PORTFOLIO_VIEW))
    correction = ProgressReport.objects.filter(corrects=report).first()
    return render(
        request,
        "monitoring/report_detail.html",
        {
            "report": report,
            "initiative": report.initiative,
            "correction": correction,
            "rag_definitions": selectors.rag_definitions(report.municipality_id),
            "may_report": services.may_report(request.user, report.initiative),
        },
    )


@member_required()
@require_POST
def report_correct(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    _check(services.may_report(request.user, report.initiative))
    try:
        correction = services.report_correct(report=report, by=request.user)
    except services.MonitoringError as error:
        messages.error(request, str(error))
        return redirect(report.get_absolute_url())
    messages.success(request, _("Correctie gestart als nieuwe versie."))
    return redirect("monitoring:report_edit", pk=correction.pk)


# --- milestones --------------------------------------------------------------------------


def _milestone_form(request: HttpRequest, milestone: Milestone) -> HttpResponse:
    form = MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        services.milestone_save(milestone=form.save(commit=False), by=request.user)
        messages.success(request, _("Mijlpaal opgeslagen."))
        return redirect("monitoring:initiative", pk=milestone.initiative_id)
    return render(
        request,
        "monitoring/simple_form.html",
        {
            "form": form,
            "initiative": milestone.initiative,
            "title": _("Mijlpaal bewerken") if milestone.pk else _("Nieuwe mijlpaal"),
        },
    )


@member_required()
def milestone_create(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    _check(services.may_report(request.user, initiative))
    return _milestone_form(
        request, Milestone(municipality_id=initiative.municipality_id, initiative=initiative)
    )


@member_required()
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_for_user_or_404(
        Milestone.objects.select_related("initiative"), request.user, pk=pk
    )
    _check(services.may_report(request.user, milestone.initiative))
    return _milestone_form(request, milestone)


# --- risks -------------------------------------------------------------------------------


def risk_filters(request: HttpRequest) -> dict[str, str]:
    """The risk register's filters (active risks unless asked otherwise); also for the export."""
    filters = {"status": request.GET.get("status", "active").strip()}
    filters["programme"] = request.GET.get("programme", "")
    filters.update(_filters(request))
    return filters


def benefit_filters(request: HttpRequest) -> dict[str, str]:
    """The benefits list's filters; also for the export."""
    return _filters(request, "objective")


@member_required(Action.PORTFOLIO_VIEW)
def risk_register(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    filters = risk_filters(request)
    risks = selectors.risk_register(municipality=municipality, filters=filters)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "monitoring/risk_register.html",
        {
            "page": _page(request, risks),
            "heat_map": selectors.heat_map(risks),
            "filters": filters,
            "statuses": RiskStatus.choices,
            "programmes": selectors.programme_list(municipality=municipality),
            "querystring": query.urlencode(),
        },
    )


def _risk_form(request: HttpRequest, risk: Risk, back: str) -> HttpResponse:
    form = RiskForm(request.POST or None, instance=risk, municipality=risk.municipality)
    if request.method == "POST" and form.is_valid():
        services.risk_save(risk=form.save(commit=False), by=request.user)
        messages.success(request, _("Risico opgeslagen."))
        return redirect(back)
    return render(
        request,
        "monitoring/simple_form.html",
        {
            "form": form,
            "initiative": risk.initiative,
            "title": _("Risico bewerken") if risk.pk else _("Nieuw risico"),
        },
    )


@member_required()
def risk_create(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    _check(services.may_report(request.user, initiative))
    risk = Risk(
        municipality_id=initiative.municipality_id,
        initiative=initiative,
        owner=initiative.contractor,
    )
    return _risk_form(request, risk, initiative_url(initiative))


@member_required(Action.INITIATIVE_MANAGE)
def risk_create_portfolio(request: HttpRequest) -> HttpResponse:
    risk = Risk(municipality=request.municipality)  # type: ignore[attr-defined]
    return _risk_form(request, risk, "monitoring:risks")


@member_required()
def risk_edit(request: HttpRequest, pk: int) -> HttpResponse:
    risk = get_for_user_or_404(Risk.objects.select_related("initiative"), request.user, pk=pk)
    _check(services._may_edit_risk(request.user, risk))
    back = initiative_url(risk.initiative) if risk.initiative else "monitoring:risks"
    return _risk_form(request, risk, back)


def initiative_url(initiative: Initiative) -> str:
    from django.urls import reverse

    return reverse("monitoring:initiative", args=[initiative.pk])


@member_required()
@require_POST
def risks_from_advice(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    _check(services.may_report(request.user, initiative))
    created = services.risks_from_advice(initiative=initiative, by=request.user)
    messages.success(
        request, _("%(n)s risico's uit de intake-adviezen overgenomen.") % {"n": len(created)}
    )
    return redirect(initiative_url(initiative))


# --- benefits ----------------------------------------------------------------------------


@member_required(Action.PORTFOLIO_VIEW)
def benefit_list(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    return render(
        request,
        "monitoring/benefits.html",
        {
            "page": _page(
                request,
                selectors.benefit_list(municipality=municipality, filters=benefit_filters(request)),
            ),
            "objectives": selectors.benefits_by_objective(
                municipality=municipality, today=_today()
            ),
            "esg": selectors.esg_rollup(municipality=municipality),
        },
    )


@member_required()
def benefit_create(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    _check(services.may_manage(request.user, initiative.municipality_id))
    benefit = Benefit(municipality_id=initiative.municipality_id, initiative=initiative)
    form = BenefitForm(request.POST or None, instance=benefit, municipality=initiative.municipality)
    if request.method == "POST" and form.is_valid():
        saved = services.benefit_save(benefit=form.save(commit=False), by=request.user)
        messages.success(request, _("Baat opgeslagen."))
        return redirect(saved.get_absolute_url())
    return render(
        request,
        "monitoring/simple_form.html",
        {"form": form, "initiative": initiative, "title": _("Nieuwe baat")},
    )


@member_required()
def benefit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    benefit = get_for_user_or_404(
        selectors.benefits_with_latest(Benefit.objects.all()), request.user, pk=pk
    )
    may_measure = services.may_measure(request.user, benefit)
    form = MeasurementForm(request.POST or None)
    if request.method == "POST":
        _check(may_measure)
        if form.is_valid():
            services.measurement_record(benefit=benefit, by=request.user, **form.cleaned_data)
            messages.success(request, _("Meting vastgelegd."))
            return redirect(benefit.get_absolute_url())
    return render(
        request,
        "monitoring/benefit_detail.html",
        {
            "benefit": benefit,
            "measurements": _page(request, benefit.measurements.select_related("recorded_by")),
            "form": form,
            "may_measure": may_measure,
        },
    )


# --- budget ------------------------------------------------------------------------------


@member_required(Action.PORTFOLIO_VIEW)
def budget(request: HttpRequest) -> HttpResponse:
    by = request.GET.get("per", "programma")
    if by not in ("programma", "taakveld"):
        by = "programma"
    rows = selectors.budget_rollup(municipality=request.municipality, by=by)  # type: ignore[attr-defined]
    return render(
        request,
        "monitoring/budget.html",
        {"page": _page(request, rows, 100), "per": by, "kinds": dict(BudgetKind.choices)},
    )


@member_required()
def budget_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """Begroting and prognose per year and kind for one initiative (actuals are imported)."""
    initiative = _initiative(request, pk)
    may_plan = services.may_manage(request.user, initiative.municipality_id)
    _check(may_plan or services.may_report(request.user, initiative))
    lines = {(line.year, line.kind): line for line in selectors.budget_lines(initiative=initiative)}
    years = budget_years(initiative, {year for year, _kind in lines}, _today())
    errors: list[str] = []
    if request.method == "POST":
        entries, errors, years = parse_budget_grid(request.POST, years, may_plan=may_plan)
        if not errors and "add_year" not in request.POST:
            services.budget_plan_save(initiative=initiative, entries=entries, by=request.user)
            messages.success(request, _("Budget opgeslagen."))
            return redirect("monitoring:initiative", pk=initiative.pk)
    rows = [
        {
            "year": year,
            "kind": kind,
            "label": label,
            "line": lines.get((year, kind)),
            "planned": request.POST.get(f"planned-{year}-{kind}") if request.POST else None,
            "forecast": request.POST.get(f"forecast-{year}-{kind}") if request.POST else None,
        }
        for year in years
        for kind, label in BudgetKind.choices
    ]
    return render(
        request,
        "monitoring/budget_plan.html",
        {"initiative": initiative, "rows": rows, "errors": errors, "may_plan": may_plan},
    )


@member_required(Action.INITIATIVE_MANAGE)
def budget_import(request: HttpRequest) -> HttpResponse:
    form = BudgetImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.budget_actuals_import(
            municipality_id=request.municipality.pk,  # type: ignore[attr-defined]
            content=form.cleaned_data["file"].read(),
            by=request.user,
            dry_run=form.cleaned_data["dry_run"],
        )
        if result.ok and not form.cleaned_data["dry_run"]:
            messages.success(
                request,
                _("Realisatie ingelezen: %(c)s nieuwe en %(u)s bijgewerkte regels.")
                % {"c": result.created, "u": result.updated},
            )
            return redirect("monitoring:budget")
    return render(
        request,
        "monitoring/budget_import.html",
        {"form": form, "result": result, "dry_run": form.data.get("dry_run")},
    )


@member_required(Action.INITIATIVE_MANAGE)
def rag_settings(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    initial = {
        colour: meaning for colour, _l, meaning in selectors.rag_definitions(municipality.pk)
    }
    form = RagDefinitionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.rag_definitions_set(
            municipality_id=municipality.pk, meanings=form.cleaned_data, by=request.user
        )
        messages.success(request, _("Betekenis van de kleuren opgeslagen."))
        return redirect("monitoring:index")
    return render(request, "monitoring/settings.html", {"form": form})


def _in_new_order(formset: Any) -> list[Any]:
    """The phases kept, by their order number; a phase moved to a taken number goes first
    ("Volgorde 2" puts a new phase second, before the one that was there)."""
    kept = [
        form
        for form in formset.forms
        if form not in formset.deleted_forms
        and (form.has_changed() or form.cleaned_data.get("code"))
    ]

    def key(form: Any) -> tuple[bool, int, bool]:
        order = form.cleaned_data.get("ORDER")
        return (order is None, order or 0, "ORDER" not in form.changed_data)

    return sorted(kept, key=key)


@member_required(Action.INITIATIVE_MANAGE)
def phase_model_edit(request: HttpRequest) -> HttpResponse:
    """The municipality's own phases and the documents each phase gate asks for."""
    municipality = request.municipality  # type: ignore[attr-defined]
    initial = [
        {"code": s.code, "name": s.name, "documents": "\n".join(s.documents), "ORDER": n}
        for n, s in enumerate(phases.phase_model(municipality.pk), start=1)
    ]
    formset = PhaseModelFormSet(request.POST or None, initial=initial, prefix="fase")
    error = ""
    if request.method == "POST" and formset.is_valid():
        steps = [form.step() for form in _in_new_order(formset)]
        try:
            services.phase_model_save(municipality_id=municipality.pk, steps=steps, by=request.user)
        except services.MonitoringError as problem:
            error = str(problem)
        else:
            messages.success(request, _("Fasemodel opgeslagen."))
            return redirect("monitoring:phase_model")
    return render(
        request,
        "monitoring/phase_model.html",
        {
            "formset": formset,
            "error": error,
            "custom": phases.is_custom(municipality.pk),
            "in_use": phases.codes_in_use(municipality.pk),
        },
    )


# --- project meetings --------------------------------------------------------------------


@member_required()
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a project start-up or koersvast-gesprek; open actions of earlier ones follow up."""
    initiative = _initiative(request, pk)
    _check(services.may_report(request.user, initiative))
    kind = request.GET.get("soort", "koersvast")
    initial = {"kind": kind, "held_on": _today(), "notes": MEETING_AGENDAS.get(kind, "")}
    form = ProjectMeetingForm(
        request.POST or None, initial=initial, municipality=initiative.municipality
    )
    if request.method == "POST" and form.is_valid():
        services.project_meeting_record(
            initiative=initiative,
            kind=form.cleaned_data["kind"],
            held_on=form.cleaned_data["held_on"],
            notes=form.cleaned_data["notes"],
            actions=form.actions(),
            by=request.user,
        )
        messages.success(request, _("Gesprek vastgelegd."))
        return redirect("monitoring:initiative", pk=initiative.pk)
    open_actions = MeetingAction.objects.filter(
        meeting__initiative=initiative, done=False
    ).select_related("owner", "meeting")
    return render(
        request,
        "monitoring/meeting_form.html",
        {"form": form, "initiative": initiative, "open_actions": open_actions},
    )


@member_required()
@require_POST
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_for_user_or_404(
        MeetingAction.objects.select_related("meeting__initiative"), request.user, pk=pk
    )
    _check(services.may_report(request.user, action.meeting.initiative))
    services.meeting_action_done(action=action, by=request.user, done=True)
    messages.success(request, _("Actie afgerond."))
    return redirect("monitoring:initiative", pk=action.meeting.initiative_id)
