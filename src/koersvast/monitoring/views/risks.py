"""The risk register and the risk forms."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koersvast.core.decorators import member_required
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action

from .. import rules
from ..choices import RiskStatus
from ..forms.risks import RiskForm
from ..models import (
    Risk,
)
from ..selectors import risks as risk_selectors
from ..selectors.programmes import programme_list
from ..selectors.risks import heat_map
from ..services import risks as services
from .common import (
    ensure,
    initiative_or_404,
    paginate,
    scope_filters,
)


def risk_filters(request: HttpRequest) -> dict[str, str]:
    """The risk register's filters (active risks unless asked otherwise); also for the export."""
    filters = {"status": request.GET.get("status", "active").strip()}
    filters["programme"] = request.GET.get("programme", "")
    filters.update(scope_filters(request))
    return filters


@member_required(Action.PORTFOLIO_VIEW)
def risk_register(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    filters = risk_filters(request)
    risks = risk_selectors.risk_register(municipality=municipality, filters=filters)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "monitoring/risk_register.html",
        {
            "page": paginate(request, risks),
            "heat_map": heat_map(risks),
            "filters": filters,
            "statuses": RiskStatus.choices,
            "programmes": programme_list(municipality=municipality),
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
    initiative = initiative_or_404(request, pk)
    ensure(rules.may_report(request.user, initiative))
    risk = Risk(
        municipality_id=initiative.municipality_id,
        initiative=initiative,
        owner=initiative.contractor,
    )
    return _risk_form(request, risk, initiative_url(initiative))


@member_required(Action.INITIATIVE_MANAGE)
def risk_create_portfolio(request: MemberRequest) -> HttpResponse:
    risk = Risk(municipality=request.municipality)
    return _risk_form(request, risk, "monitoring:risks")


@member_required()
def risk_edit(request: HttpRequest, pk: int) -> HttpResponse:
    risk = get_for_user_or_404(Risk.objects.select_related("initiative"), request.user, pk=pk)
    ensure(rules.may_edit_risk(request.user, risk))
    back = initiative_url(risk.initiative) if risk.initiative else "monitoring:risks"
    return _risk_form(request, risk, back)


def initiative_url(initiative: Initiative) -> str:
    from django.urls import reverse

    return reverse("monitoring:initiative", args=[initiative.pk])


@member_required()
@require_POST
def risks_from_advice(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = initiative_or_404(request, pk)
    ensure(rules.may_report(request.user, initiative))
    created = services.risks_from_advice(initiative=initiative, by=request.user)
    messages.success(
        request, _("%(n)s risico's uit de intake-adviezen overgenomen.") % {"n": len(created)}
    )
    return redirect(initiative_url(initiative))
