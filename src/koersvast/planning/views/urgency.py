"""Political urgency: ask for the options, follow the computation, decide, and the decision
document (printable page and PDF)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koersvast.core.decorators import member_required
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action, require

from .. import translate
from ..choices import RunStatus
from ..errors import PlanningError
from ..forms import (
    UrgencyDecisionForm,
    UrgencyStartForm,
    chosen_quarter,
)
from ..models import UrgencyRequest
from ..rules import DECIDE
from ..selectors import urgency as selectors
from ..services import urgency as services
from .common import rights_of


@require_POST
@member_required(Action.SCENARIO_MANAGE)
def urgency_start(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    form = UrgencyStartForm(
        request.POST, municipality=municipality, settings=translate.settings_for(municipality)
    )
    if not form.is_valid():
        messages.error(request, _("Kies een initiatief."))
        return redirect("planning:scenarios")
    year, quarter = chosen_quarter(form.cleaned_data["period"])
    urgency = services.urgency_request_start(
        initiative=form.cleaned_data["initiative"], by=request.user, year=year, quarter=quarter
    )
    return redirect(urgency)


@member_required()
def urgency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    urgency = selectors.urgency_get(user=request.user, pk=pk)
    rights = rights_of(request, urgency.municipality_id)
    # Those who may decide are warned before they pick an option, also when the portfolio's
    # figures changed so that an option no longer fits (deciding would refuse it).
    stale = services.stale_reason(urgency, data=rights["can_decide"])
    form = None
    if (
        rights["can_decide"]
        and urgency.status == RunStatus.DONE
        and not urgency.chosen
        and not stale
    ):
        form = UrgencyDecisionForm(municipality=urgency.municipality, options=urgency.options)
    return render(
        request,
        "planning/urgency.html",
        {
            "urgency": urgency,
            "form": form,
            "stale": stale,
            "cost": selectors.urgency_extra_cost(urgency=urgency),
            **rights,
        },
    )


@member_required(object_actions=DECIDE)
def urgency_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Whether the options still hold, re-checked while the request page is open (polled): a
    plan adopted or figures changed meanwhile give the warning before an option is picked."""
    urgency = selectors.urgency_get(user=request.user, pk=pk)
    require(request.user, urgency.municipality_id, *DECIDE)
    stale = services.stale_reason(urgency, data=True)
    return render(
        request,
        "planning/_urgency_stale.html",
        {"urgency": urgency, "stale": stale, "can_decide": True, "checked": True},
    )


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
    require(request.user, urgency.municipality_id, *DECIDE)
    form = UrgencyDecisionForm(
        request.POST, municipality=urgency.municipality, options=urgency.options
    )
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


@require_POST
@member_required()
def urgency_recompute(request: HttpRequest, pk: int) -> HttpResponse:
    """Compute the options again against the current plan of record."""
    urgency = selectors.urgency_get(user=request.user, pk=pk, light=True)
    require(request.user, urgency.municipality_id, *DECIDE)
    try:
        services.urgency_recompute(request=urgency, by=request.user)
    except PlanningError as error:
        messages.error(request, str(error))
    return redirect(urgency)


def _document_context(request: HttpRequest, urgency: UrgencyRequest) -> dict[str, Any]:
    return {
        "urgency": urgency,
        "document": selectors.urgency_document(urgency=urgency),
        "municipality": urgency.municipality,
        "today": timezone.localdate(),
    }


@member_required()
def urgency_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision document: the options side by side, printable (attach to a voorstel)."""
    urgency = selectors.urgency_get(user=request.user, pk=pk)
    return render(request, "planning/urgency_document.html", _document_context(request, urgency))


@member_required()
def urgency_document_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision document as PDF (WeasyPrint, like the P&C reports; small: made at once)."""
    from koersvast.reports.pdf import PdfUnavailableError, render_pdf

    urgency = selectors.urgency_get(user=request.user, pk=pk)
    if urgency.status != RunStatus.DONE:
        messages.error(request, _("De opties zijn nog niet doorgerekend."))
        return redirect("planning:urgency_document", pk=urgency.pk)
    title = _("Besluitdocument urgent verzoek %(ref)s") % {"ref": urgency.initiative.reference}
    body = render_to_string(
        "planning/_urgency_document.html", _document_context(request, urgency), request=request
    )
    try:
        content = render_pdf(body_html=body, title=title, municipality=urgency.municipality.name)
    except PdfUnavailableError as error:
        messages.error(request, str(error))
        return redirect("planning:urgency_document", pk=urgency.pk)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slugify(title)}.pdf"'
    return response
