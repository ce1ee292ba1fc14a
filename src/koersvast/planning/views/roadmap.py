"""The plan of record: capacity heat map (with drill-down) and roadmap (with a what-if move)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from koersvast.core.decorators import member_required
from koersvast.tenancy.policy import Action

from ..selectors import roadmap as roadmap_selectors
from ..selectors.plan import current_version
from ..selectors.results import heat_rows
from ..selectors.roadmap import heat_cell, move_preview, plan_run, roadmap_items


@member_required(Action.CAPACITY_VIEW)
def capacity_map(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
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
def capacity_cell(request: HttpRequest, pool: str, period: int) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    plan, run = plan_run(municipality=municipality)
    cell = heat_cell(run, pool, period) if run is not None else None
    if cell is None:
        raise Http404
    return render(request, "planning/capacity_cell.html", {"plan": plan, "run": run, "cell": cell})


@member_required(Action.CAPACITY_VIEW)
def roadmap(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
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
            "roadmap": roadmap_selectors.roadmap(run, items) if run is not None else None,
            "preview": preview,
            "moving": moving,
        },
    )
