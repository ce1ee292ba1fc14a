"""Rounds of judgements: starting one, its page, reminders, applying its result, and a
participant's own comparisons."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from koersvast.core.decorators import member_required
from koersvast.tenancy.policy import Action

from .. import forms
from ..selectors.rounds import (
    comparable_groups,
    group_key,
    participant_judgements,
    round_for_participant,
    round_get,
    round_overview,
)
from ..selectors.versions import framework_get
from ..services import rounds as services
from .common import MANAGE, apply_errors, detail_url, form_page, read_only_redirect

# --- Group comparison rounds (groepsvergelijking) -------------------------------------------


def _round_url(comparison_round: Any) -> str:
    return reverse("framework:round_detail", args=[comparison_round.pk])


@member_required(MANAGE)
def round_create(request: HttpRequest, pk: int) -> HttpResponse:
    framework = framework_get(user=request.user, pk=pk, action=MANAGE)
    if response := read_only_redirect(request, framework):
        return response
    form = forms.RoundCreateForm(
        request.POST or None,
        municipality=framework.municipality,
        initial={"title": _("Weging %(name)s") % {"name": framework}},
    )
    if request.method == "POST" and form.is_valid():
        try:
            comparison_round = services.round_create(
                framework=framework,
                by=request.user,
                title=form.cleaned_data["title"],
                participants=form.cleaned_data["participants"],
                site_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "De deelnemers zijn uitgenodigd: zij krijgen een e-mail met de link en "
                    "vinden de vergelijking ook bij het kader."
                ),
            )
            return redirect(_round_url(comparison_round))
    return form_page(
        request,
        {
            "title": _("Groepsvergelijking starten"),
            "framework": framework,
            "form": form,
            "submit": _("Deelnemers uitnodigen"),
            "cancel_url": detail_url(framework),
        },
    )


@member_required(MANAGE)
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    comparison_round = round_get(user=request.user, pk=pk)
    overview = round_overview(comparison_round=comparison_round)
    framework = comparison_round.framework
    return render(
        request,
        "framework/round_detail.html",
        {
            "framework": framework,
            "round": comparison_round,
            "overview": overview,
            "may_apply": comparison_round.is_open and framework.is_draft and overview.can_apply,
            "pending": overview.pending if comparison_round.is_open and framework.is_draft else [],
            "is_participant": any(p.user_id == request.user.pk for p in overview.participants),
        },
    )


@member_required(MANAGE)
@require_POST
def round_apply(request: HttpRequest, pk: int) -> HttpResponse:
    comparison_round = round_get(user=request.user, pk=pk)
    try:
        services.round_apply(comparison_round=comparison_round, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_round_url(comparison_round))
    messages.success(
        request,
        _(
            "De groepsgewichten staan nu in het concept. Laat de versie vaststellen door het "
            "college."
        ),
    )
    return redirect(detail_url(comparison_round.framework))


@member_required(MANAGE)
@require_POST
def round_remind(request: HttpRequest, pk: int) -> HttpResponse:
    """Mail a reminder to the participants who have not filled in every group."""
    comparison_round = round_get(user=request.user, pk=pk)
    try:
        count = services.round_remind(
            comparison_round=comparison_round,
            by=request.user,
            site_url=request.build_absolute_uri("/"),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if count:
            messages.success(
                request,
                ngettext(
                    "Een herinnering is gemaild aan %(count)s deelnemer.",
                    "Een herinnering is gemaild aan %(count)s deelnemers.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.info(request, _("Er is niemand om te herinneren (of zonder e-mailadres)."))
    return redirect(_round_url(comparison_round))


@member_required(Action.FRAMEWORK_VIEW)
def round_participate(request: HttpRequest, pk: int) -> HttpResponse:
    """A participant's own pairwise comparisons: every group of the version on one page."""
    comparison_round, participant = round_for_participant(user=request.user, pk=pk)
    framework = comparison_round.framework
    groups = comparable_groups(framework=framework)
    editable = comparison_round.is_open and framework.is_draft
    data = request.POST if request.method == "POST" and editable else None
    group_forms = [
        forms.ComparisonForm(
            data,
            group=group,
            stored=participant_judgements(participant, group),
            prefix=f"g{index}",
        )
        for index, group in enumerate(groups)
    ]
    saved = False
    error = ""
    if data is not None and all(form.is_valid() for form in group_forms):
        try:
            participant = services.round_judgements_save(
                comparison_round=comparison_round,
                by=request.user,
                judgements={group_key(form.group): form.judgements() for form in group_forms},
            )
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            saved = True
    overview = round_overview(comparison_round=comparison_round)
    own = {
        entry.key: next(
            (row for row in entry.participants if row.participant.pk == participant.pk), None
        )
        for entry in overview.groups
    }
    sections = [(form, own.get(group_key(form.group))) for form in group_forms]
    return render(
        request,
        "framework/round_participate.html",
        {
            "framework": framework,
            "round": comparison_round,
            "participant": participant,
            "sections": sections,
            "saved": saved,
            "error": error,
            "editable": editable,
        },
        status=400 if data is not None and not saved else 200,
    )
