"""Runs of a scenario, their comparison, and adoption as the plan of record."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koersvast.core.decorators import member_required
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action, require

from ..errors import PlanningError
from ..forms import (
    DecisionForm,
)
from ..levers import kind_of
from ..models import ScenarioRun
from ..rules import DECIDE, MANAGE
from ..selectors.comparison import comparison
from ..selectors.digest import run_documents
from ..selectors.plan import current_version
from ..selectors.results import candidate_rows
from ..selectors.scenarios import (
    latest_runs,
    plan_of_record,
    run_get,
    scenario_get,
    scenarios_overview,
)
from ..services import adoption as services
from ..services.runs import scenario_run_start


@require_POST
@member_required()
def run_start(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = scenario_get(user=request.user, pk=pk)
    require(request.user, scenario.municipality_id, *MANAGE)
    scenario_run_start(scenario=scenario, by=request.user)
    return redirect(scenario)


@member_required()
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The small partial the scenario page polls while a run is queued or running."""
    run = run_get(user=request.user, pk=pk)
    response = render(request, "planning/_run_progress.html", {"run": run})
    if not run.is_active and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@member_required()
def scenario_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = scenario_get(user=request.user, pk=pk)
    require(request.user, scenario.municipality_id, *DECIDE)
    form = DecisionForm(request.POST or None, municipality=scenario.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.scenario_adopt(scenario=scenario, by=request.user, **form.cleaned_data)
        except PlanningError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Het scenario is vastgesteld als het nieuwe plan."))
            return redirect(scenario)
    _newest, done = latest_runs(scenario)
    return render(
        request,
        "planning/adopt.html",
        {
            "scenario": scenario,
            "run": done,
            "form": form,
            "plan": plan_of_record(scenario.municipality_id),
            "version": current_version(scenario.municipality_id),
            # Candidates from the backlog that would fit: named, never admitted by adopting.
            **_candidates(done),
            # What adopting makes real: the capacity and budget levers not yet realised.
            "changes": [
                lever
                for lever in scenario.levers.select_related("pool")
                if kind_of(lever.kind).realised_on_adoption and not lever.realised
            ],
        },
    )


def _candidates(run: ScenarioRun | None) -> dict[str, Any]:
    rows = candidate_rows(*run_documents(run)) if run is not None else None
    return {"candidates": rows, "candidates_fitting": [row for row in rows or [] if row.start]}


@member_required(Action.SCENARIO_MANAGE)
def scenario_compare(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    ids = [int(i) for i in request.GET.getlist("s") if i.isdigit()]
    scenarios = scenarios_overview(municipality=municipality)
    if not ids:
        ids = [s.pk for s in scenarios[:3]]
    return render(
        request,
        "planning/compare.html",
        {
            "comparison": comparison(municipality=municipality, ids=ids),
            "scenarios": scenarios,
            "chosen": ids,
        },
    )
