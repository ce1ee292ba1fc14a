"""Does it fit the plan? The fit check panel of the admission decision form (intake), loaded and
polled with htmx; without JavaScript the form's page links here."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from koersvast.core.decorators import member_required
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.policy import require

from ..errors import PlanningError
from ..models import AdmissionCheck
from ..rules import DECIDE
from ..selectors import admission as selectors
from ..selectors.scenarios import plan_of_record
from ..services import admission as services


def _panel(
    request: HttpRequest, initiative: Initiative, check: AdmissionCheck | None, error: str = ""
) -> HttpResponse:
    context: dict[str, Any] = {
        "initiative": initiative,
        "check": check,
        "has_plan": plan_of_record(initiative.municipality_id) is not None,
        "outdated": check is not None and services.is_outdated(check),
        "error": error,
    }
    # htmx swaps the panel into the decision form; without JavaScript it is a page of its own.
    fragment = request.headers.get("HX-Request")
    template = "planning/_admission_fit.html" if fragment else "planning/admission_fit_page.html"
    return render(request, template, context)


@member_required(object_actions=DECIDE)
def admission_fit(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the panel with the latest fit check; POST: compute it (again), in the background."""
    initiative = selectors.initiative_get(user=request.user, pk=pk)
    require(request.user, initiative.municipality_id, *DECIDE)
    error = ""
    if request.method == "POST":
        try:
            services.admission_check_start(initiative=initiative, by=request.user)
        except PlanningError as exc:
            error = str(exc)
        if not request.headers.get("HX-Request"):
            if error:
                messages.error(request, error)
            return redirect("planning:admission_fit", initiative.pk)
    return _panel(request, initiative, selectors.latest_check(initiative), error)


@member_required(object_actions=DECIDE)
def admission_fit_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The panel of one check while it is computed (polled every second), then its result."""
    check = selectors.check_get(user=request.user, pk=pk)
    require(request.user, check.municipality_id, *DECIDE)
    return _panel(request, check.initiative, check)
