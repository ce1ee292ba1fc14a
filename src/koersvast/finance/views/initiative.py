"""Finance pages: an initiative's money (investeringen, exploitatie, dekking), the
meerjarenraming and MIP of the portfolio, the weerstandsvermogen, and the settings."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import ProtectedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from koersvast.core.decorators import member_required
from koersvast.core.grids import read_grid
from koersvast.core.numbers import parse_amount
from koersvast.intake.models import DecisionBody
from koersvast.monitoring.models import Risk
from koersvast.portfolio import selectors as portfolio_selectors
from koersvast.reports.choices import CycleMoment
from koersvast.spreadsheets import uploads
from koersvast.spreadsheets.export import Column, ColumnType, workbook_bytes, xlsx_response
from koersvast.spreadsheets.forms import UploadForm
from koersvast.spreadsheets.reading import WorkbookRejected, check_file
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action

from . import imports, selectors, services
from .forms import (
    BudgetImportForm,
    CategoryForm,
    CouncilDecisionForm,
    ExploitationLineForm,
    FundingForm,
    InvestmentForm,
    RiskEffectForm,
    SettingsForm,
)
from .models import (
    AssetCategory,
    ExploitationLine,
    Funding,
    Investment,
    RiskEffect,
)

FINANCE = (Action.FINANCE_MANAGE,)


def _charge_in(index: int) -> Callable[[Any], Any]:
    """The cell of a kapitaallasten column: the row's charge in the `index`th year."""
    return lambda row: row.charges[index]


def _ensure(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _budget_year(request: HttpRequest) -> int:
    """The budget year asked for (?jaar=2028), else the next year."""
    raw = request.GET.get("jaar", "").strip()
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return selectors.default_budget_year()


# ---------------------------------------------------------------------------------------------
# One initiative


@member_required()
def initiative_finance(request: HttpRequest, pk: int) -> HttpResponse:
    """Like the initiative's own page: whoever may see the initiative (a submitter their own)."""
    initiative = portfolio_selectors.initiative_get(user=request.user, pk=pk, with_demand=False)
    budget_year = _budget_year(request)
    finance = selectors.initiative_finance(initiative=initiative, budget_year=budget_year)
    return render(
        request,
        "finance/initiative.html",
        {
            "initiative": initiative,
            "finance": finance,
            "raming": finance.raming,
            "uncovered": list(zip(finance.raming.years, finance.raming.uncovered, strict=True)),
            "budget_year": budget_year,
            "year_choices": range(budget_year - 3, budget_year + 4),
            "may_manage": services.may_manage(request.user, initiative.municipality_id),
        },
    )


@dataclass(frozen=True)
class Kind:
    """One kind of record on an initiative's finance page."""

    model: type[Investment | ExploitationLine | Funding]
    form: type
    new_title: Any
    edit_title: Any
    saved: Any


KINDS = {
    "investering": Kind(
        Investment,
        InvestmentForm,
        gettext_lazy("Nieuwe investering"),
        gettext_lazy("Investering bewerken"),
        gettext_lazy("Investering opgeslagen."),
    ),
    "exploitatie": Kind(
        ExploitationLine,
        ExploitationLineForm,
        gettext_lazy("Nieuwe exploitatieregel"),
        gettext_lazy("Exploitatieregel bewerken"),
        gettext_lazy("Exploitatieregel opgeslagen."),
    ),
    "dekking": Kind(
        Funding,
        FundingForm,
        gettext_lazy("Nieuwe dekking"),
        gettext_lazy("Dekking bewerken"),
        gettext_lazy("Dekking opgeslagen."),
    ),
}


def _finance_url(initiative_id: int) -> str:
    return reverse("finance:initiative", args=[initiative_id])


def _record_form(request: HttpRequest, kind: Kind, record: Any) -> HttpResponse:
    initiative = record.initiative
    if kind.model is Investment:
        services.categories_ensure(municipality=initiative.municipality)
    form = kind.form(request.POST or None, instance=record, municipality=initiative.municipality)
    if request.method == "POST" and form.is_valid():
        services.finance_record_save(record=form.save(commit=False), by=request.user)
        messages.success(request, str(kind.saved))
        return redirect(_finance_url(initiative.pk))
    return render(
        request,
        "finance/record_form.html",
        {
            "form": form,
            "initiative": initiative,
            "title": kind.edit_title if record.pk else kind.new_title,
            "back": _finance_url(initiative.pk),
        },
    )


@member_required(object_actions=FINANCE)
def record_create(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    initiative = portfolio_selectors.initiative_get(user=request.user, pk=pk, with_demand=False)
    _ensure(services.may_manage(request.user, initiative.municipality_id))
    spec = KINDS[kind]
    record = spec.model(municipality_id=initiative.municipality_id, initiative=initiative)
    if not isinstance(record, Investment) and request.method == "GET":
        record.year = selectors.default_budget_year()
    return _record_form(request, spec, record)


@member_required(object_actions=FINANCE)
def record_edit(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    spec = KINDS[kind]
    record = selectors.record_get(spec.model, user=request.user, pk=pk)
    _ensure(services.may_manage(request.user, record.municipality_id))
    return _record_form(request, spec, record)


@member_required(object_actions=FINANCE)
def record_delete(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """GET asks for confirmation; POST deletes."""
    spec = KINDS[kind]
    record = selectors.record_get(spec.model, user=request.user, pk=pk)
    _ensure(services.may_manage(request.user, record.municipality_id))
    back = _finance_url(record.initiative_id)
    if request.method == "POST":
        services.finance_record_delete(record=record, by=request.user)
        messages.success(request, _("Verwijderd: %(record)s.") % {"record": record})
        return redirect(back)
    return render(
        request,
        "finance/confirm_delete.html",
        {"record": record, "initiative": record.initiative, "back": back},
    )


# ---------------------------------------------------------------------------------------------
# The portfolio


def _filters(request: HttpRequest) -> dict[str, str]:
    return {key: request.GET.get(key, "").strip() for key in ("programme", "taakveld")}


@member_required(Action.PORTFOLIO_VIEW)
def meerjarenraming(request: MemberRequest) -> HttpResponse:
    """The meerjarenraming in a chosen version (?versie=prognose|realisatie|<pk>) and its
    difference with the previous version."""
    municipality = request.municipality
    budget_year = _budget_year(request)
    filters = _filters(request)
    versioned = selectors.versioned_raming(
        municipality=municipality,
        budget_year=budget_year,
        filters=filters,
        choice=request.GET.get("versie", "").strip() or selectors.PROGNOSE,
    )
    return render(
        request,
        "finance/meerjarenraming.html",
        {
            "raming": versioned.raming,
            "versioned": versioned,
            "budget_year": budget_year,
            "filters": filters,
            "options": selectors.filter_options(municipality),
            "year_choices": range(budget_year - 3, budget_year + 4),
        },
    )


def _moment(request: HttpRequest) -> str:
    moment = request.GET.get("moment", "").strip()
    return moment if moment in CycleMoment.values else CycleMoment.VOORJAARSNOTA


def _record_council_decision(
    request: HttpRequest,
    form: CouncilDecisionForm,
    may_manage: bool,
    budget_year: int,
    adopt: Callable[[Any], Any],
) -> tuple[HttpResponse | None, str]:
    """On a POST with a valid council decision, `adopt(decision)` records a budget version:
    the redirect to the versions page, or the reason it was refused ("" on a GET)."""
    if request.method != "POST":
        return None, ""
    _ensure(may_manage)
    if not form.is_valid():
        return None, ""
    try:
        version = adopt(form.decision())
    except services.BudgetVersionError as exc:
        return None, str(exc)
    messages.success(request, _("Vastgelegd: %(title)s.") % {"title": version.title})
    return redirect(f"{reverse('finance:budget')}?jaar={budget_year}"), ""


@member_required(Action.PORTFOLIO_VIEW)
def budget(request: MemberRequest) -> HttpResponse:
    """The adopted versions of a budget year; recording the primitieve begroting (POST)."""
    municipality = request.municipality
    budget_year = _budget_year(request)
    may_manage = services.may_manage(request.user, municipality.pk)
    versions = selectors.budget_versions(municipality=municipality, budget_year=budget_year)
    form = CouncilDecisionForm(request.POST or None, municipality=municipality)
    done, error = _record_council_decision(
        request,
        form,
        may_manage,
        budget_year,
        lambda decision: services.budget_primitive_adopt(
            municipality=municipality, budget_year=budget_year, decision=decision, by=request.user
        ),
    )
    if done is not None:
        return done
    return render(
        request,
        "finance/budget.html",
        {
            "versions": [(v, selectors.version_label(v, versions)) for v in versions],
            "has_primitive": any(v.is_primitive for v in versions),
            "budget_year": budget_year,
            "year_choices": range(budget_year - 3, budget_year + 4),
            "form": form,
            "error": error,
            "may_manage": may_manage,
            "moments": CycleMoment.choices,
        },
    )


@member_required(Action.PORTFOLIO_VIEW)
def amendment(request: MemberRequest) -> HttpResponse:
    """The draft begrotingswijziging of a P&C moment (?jaar=&moment=); POST records that the
    raad adopted it."""
    municipality = request.municipality
    budget_year = _budget_year(request)
    moment = _moment(request)
    may_manage = services.may_manage(request.user, municipality.pk)
    form = CouncilDecisionForm(request.POST or None, municipality=municipality)
    done, error = _record_council_decision(
        request,
        form,
        may_manage,
        budget_year,
        lambda decision: services.budget_amendment_adopt(
            municipality=municipality,
            budget_year=budget_year,
            moment=moment,
            decision=decision,
            by=request.user,
        ),
    )
    if done is not None:
        return done
    draft = selectors.amendment_draft(
        municipality=municipality, budget_year=budget_year, moment=moment
    )
    return render(
        request,
        "finance/amendment.html",
        {
            "draft": draft,
            "budget_year": budget_year,
            "moment": moment,
            "moment_label": CycleMoment(moment).label,
            "moments": CycleMoment.choices,
            "year_choices": range(budget_year - 3, budget_year + 4),
            "form": form,
            "error": error,
            "may_manage": may_manage,
        },
    )


@member_required(Action.PORTFOLIO_VIEW)
def mip(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    budget_year = _budget_year(request)
    filters = _filters(request)
    years, rows = selectors.mip(municipality=municipality, budget_year=budget_year, filters=filters)
    return render(
        request,
        "finance/mip.html",
        {
            "years": years,
            "rows": rows,
            "total": sum((row.amount for row in rows), selectors.ZERO),
            "budget_year": budget_year,
            "filters": filters,
            "options": selectors.filter_options(municipality),
            "year_choices": range(budget_year - 3, budget_year + 4),
            "querystring": request.GET.urlencode(),
        },
    )


@member_required(Action.PORTFOLIO_VIEW)
def mip_export(request: MemberRequest) -> HttpResponse:
    """The MIP as an Excel workbook: one row per investment."""
    municipality = request.municipality
    budget_year = _budget_year(request)
    years, rows = selectors.mip(
        municipality=municipality, budget_year=budget_year, filters=_filters(request)
    )
    columns = [
        Column(_("Kenmerk"), ColumnType.TEXT, lambda r: r.reference),
        Column(_("Initiatief"), ColumnType.TEXT, lambda r: r.title),
        Column(
            _("Begrotingsprogramma"),
            ColumnType.TEXT,
            lambda r: r.budget_programme,
        ),
        Column(_("Investering"), ColumnType.TEXT, lambda r: r.description),
        Column(_("Categorie"), ColumnType.TEXT, lambda r: r.category),
        Column(_("Nut"), ColumnType.TEXT, lambda r: r.utility_label),
        Column(_("Methode"), ColumnType.TEXT, lambda r: r.method_label),
        Column(_("Termijn (jaren)"), ColumnType.INTEGER, lambda r: r.term),
        Column(_("Ingebruikname"), ColumnType.INTEGER, lambda r: r.activation_year),
        Column(_("Bedrag"), ColumnType.EURO, lambda r: r.amount),
        Column(_("Restwaarde"), ColumnType.EURO, lambda r: r.residual_value),
        *(
            Column(
                _("Kapitaallasten %(year)s") % {"year": year},
                ColumnType.EURO,
                _charge_in(index),
            )
            for index, year in enumerate(years)
        ),
    ]
    content = workbook_bytes(title=_("MIP"), columns=columns, rows=rows)
    return xlsx_response(content, f"mip-{municipality.cbs_code}-{budget_year}.xlsx")


# ---------------------------------------------------------------------------------------------
# Weerstandsvermogen


@member_required(Action.REPORTS_VIEW)
def weerstandsvermogen(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    year = _budget_year(request)
    result = selectors.weerstandsvermogen(municipality=municipality, year=year)
    return render(
        request,
        "finance/weerstandsvermogen.html",
        {
            "result": result,
            "budget_year": year,
            "year_choices": range(year - 3, year + 4),
            "may_manage": services.may_manage(request.user, municipality.pk),
        },
    )


@member_required(object_actions=FINANCE)
def risk_effect_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The financial effect of a risk (pk of the risk)."""
    risk = get_for_user_or_404(
        Risk.objects.select_related("initiative", "financial_effect"), request.user, pk=pk
    )
    _ensure(services.may_manage(request.user, risk.municipality_id))
    try:
        effect = risk.financial_effect
    except RiskEffect.DoesNotExist:
        effect = RiskEffect(municipality_id=risk.municipality_id, risk=risk)
    form = RiskEffectForm(request.POST or None, instance=effect, municipality=risk.municipality)
    back = reverse("finance:weerstandsvermogen")
    if request.method == "POST":
        if "delete" in request.POST and effect.pk:
            services.risk_effect_delete(effect=effect, by=request.user)
            messages.success(request, _("Financieel effect verwijderd."))
            return redirect(back)
        if form.is_valid():
            services.risk_effect_save(effect=form.save(commit=False), by=request.user)
            messages.success(request, _("Financieel effect opgeslagen."))
            return redirect(back)
    return render(
        request,
        "finance/risk_effect_form.html",
        {"form": form, "risk": risk, "effect": effect, "back": back},
    )


@member_required(Action.FINANCE_MANAGE)
def risk_effects(request: MemberRequest) -> HttpResponse:
    """Every active risk with its financial effect (or a link to enter one)."""
    municipality = request.municipality
    return render(
        request,
        "finance/risk_effects.html",
        {"risks": selectors.risks_with_effects(municipality=municipality)},
    )


@member_required(Action.FINANCE_MANAGE)
def resistance_edit(request: MemberRequest) -> HttpResponse:
    """Beschikbare weerstandscapaciteit per year, saved as a whole."""
    municipality = request.municipality
    first = selectors.default_budget_year() - 1
    entered = {
        row.year: row.amount for row in selectors.resistance_capacities(municipality=municipality)
    }
    years = sorted(set(range(first, first + 5)) | set(entered))
    errors: list[str] = []
    if request.method == "POST":
        grid = read_grid(
            request.POST,
            "jaar",
            [(year,) for year in years],
            parse_amount,
            describe=lambda key, raw, error: (
                _("%(year)s: '%(value)s' — %(why)s") % {"year": key[0], "value": raw, "why": error}
            ),
        )
        amounts: dict[int, Any] = {year: value for (year,), value in grid.values.items()}
        errors = grid.messages
        if not errors:
            changes = services.resistance_set(
                municipality=municipality, amounts=amounts, by=request.user
            )
            messages.success(
                request,
                _("Beschikbare weerstandscapaciteit opgeslagen (%(n)s wijzigingen).")
                % {"n": changes},
            )
            return redirect("finance:weerstandsvermogen")
    cells = [
        {
            "year": year,
            "value": request.POST.get(f"jaar-{year}", "")
            if request.method == "POST"
            else ("" if entered.get(year) is None else f"{entered[year]:f}".removesuffix(".00")),
        }
        for year in years
    ]
    return render(request, "finance/resistance_form.html", {"cells": cells, "errors": errors})


# ---------------------------------------------------------------------------------------------
# Settings and categories


@member_required(Action.PORTFOLIO_VIEW)
def finance_settings(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    may_manage = services.may_manage(request.user, municipality.pk)
    if may_manage:
        services.categories_ensure(municipality=municipality)
    stored = services.settings_for(municipality)
    form = SettingsForm(request.POST or None, instance=stored, municipality=municipality)
    if request.method == "POST":
        _ensure(may_manage)
        if form.is_valid():
            services.finance_record_save(record=form.save(commit=False), by=request.user)
            messages.success(request, _("Financiële instellingen opgeslagen."))
            return redirect("finance:settings")
    return render(
        request,
        "finance/settings.html",
        {
            "form": form,
            "categories": AssetCategory.objects.in_municipality(municipality),
            "may_manage": may_manage,
        },
    )


def _category_form(request: HttpRequest, category: AssetCategory) -> HttpResponse:
    form = CategoryForm(request.POST or None, instance=category, municipality=category.municipality)
    if request.method == "POST" and form.is_valid():
        services.finance_record_save(record=form.save(commit=False), by=request.user)
        messages.success(request, _("Activacategorie opgeslagen."))
        return redirect("finance:settings")
    return render(
        request,
        "finance/record_form.html",
        {
            "form": form,
            "title": _("Activacategorie bewerken") if category.pk else _("Nieuwe activacategorie"),
            "back": reverse("finance:settings"),
        },
    )


@member_required(Action.FINANCE_MANAGE)
def category_create(request: MemberRequest) -> HttpResponse:
    return _category_form(request, AssetCategory(municipality=request.municipality))


@member_required(object_actions=FINANCE)
def category_edit(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_for_user_or_404(AssetCategory, request.user, pk=pk)
    _ensure(services.may_manage(request.user, category.municipality_id))
    return _category_form(request, category)


@member_required(object_actions=FINANCE)
@require_POST
def category_delete(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_for_user_or_404(AssetCategory, request.user, pk=pk)
    _ensure(services.may_manage(request.user, category.municipality_id))
    try:
        services.category_delete(category=category, by=request.user)
    except ProtectedError:
        messages.error(
            request, _("Deze categorie heeft investeringen en kan niet worden verwijderd.")
        )
    else:
        messages.success(request, _("Activacategorie verwijderd."))
    return redirect("finance:settings")


# ---------------------------------------------------------------------------------------------
# Excel import of a MIP and of budget lines: upload → dry run (preview) → import


IMPORT_SESSION = "finance_import"


def _import_state(request: MemberRequest) -> tuple[dict[str, Any], bytes] | None:
    state = request.session.get(IMPORT_SESSION)
    municipality = request.municipality
    if not state or state.get("municipality") != municipality.pk:
        return None
    content = uploads.upload_read(municipality=municipality, token=state["token"])
    return (state, content) if content is not None else None


def _import_forget(request: MemberRequest) -> None:
    state = request.session.pop(IMPORT_SESSION, None)
    municipality = request.municipality
    if state and state.get("municipality") == municipality.pk:
        uploads.upload_delete(municipality=municipality, token=state["token"])


def _import_start(request: MemberRequest, upload: Any, **extra: Any) -> str | None:
    """Keep the upload for the preview; the reason when the file is not a workbook."""
    content = upload.read()
    try:
        check_file(content)
    except WorkbookRejected as exc:
        return str(exc)
    _import_forget(request)
    municipality = request.municipality
    request.session[IMPORT_SESSION] = {
        "municipality": municipality.pk,
        "token": uploads.upload_store(municipality=municipality, content=content),
        "filename": upload.name[:200],
        **extra,
    }
    return None


@member_required(Action.FINANCE_MANAGE)
def mip_import(request: MemberRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        error = _import_start(request, form.cleaned_data["file"], what="mip")
        if error is None:
            return redirect("finance:import_preview")
        form.add_error("file", error)
    return render(
        request,
        "finance/import_upload.html",
        {
            "form": form,
            "fields": imports.MIP_FIELDS,
            "title": _("Investeringsplan (MIP) importeren"),
            "intro": _(
                "Eén regel per investering, met de kolommen hieronder (de export van het MIP "
                "heeft ze al). Eerst volgt een proefimport; er wordt niets opgeslagen tot u "
                "bevestigt, en alleen als elke regel klopt."
            ),
        },
    )


@member_required(Action.FINANCE_MANAGE)
def budget_import(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    form = UploadForm(request.POST or None, request.FILES or None)
    version = BudgetImportForm(
        request.POST or None,
        municipality=municipality,
        initial={"budget_year": selectors.default_budget_year()},
    )
    if request.method == "POST" and form.is_valid() and version.is_valid():
        data = version.cleaned_data
        error = _import_start(
            request,
            form.cleaned_data["file"],
            what="budget",
            budget_year=data["budget_year"],
            kind=data["kind"],
            body=data["body"].pk,
            decided_on=data["decided_on"].isoformat(),
            reference=data["decision_reference"],
            rationale=data["rationale"],
        )
        if error is None:
            return redirect("finance:import_preview")
        form.add_error("file", error)
    return render(
        request,
        "finance/import_upload.html",
        {
            "form": form,
            "version_form": version,
            "fields": imports.BUDGET_FIELDS,
            "title": _("Begrotingsregels importeren"),
            "intro": _(
                "Eén regel per initiatief (of programma), post en jaar. Het bestand wordt een "
                "primitieve begroting of een begrotingswijziging, met het raadsbesluit dat "
                "haar vaststelde. Eerst volgt een proefimport."
            ),
        },
    )


def _run_import(
    request: MemberRequest, state: dict[str, Any], content: bytes, dry_run: bool
) -> Any:
    municipality = request.municipality
    if state["what"] == "mip":
        return imports.mip_import(
            municipality=municipality, by=request.user, content=content, dry_run=dry_run
        )
    body = get_for_user_or_404(DecisionBody, request.user, pk=state["body"])
    return imports.budget_import(
        municipality=municipality,
        by=request.user,
        content=content,
        budget_year=state["budget_year"],
        kind=state["kind"],
        decision=services.CouncilDecision(
            body=body,
            decided_on=datetime.date.fromisoformat(state["decided_on"]),
            reference=state["reference"],
            rationale=state["rationale"],
        ),
        dry_run=dry_run,
    )


@member_required(Action.FINANCE_MANAGE)
def import_preview(request: MemberRequest) -> HttpResponse:
    """GET: the dry run, row by row; POST: the import itself (all or nothing)."""
    found = _import_state(request)
    if found is None:
        return redirect("finance:mip_import")
    state, content = found
    back = (
        reverse("finance:mip")
        if state["what"] == "mip"
        else f"{reverse('finance:budget')}?jaar={state['budget_year']}"
    )
    try:
        report = _run_import(request, state, content, dry_run=request.method != "POST")
    except WorkbookRejected as exc:
        return render(
            request, "finance/import_preview.html", {"state": state, "rejected": str(exc)}
        )
    if report.applied:
        _import_forget(request)
        messages.success(
            request,
            _("Import voltooid: %(new)s nieuw, %(upd)s bijgewerkt, %(same)s ongewijzigd.")
            % {"new": report.created, "upd": report.updated, "same": report.unchanged},
        )
        return redirect(back)
    return render(
        request,
        "finance/import_preview.html",
        {"state": state, "report": report, "back": back},
    )


@require_POST
@member_required(Action.FINANCE_MANAGE)
def import_cancel(request: MemberRequest) -> HttpResponse:
    state = request.session.get(IMPORT_SESSION) or {}
    _import_forget(request)
    messages.info(request, _("De import is geannuleerd; het bestand is verwijderd."))
    return redirect("finance:budget_import" if state.get("what") == "budget" else "finance:mip")
