"""Marginal-value analyses of a scenario."""

from __future__ import annotations

from typing import Any

from koersvast.tenancy.access import get_for_user_or_404

from ..models import (
    MarginalAnalysis,
    Scenario,
)


def latest_analysis(scenario: Scenario) -> MarginalAnalysis | None:
    return scenario.analyses.select_related("pool").order_by("-pk").first()


def analysis_get(*, user: Any, pk: int) -> MarginalAnalysis:
    return get_for_user_or_404(
        MarginalAnalysis.objects.defer("result").select_related("scenario"), user, pk=pk
    )
