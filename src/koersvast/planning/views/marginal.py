"""Marginal value and the efficient frontier of a scenario."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from koersvast.capacity.models import BudgetCapacity, CapacityPool
from koersvast.core.decorators import member_required
from koersvast.portfolio.choices import BudgetKind
from koersvast.tenancy.policy import require

from .. import presenters
from ..choices import RunStatus
from ..errors import PlanningError
from ..rules import MANAGE
from ..selectors.marginal import analysis_get, latest_analysis, marginal_costs
from ..selectors.scenarios import scenario_get
from ..services import marginal as services
from .common import rights_of


@member_required()
def scenario_marginal(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = scenario_get(user=request.user, pk=pk)
    rights = rights_of(request, scenario.municipality_id)
    analysis = latest_analysis(scenario)
    result = analysis.result if analysis is not None and analysis.result else None
    pools = CapacityPool.objects.in_municipality(scenario.municipality).order_by("name")
    limited = set(
        BudgetCapacity.objects.in_municipality(scenario.municipality).values_list("kind", flat=True)
    )
    budgets = [(f"budget-{k.value}", k.label) for k in BudgetKind if k.value in limited]
    return render(
        request,
        "planning/marginal.html",
        {
            "scenario": scenario,
            "analysis": analysis,
            "result": result,
            "costs": marginal_costs(analysis=analysis) if result and analysis else {},
            "chart": presenters.frontier_chart(result["frontier"]) if result else None,
            "pools": pools,
            "budgets": budgets,
            "has_run": scenario.runs.filter(status=RunStatus.DONE).exists(),
            **rights,
        },
    )


@require_POST
@member_required()
def marginal_start(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = scenario_get(user=request.user, pk=pk)
    require(request.user, scenario.municipality_id, *MANAGE)
    pool_id = request.POST.get("pool", "")
    pool, budget_kind = None, ""
    if pool_id.isdigit():
        pool = (
            CapacityPool.objects.in_municipality(scenario.municipality).filter(pk=pool_id).first()
        )
    elif pool_id.startswith("budget-") and pool_id[7:] in BudgetKind.values:
        budget_kind = pool_id[7:]
    try:
        services.marginal_start(
            scenario=scenario, by=request.user, pool=pool, budget_kind=budget_kind
        )
    except PlanningError as error:
        messages.error(request, str(error))
    return redirect("planning:marginal", scenario.pk)


@member_required()
def marginal_progress(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = analysis_get(user=request.user, pk=pk)
    response = render(request, "planning/_marginal_progress.html", {"analysis": analysis})
    if not analysis.is_active and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response
