"""Political urgency: ask for the three options, follow the computation, decide."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koersvast.core.decorators import member_required
from koersvast.tenancy.policy import Action

from .. import translate
from ..choices import RunStatus
from ..errors import PlanningError
from ..forms import (
    UrgencyDecisionForm,
    UrgencyStartForm,
    parse_period,
)
from ..rules import DECIDE
from ..selectors import urgency as selectors
from ..services import urgency as services
from .common import ensure_may, rights_of


@require_POST
@member_required(Action.SCENARIO_MANAGE)
def urgency_start(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    form = UrgencyStartForm(
        request.POST, municipality=municipality, settings=translate.settings_for(municipality)
    )
    if not form.is_valid():
        messages.error(request, _("Kies een initiatief."))
        return redirect("planning:scenarios")
    year, quarter = parse_period(form.cleaned_data["period"])
    urgency = services.urgency_request_start(
        initiative=form.cleaned_data["initiative"], by=request.user, year=year, quarter=quarter
    )
    return redirect(urgency)


@member_required()
def urgency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    urgency = selectors.urgency_get(user=request.user, pk=pk)
    rights = rights_of(request, urgency.municipality_id)
    form = None
    if rights["can_decide"] and urgency.status == RunStatus.DONE and not urgency.chosen:
        form = UrgencyDecisionForm(municipality=urgency.municipality)
    return render(request, "planning/urgency.html", {"urgency": urgency, "form": form, **rights})


@member_required()
def urgency_progress(request: HttpRequest, pk: int) -> HttpResponse:
    urgency = selectors.urgency_get(user=request.user, pk=pk, light=True)
    response = render(request, "planning/_urgency_progress.html", {"urgency": urgency})
    if not urgency.is_active and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@require_POST
@member_required()
def urgency_decide(request: HttpRequest, pk: int) -> HttpResponse:
    urgency = selectors.urgency_get(user=request.user, pk=pk)
    ensure_may(request, urgency.municipality_id, DECIDE)
    form = UrgencyDecisionForm(request.POST, municipality=urgency.municipality)
    if form.is_valid():
        try:
            services.urgency_decide(request=urgency, by=request.user, **form.cleaned_data)
        except PlanningError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Besluit vastgelegd."))
    else:
        messages.error(request, _("Kies een optie, een gremium en geef een motivering."))
    return redirect(urgency)
