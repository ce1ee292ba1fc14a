"""The monitoring overview and the meaning of the RAG colours."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from koersvast.core import figures
from koersvast.core.decorators import member_required
from koersvast.planning.selectors.drift import plan_drift
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action

from ..choices import Aspect
from ..forms.reports import RagDefinitionForm
from ..selectors.overview import monitoring_overview
from ..selectors.reports import (
    attach_latest_reports,
    rag_definitions,
    running_initiatives,
)
from ..services import reports as services
from .common import (
    local_today,
    paginate,
    scope_filters,
)


@member_required(Action.PORTFOLIO_VIEW)
def index(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    running = running_initiatives(
        municipality=municipality,
        filters=scope_filters(request, "rag", "overdue"),
        today=local_today(),
    )
    page = paginate(request, running)
    attach_latest_reports(list(page.object_list))
    today = local_today()
    overview = figures.cached(
        "monitoring",
        municipality.pk,
        (today,),
        lambda: monitoring_overview(municipality=municipality, today=today),
    )
    drift = figures.cached(
        "plan_drift",
        municipality.pk,
        (today,),
        lambda: plan_drift(municipality_id=municipality.pk, today=today),
    )
    return render(
        request,
        "monitoring/index.html",
        {"page": page, "overview": overview, "aspects": Aspect.choices, "drift": drift},
    )


@member_required(Action.INITIATIVE_MANAGE)
def rag_settings(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    initial = {colour: meaning for colour, _l, meaning in rag_definitions(municipality.pk)}
    form = RagDefinitionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.rag_definitions_set(
            municipality_id=municipality.pk, meanings=form.cleaned_data, by=request.user
        )
        messages.success(request, _("Betekenis van de kleuren opgeslagen."))
        return redirect("monitoring:index")
    return render(request, "monitoring/settings.html", {"form": form})
