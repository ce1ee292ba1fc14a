"""Marginal-value analyses of a scenario."""

from __future__ import annotations

from typing import Any

from koersvast.capacity.models import CapacityPool
from koersvast.finance.extra_cost import CostEffect, cost_effect
from koersvast.tenancy.access import get_for_user_or_404

from ..models import (
    MarginalAnalysis,
    Scenario,
)
from .results import EXPLOITATIE_POOL, free_exploitatie_room


def latest_analysis(scenario: Scenario) -> MarginalAnalysis | None:
    return scenario.analyses.select_related("pool").order_by("-pk").first()


def analysis_get(*, user: Any, pk: int) -> MarginalAnalysis:
    return get_for_user_or_404(
        MarginalAnalysis.objects.defer("result").select_related("scenario"), user, pk=pk
    )


def marginal_costs(*, analysis: MarginalAnalysis) -> dict[str, CostEffect]:
    """Per pool and exploitatie budget of the analysis' result: what one unit more (1 fte at
    the pool's cost per fte, or the budget step) costs per year of the run's horizon, all of it
    structural (it is added in every period), and what the free algemene middelen of the run's
    plan cover of it; a reserve covers nothing structural (decision 1103). Pools without a cost
    per fte and the krediet (investment volume, no exploitatie) are left out."""
    result = analysis.result or {}
    run = analysis.run
    if not result or run is None or not run.problem:
        return {}
    problem, solution = run.problem, run.solution or {}
    years = sorted({int(label[:4]) for label in problem.get("periods", [])})
    codes = [row["pool"] for row in result.get("marginal", [])]
    per_fte = dict(
        CapacityPool.objects.filter(
            municipality_id=analysis.municipality_id, code__in=codes
        ).values_list("code", "cost_per_fte")
    )
    amounts: dict[str, int] = {
        code: round(float(cost)) for code, cost in per_fte.items() if cost is not None
    }
    for row in result.get("budget", []):
        if row["pool"] == EXPLOITATIE_POOL:
            amounts[row["pool"]] = round(float(row["step_euro"]))
    if not amounts or not years:
        return {}
    room = {int(year): euro for year, euro in free_exploitatie_room(problem, solution).items()}
    # All of it is structural, which a reserve does not cover: no reserve room (nor its Monte
    # Carlo) is needed.
    return {
        pool: cost_effect(dict.fromkeys(years, amount), years, general_room=room)
        for pool, amount in amounts.items()
    }
