"""The weerstandsvermogen: the page, the risks' financial effects and the beschikbare capaciteit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from koersvast.core.decorators import member_required
from koersvast.core.grids import read_grid
from koersvast.core.numbers import parse_amount
from koersvast.monitoring.models import Risk
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action

from .. import services
from ..forms import RiskEffectForm
from ..models import RiskEffect
from ..selectors import resistance as resistance_selectors
from ..selectors.estimate import default_budget_year
from ..selectors.resistance import resistance_capacities, risks_with_effects
from .common import FINANCE, ensure_allowed, requested_budget_year

# ---------------------------------------------------------------------------------------------
# Weerstandsvermogen


@member_required(Action.REPORTS_VIEW)
def weerstandsvermogen(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    year = requested_budget_year(request)
    result = resistance_selectors.weerstandsvermogen(municipality=municipality, year=year)
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
    ensure_allowed(services.may_manage(request.user, risk.municipality_id))
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
        {"risks": risks_with_effects(municipality=municipality)},
    )


@member_required(Action.FINANCE_MANAGE)
def resistance_edit(request: MemberRequest) -> HttpResponse:
    """Beschikbare weerstandscapaciteit per year, saved as a whole."""
    municipality = request.municipality
    first = default_budget_year() - 1
    entered = {row.year: row.amount for row in resistance_capacities(municipality=municipality)}
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
