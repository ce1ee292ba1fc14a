"""Asking, giving and answering expert advice."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koersvast.core.decorators import member_required
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.policy import Action

from ..forms.advice import AdviceForm, AdviceRequestForm, AdviceResponseForm
from ..models import Advice, AdviceKind
from ..services import advice as advice_services
from ..services.advice import may_give_advice, may_respond
from ..services.common import IntakeError
from .common import initiative_for


@member_required(object_actions=(Action.INITIATIVE_MANAGE,))
@require_POST
def advice_request(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = initiative_for(request, pk, Action.INITIATIVE_MANAGE)
    kinds = AdviceKind.objects.in_municipality(initiative.municipality).active()
    form = AdviceRequestForm(request.POST, kinds=list(kinds))
    if form.is_valid():
        advice_services.advice_request(
            initiative=initiative, kinds=form.cleaned_data["kinds"], by=request.user
        )
        messages.success(request, _("Advies gevraagd; de adviseurs zijn op de hoogte gebracht."))
    else:
        messages.error(request, _("Kies ten minste één soort advies."))
    return redirect(initiative.get_absolute_url())


@member_required()
@require_POST
def advice_respond(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner's response to a given advice."""
    advice = get_for_user_or_404(Advice.objects.select_related("initiative"), request.user, pk=pk)
    if not may_respond(request.user, advice.initiative):
        raise PermissionDenied
    form = AdviceResponseForm(request.POST)
    try:
        advice_services.advice_respond(
            advice=advice,
            by=request.user,
            response=form.data.get("response", "") if form.is_valid() else "",
        )
        messages.success(request, _("Reactie op het advies vastgelegd."))
    except IntakeError as error:
        messages.error(request, str(error))
    return redirect(advice.initiative.get_absolute_url())


@member_required()
def advice_give(request: HttpRequest, pk: int) -> HttpResponse:
    advice = get_for_user_or_404(
        Advice.objects.with_kind_names().select_related("initiative"), request.user, pk=pk
    )
    if not may_give_advice(request.user, advice):  # the role that gives this kind
        raise PermissionDenied
    initial = {k: getattr(advice, k) for k in ("verdict", "explanation", "conditions", "risks")}
    form = AdviceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            advice_services.advice_give(advice=advice, by=request.user, **form.cleaned_data)
            messages.success(request, _("Advies vastgelegd."))
            return redirect(advice.initiative.get_absolute_url())
        except IntakeError as error:
            form.add_error("conditions", str(error))
    return render(request, "intake/advice_form.html", {"form": form, "advice": advice})
