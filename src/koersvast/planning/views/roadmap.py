"""The plan of record: capacity heat map (with drill-down) and roadmap (with a what-if move)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from koersvast.core.decorators import member_required
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action, require

from ..errors import PlanningError
from ..forms import DecisionForm
from ..rules import DECIDE
from ..selectors import roadmap as roadmap_selectors
from ..selectors.plan import current_version, version_get, version_history
from ..selectors.results import heat_rows
from ..selectors.roadmap import (
    heat_cell,
    move_preview,
    paused_initiatives,
    plan_run,
    roadmap_items,
)
from ..services import adoption
from .common import rights_of


@member_required(Action.CAPACITY_VIEW)
def capacity_map(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    plan, run = plan_run(municipality=municipality)
    return render(
        request,
        "planning/capacity_map.html",
        {
            "plan": plan,
            "version": current_version(municipality.pk),
            "run": run,
            "rows": heat_rows(run.problem, run.solution or {}) if run and run.problem else [],
            "periods": (run.problem or {}).get("periods", []) if run else [],
        },
    )


@member_required(Action.CAPACITY_VIEW)
def capacity_cell(request: MemberRequest, pool: str, period: int) -> HttpResponse:
    municipality = request.municipality
    plan, run = plan_run(municipality=municipality)
    cell = heat_cell(run, pool, period) if run is not None else None
    if cell is None:
        raise Http404
    return render(request, "planning/capacity_cell.html", {"plan": plan, "run": run, "cell": cell})


@member_required(Action.CAPACITY_VIEW)
def roadmap(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    plan, run = plan_run(municipality=municipality)
    preview = None
    moving = request.GET.get("initiatief", "")
    if run is not None and moving:
        periods = (run.problem or {}).get("periods", [])
        start = request.GET.get("start", "")
        if start in periods:
            preview = move_preview(run, moving, periods.index(start))
    version = current_version(municipality.pk)
    items = roadmap_items(version.pk if version else None)
    return render(
        request,
        "planning/roadmap.html",
        {
            "plan": plan,
            "version": version,
            "run": run,
            "roadmap": roadmap_selectors.roadmap(run, items, paused_initiatives(municipality))
            if run is not None
            else None,
            "preview": preview,
            "moving": moving,
        },
    )


@member_required(Action.CAPACITY_VIEW)
def plan_versions(request: MemberRequest) -> HttpResponse:
    """Every adopted version of the plan, newest (the plan of record) first."""
    municipality = request.municipality
    return render(
        request,
        "planning/plan_versions.html",
        {
            "versions": version_history(municipality.pk),
            **rights_of(request, municipality.pk),
        },
    )


@member_required()
def plan_version_readopt(request: HttpRequest, pk: int) -> HttpResponse:
    """Adopt an earlier version again through a recorded decision (a new version)."""
    version = version_get(user=request.user, pk=pk)
    require(request.user, version.municipality_id, *DECIDE)
    form = DecisionForm(request.POST or None, municipality=version.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            adoption.plan_version_readopt(version=version, by=request.user, **form.cleaned_data)
        except PlanningError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(label)s is opnieuw vastgesteld, als nieuwe versie van het plan.")
                % {"label": version.label},
            )
            return redirect("planning:plan_versions")
    return render(
        request,
        "planning/plan_version_readopt.html",
        {"version": version, "form": form, "current": current_version(version.municipality_id)},
    )
