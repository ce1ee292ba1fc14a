"""The meerjarenraming in a chosen version, the adopted budget versions of a year and the draft
begrotingswijziging of a P&C moment."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from koersvast.core.decorators import member_required
from koersvast.reports.choices import CycleMoment
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action

from .. import services
from ..forms import CouncilDecisionForm
from ..selectors.amendment import amendment_draft
from ..selectors.estimate import filter_options
from ..selectors.versions import PROGNOSE, budget_versions, version_label, versioned_raming
from .common import ensure_allowed, requested_budget_year, requested_filters


@member_required(Action.PORTFOLIO_VIEW)
def meerjarenraming(request: MemberRequest) -> HttpResponse:
    """The meerjarenraming in a chosen version (?versie=prognose|realisatie|<pk>) and its
    difference with the previous version."""
    municipality = request.municipality
    budget_year = requested_budget_year(request)
    filters = requested_filters(request)
    versioned = versioned_raming(
        municipality=municipality,
        budget_year=budget_year,
        filters=filters,
        choice=request.GET.get("versie", "").strip() or PROGNOSE,
    )
    return render(
        request,
        "finance/meerjarenraming.html",
        {
            "raming": versioned.raming,
            "versioned": versioned,
            "budget_year": budget_year,
            "filters": filters,
            "options": filter_options(municipality),
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
    ensure_allowed(may_manage)
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
    budget_year = requested_budget_year(request)
    may_manage = services.may_manage(request.user, municipality.pk)
    versions = budget_versions(municipality=municipality, budget_year=budget_year)
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
            "versions": [(v, version_label(v, versions)) for v in versions],
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
    budget_year = requested_budget_year(request)
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
    draft = amendment_draft(municipality=municipality, budget_year=budget_year, moment=moment)
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
