"""The Excel imports of the MIP and the budget: upload, dry run row by row, then all or nothing."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koersvast.core.decorators import member_required
from koersvast.intake.models import DecisionBody
from koersvast.spreadsheets import uploads
from koersvast.spreadsheets.forms import UploadForm
from koersvast.spreadsheets.reading import WorkbookRejected, check_file
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action

from .. import imports, services
from ..forms import BudgetImportForm
from ..selectors import estimate as selectors

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
