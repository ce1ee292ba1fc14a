"""Submitting and editing an initiative, its transitions, manual entry criteria and attachments."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koersvast.capacity.models import CapacityPool
from koersvast.core.concurrency import Difference, EditConflict, differences
from koersvast.core.decorators import member_required
from koersvast.portfolio.choices import LifecycleState
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action, can, require

from ..forms.initiative import (
    MAX_QUARTERS,
    AttachmentForm,
    InitiativeForm,
    TransitionForm,
    parse_demand,
)
from ..models import Attachment, EntryCriterion
from ..selectors import dossier as selectors
from ..services import submission as submission_services
from ..services.common import IntakeError
from ..services.submission import initiative_save, may_edit
from .common import initiative_for


def _demand_grid(pools: list[CapacityPool], initiative: Initiative | None, data: Any) -> list[Any]:
    existing: dict[tuple[int, int], Any] = {}
    if initiative is not None and initiative.pk:
        existing = {(d.pool_id, d.offset): d.hours for d in initiative.demands.all()}
    rows = []
    for pool in pools:
        cells = []
        for offset in range(MAX_QUARTERS):
            name = f"demand-{pool.pk}-{offset}"
            value = data.get(name) if data is not None else existing.get((pool.pk, offset), "")
            cells.append(
                {"name": name, "value": value if value not in (None, 0) else "", "q": offset + 1}
            )
        rows.append({"pool": pool, "cells": cells})
    return rows


def _edit(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    municipality = initiative.municipality
    pools = list(CapacityPool.objects.in_municipality(municipality))
    data = request.POST if request.method == "POST" else None
    form = InitiativeForm(
        data,
        instance=initiative,
        municipality=municipality,
        may_manage=can(request.user, municipality.pk, Action.INITIATIVE_MANAGE),
    )
    demand_errors: list[str] = []
    conflict: list[Difference] | None = None
    if request.method == "POST" and form.is_valid():
        demand, demand_errors = parse_demand(
            request.POST, pools, form.cleaned_data["duration_quarters"]
        )
        if not demand_errors:
            try:
                return _save(request, form, demand)
            except EditConflict as error:
                conflict = differences(form, error.current)
                form.refresh_version(error.current)
    return render(
        request,
        "intake/initiative_form.html",
        {
            "form": form,
            "initiative": initiative if initiative.pk else None,
            "demand_rows": _demand_grid(pools, initiative, data),
            "demand_errors": demand_errors,
            "quarters": range(1, MAX_QUARTERS + 1),
            "conflict": conflict,
        },
    )


def _save(
    request: HttpRequest, form: InitiativeForm, demand: dict[int, list[Decimal]]
) -> HttpResponse:
    """Save (and maybe submit) the edit; raises EditConflict when someone saved meanwhile."""
    submit = "submit" in request.POST
    with transaction.atomic():
        saved = initiative_save(
            initiative=form.save(commit=False),
            by=request.user,
            demand=demand,
            expected_version=form.expected_version(),
        )
        if submit:
            try:
                submission_services.initiative_transition(
                    initiative=saved, target="ingediend", by=request.user
                )
            except IntakeError as error:
                messages.warning(
                    request,
                    _("Opgeslagen als concept. Nog niet ingediend: %(why)s") % {"why": error},
                )
                return redirect(saved.get_absolute_url())
    messages.success(request, _("Ingediend.") if submit else _("Concept opgeslagen."))
    return redirect(saved.get_absolute_url())


@member_required(Action.INITIATIVE_SUBMIT)
def initiative_create(request: MemberRequest) -> HttpResponse:
    return _edit(request, Initiative(municipality=request.municipality))


@member_required()
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = initiative_for(request, pk)
    if not may_edit(request.user, initiative):
        raise PermissionDenied
    return _edit(request, initiative)


@member_required()
@require_POST
def initiative_transition(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = initiative_for(request, pk)
    form = TransitionForm(request.POST)
    if form.is_valid() and _unconfirmed_open_advice(request, initiative, form):
        return redirect(initiative.get_absolute_url())
    if form.is_valid():
        try:
            submission_services.initiative_transition(
                initiative=initiative,
                target=form.cleaned_data["target"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Status bijgewerkt."))
        except IntakeError as error:
            messages.error(request, str(error))
    return redirect(initiative.get_absolute_url())


def _unconfirmed_open_advice(
    request: HttpRequest, initiative: Initiative, form: TransitionForm
) -> bool:
    """Putting an initiative on the decision agenda while advice is still open is a warning the
    portfolio manager confirms (issue 15); True when it was not confirmed."""
    if form.cleaned_data["target"] != LifecycleState.DECISION:
        return False
    if request.POST.get("confirm_open_advice") == "1":
        return False
    kinds = selectors.open_advice([initiative.pk]).get(initiative.pk)
    if not kinds:
        return False
    messages.warning(
        request,
        _("Gevraagd advies staat nog open (%(kinds)s); vink ‘Toch agenderen’ aan om door te gaan.")
        % {"kinds": ", ".join(kinds)},
    )
    return True


@member_required()
@require_POST
def criterion_check(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    initiative = initiative_for(request, pk)
    criterion = get_for_user_or_404(
        EntryCriterion.objects.filter(municipality_id=initiative.municipality_id),
        request.user,
        pk=criterion_pk,
    )
    require(request.user, initiative.municipality_id, Action.INITIATIVE_MANAGE)
    submission_services.criterion_check(
        initiative=initiative,
        criterion=criterion,
        met=request.POST.get("met") == "1",
        note=request.POST.get("note", "")[:1000],
        by=request.user,
    )
    messages.success(request, _("Toets vastgelegd."))
    return redirect(initiative.get_absolute_url())


@member_required()
@require_POST
def attachment_upload(request: MemberRequest, pk: int) -> HttpResponse:
    initiative = initiative_for(request, pk)
    if not may_edit(request.user, initiative):
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        Attachment.objects.create(
            municipality=initiative.municipality,
            initiative=initiative,
            file=upload,
            name=upload.name[:200],
            size=upload.size,
            uploaded_by=request.user,
        )
        messages.success(request, _("Bijlage toegevoegd."))
    else:
        messages.error(request, " ".join(str(error) for error in form.errors.get("file", [])))
    return redirect(initiative.get_absolute_url())


@member_required()
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_for_user_or_404(Attachment, request.user, pk=pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
