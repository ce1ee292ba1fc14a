"""Budget lines of an initiative and their roll-up per begrotingsprogramma or taakveld."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    F,
    QuerySet,
    Sum,
)

from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality

from ..models import (
    BudgetLine,
)


def budget_lines(*, initiative: Initiative) -> QuerySet[BudgetLine]:
    return BudgetLine.objects.filter(initiative=initiative).order_by("year", "kind")


def budget_rollup(*, municipality: Municipality, by: str) -> list[dict[str, Any]]:
    """Planned, actual and forecast per year and kind, per begrotingsprogramma or taakveld."""
    key = {"programma": "initiative__budget_programme", "taakveld": "initiative__taakveld__code"}[
        by
    ]
    sums = {
        "planned": Sum("planned"),
        "actual": Sum("actual"),
        "forecast": Sum("forecast"),
    }
    return list(
        BudgetLine.objects.in_municipality(municipality)
        .order_by()
        .values(key, "year", "kind")
        .annotate(**sums)
        .annotate(group=F(key))
        .order_by(key, "year", "kind")
    )
