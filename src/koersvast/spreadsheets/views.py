"""Excel pages: exports of the lists, and the import in steps (upload → map → preview → run)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koersvast.core.decorators import member_required
from koersvast.intake.selectors.backlog import backlog, ranking_method
from koersvast.intake.selectors.decisions import decision_log
from koersvast.monitoring.selectors.benefits import benefit_list
from koersvast.monitoring.selectors.programmes import programme_list, programme_rollups
from koersvast.monitoring.selectors.risks import risk_register
from koersvast.monitoring.views.benefits import benefit_filters
from koersvast.monitoring.views.risks import risk_filters
from koersvast.portfolio import custom_fields
from koersvast.portfolio import selectors as portfolio_selectors
from koersvast.portfolio.models import Dependency, Domain
from koersvast.portfolio.views import FILTER_KEYS
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action
from koersvast.tenancy.selectors import memberships_in

from . import lists, samples, uploads
from .export import workbook_bytes, xlsx_response
from .fields import FIELDS
from .forms import MappingForm, ProjectUploadForm, UploadForm
from .project import outline_levels, read_project
from .reading import Table, WorkbookRejected, check_file, read_table, sheet_names
from .services import import_fields, suggest_mapping, table_import

SESSION_KEY = "spreadsheets_import"


def _filename(request: MemberRequest, name: str) -> str:
    code = request.municipality.cbs_code
    return f"{name}-{code}-{timezone.localdate():%Y-%m-%d}.xlsx"


# --- exports -------------------------------------------------------------------------------


@member_required(Action.PORTFOLIO_VIEW)
def export_portfolio(request: MemberRequest) -> HttpResponse:
    """The portfolio list with the page's filters (?domain=&state=&work_form=&q=)."""
    filters = {key: request.GET.get(key, "").strip() for key in FILTER_KEYS}
    initiatives = portfolio_selectors.initiative_list(
        user=request.user,
        municipality=request.municipality,
        filters=filters,
    )
    own = custom_fields.definitions(request.municipality.pk)
    columns = lists.portfolio_columns(own)
    initiatives = initiatives.select_related("alternative__group").prefetch_related(
        Prefetch("dependencies", queryset=Dependency.objects.select_related("predecessor")),
        Prefetch("dependants", queryset=Dependency.objects.select_related("successor")),
    )
    content = workbook_bytes(title="Portfolio", columns=columns, rows=initiatives)
    return xlsx_response(content, _filename(request, "portfolio"))


@member_required(Action.PORTFOLIO_VIEW)
def export_backlog(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    method = ranking_method(municipality)
    rows = backlog(user=request.user, municipality=municipality, method=method)
    content = workbook_bytes(title="Backlog", columns=lists.backlog_columns(method), rows=rows)
    return xlsx_response(content, _filename(request, "backlog"))


@member_required(Action.PORTFOLIO_VIEW)
def export_decisions(request: MemberRequest) -> HttpResponse:
    decisions = decision_log(
        municipality=request.municipality,
        query=request.GET.get("q", "").strip(),
        outcome=request.GET.get("outcome", ""),
    )
    content = workbook_bytes(title="Besluiten", columns=lists.DECISIONS, rows=decisions)
    return xlsx_response(content, _filename(request, "besluiten"))


@member_required(Action.PORTFOLIO_VIEW)
def export_risks(request: MemberRequest) -> HttpResponse:
    """The risk register with the page's filters."""
    risks = risk_register(
        municipality=request.municipality,
        filters=risk_filters(request),
    )
    content = workbook_bytes(title="Risico's", columns=lists.RISKS, rows=risks)
    return xlsx_response(content, _filename(request, "risicos"))


@member_required(Action.PORTFOLIO_VIEW)
def export_benefits(request: MemberRequest) -> HttpResponse:
    """The benefits with their latest measurement, with the page's filters."""
    benefits = benefit_list(
        municipality=request.municipality,
        filters=benefit_filters(request),
    )
    content = workbook_bytes(title="Baten", columns=lists.BENEFITS, rows=benefits)
    return xlsx_response(content, _filename(request, "baten"))


@member_required(Action.PORTFOLIO_VIEW)
def export_programmes(request: MemberRequest) -> HttpResponse:
    """Every programme with its roll-up (status, budget, risks, benefits)."""
    programmes = list(programme_list(municipality=request.municipality))
    rows = programme_rollups(programmes)
    content = workbook_bytes(title="Programma's", columns=lists.PROGRAMMES, rows=rows)
    return xlsx_response(content, _filename(request, "programmas"))


@member_required(Action.MEMBERS_MANAGE)
def export_members(request: MemberRequest) -> HttpResponse:
    """The rights report of the active municipality, for the yearly access review."""
    memberships = memberships_in(request.municipality)
    content = workbook_bytes(title="Rechten", columns=lists.MEMBERS, rows=memberships)
    return xlsx_response(content, _filename(request, "rechtenoverzicht"))


# --- import --------------------------------------------------------------------------------


def _state(request: MemberRequest) -> tuple[dict[str, Any], bytes] | None:
    """The import in progress of this session in the active municipality, with its file."""
    state = request.session.get(SESSION_KEY)
    municipality = request.municipality
    if not state or state.get("municipality") != municipality.pk:
        return None
    content = uploads.upload_read(municipality=municipality, token=state["token"])
    return (state, content) if content is not None else None


def _forget(request: MemberRequest) -> None:
    state = request.session.pop(SESSION_KEY, None)
    if state and state.get("municipality") == request.municipality.pk:
        uploads.upload_delete(municipality=request.municipality, token=state["token"])


@member_required(Action.INITIATIVE_MANAGE)
def template_download(request: HttpRequest) -> HttpResponse:
    return xlsx_response(samples.template_bytes(), "koersvast-sjabloon.xlsx")


@member_required(Action.INITIATIVE_MANAGE)
def import_upload(request: MemberRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        try:
            check_file(content)
        except WorkbookRejected as exc:
            form.add_error("file", str(exc))
        else:
            _forget(request)
            municipality = request.municipality
            request.session[SESSION_KEY] = {
                "municipality": municipality.pk,
                "token": uploads.upload_store(municipality=municipality, content=content),
                "filename": form.cleaned_data["file"].name[:200],
                "sheet": None,
                "mapping": None,
            }
            return redirect("spreadsheets:import_mapping")
    fields = import_fields(request.municipality)
    return render(request, "spreadsheets/import_upload.html", {"form": form, "fields": fields})


@member_required(Action.INITIATIVE_MANAGE)
def import_project(request: MemberRequest) -> HttpResponse:
    """Step 1 for a Microsoft Project XML export; then the same mapping and preview."""
    municipality = request.municipality
    domains = Domain.objects.in_municipality(municipality).active()
    form = ProjectUploadForm(request.POST or None, request.FILES or None, domains=domains)
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        level = form.cleaned_data["level"]
        try:
            levels = outline_levels(content)
        except WorkbookRejected as exc:
            form.add_error("file", str(exc))
        else:
            if level not in levels:
                form.add_error(
                    "level",
                    _("Dit plan heeft geen taken op niveau %(level)s (wel op: %(levels)s).")
                    % {"level": level, "levels": ", ".join(map(str, levels)) or "—"},
                )
            else:
                _forget(request)
                domain = form.cleaned_data["domain"]
                request.session[SESSION_KEY] = {
                    "municipality": municipality.pk,
                    "token": uploads.upload_store(municipality=municipality, content=content),
                    "filename": form.cleaned_data["file"].name[:200],
                    "source": "project",
                    "level": level,
                    "domain": domain.name if domain else "",
                    "sheet": None,
                    "mapping": None,
                }
                return redirect("spreadsheets:import_mapping")
    return render(
        request,
        "spreadsheets/import_project.html",
        {"form": form, "fields": import_fields(municipality)},
    )


def _table(state: dict[str, Any], content: bytes, sheet: str | None) -> Table:
    """The table of the upload in progress: an Excel sheet or a Project plan's tasks."""
    if state.get("source") == "project":
        return read_project(
            content, level=state["level"], domain=state["domain"], name=state["filename"]
        )
    return read_table(content, sheet)


@member_required(Action.INITIATIVE_MANAGE)
def import_mapping(request: MemberRequest) -> HttpResponse:
    found = _state(request)
    if found is None:
        return redirect("spreadsheets:import_upload")
    state, content = found
    try:
        sheets = [] if state.get("source") == "project" else sheet_names(content)
    except WorkbookRejected:
        return redirect("spreadsheets:import_upload")
    sheet = (
        request.POST.get("sheet")
        or request.GET.get("sheet")
        or state["sheet"]
        or next(iter(sheets), "")
    )
    context: dict[str, Any] = {"state": state, "sheets": sheets, "sheet": sheet}
    try:
        table = _table(state, content, sheet)
    except WorkbookRejected as exc:
        context["rejected"] = str(exc)
        return render(request, "spreadsheets/import_mapping.html", context)
    fields = import_fields(request.municipality)
    same_sheet = state["sheet"] == sheet and state["mapping"] is not None
    initial = (
        state["mapping"] if same_sheet else suggest_mapping(table.headers, fields[len(FIELDS) :])
    )
    form = MappingForm(
        request.POST if request.method == "POST" else None,
        headers=table.headers,
        initial_mapping=initial,
        fields=fields,
    )
    if request.method == "POST" and form.is_valid():
        state.update(sheet=sheet, mapping=form.mapping())
        request.session[SESSION_KEY] = state
        return redirect("spreadsheets:import_preview")
    samples_by_column = list(zip(*[values for _n, values in table.rows[:3]], strict=False))
    context.update(
        form=form,
        columns=[
            (form[f"col_{index}"], [v for v in samples_by_column[index] if v is not None][:3])
            for index in range(len(table.headers))
        ],
    )
    return render(request, "spreadsheets/import_mapping.html", context)


@member_required(Action.INITIATIVE_MANAGE)
def import_preview(request: MemberRequest) -> HttpResponse:
    found = _state(request)
    if found is None or found[0]["mapping"] is None:
        return redirect("spreadsheets:import_upload")
    state, content = found
    try:
        report = table_import(
            municipality=request.municipality,
            by=request.user,
            table=_table(state, content, state["sheet"]),
            mapping=state["mapping"],
            dry_run=request.method != "POST",
        )
    except WorkbookRejected as exc:
        return render(
            request, "spreadsheets/import_preview.html", {"state": state, "rejected": str(exc)}
        )
    if report.applied:
        _forget(request)
        messages.success(
            request,
            _("Import voltooid: %(new)s nieuw, %(upd)s bijgewerkt, %(same)s ongewijzigd.")
            % {"new": report.created, "upd": report.updated, "same": report.unchanged},
        )
        return redirect("portfolio:list")
    mapped = {index: key for key, index in report.mapping.items()}
    fields = import_fields(request.municipality)
    return render(
        request,
        "spreadsheets/import_preview.html",
        {
            "state": state,
            "report": report,
            "mapped_columns": [
                (header, next((f.label for f in fields if f.key == mapped.get(i)), None))
                for i, header in enumerate(report.headers)
            ],
        },
    )


@require_POST
@member_required(Action.INITIATIVE_MANAGE)
def import_cancel(request: MemberRequest) -> HttpResponse:
    _forget(request)
    messages.info(request, _("De import is geannuleerd; het bestand is verwijderd."))
    return redirect("spreadsheets:import_upload")
