"""The risk register and its probability × impact heat map."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Count,
    Q,
    QuerySet,
)

from koersvast.tenancy.models import Municipality

from ..choices import (
    ACTIVE_RISK_STATUSES,
)
from ..models import (
    Risk,
)
from .scope import scope

SCALE = range(1, 6)


def risk_register(
    *, municipality: Municipality, filters: dict[str, str] | None = None
) -> QuerySet[Risk]:
    filters = filters or {}
    queryset = (
        Risk.objects.in_municipality(municipality)
        .select_related("initiative", "programme", "owner")
        .order_by("-score", "title", "pk")
    )
    status = filters.get("status", "active")
    if status == "active":
        queryset = queryset.filter(status__in=ACTIVE_RISK_STATUSES)
    elif status:
        queryset = queryset.filter(status=status)
    if filters.get("programme", "").isdigit():
        programme_id = int(filters["programme"])
        queryset = queryset.filter(
            Q(programme_id=programme_id) | Q(initiative__programme_link__programme_id=programme_id)
        )
    if filters.get("opgave", "").isdigit():
        opgave_id = int(filters["opgave"])
        queryset = queryset.filter(
            Q(programme__opgave_id=opgave_id)
            | Q(initiative__programme_link__programme__opgave_id=opgave_id)
        )
    # The other scope keys select risks through their initiative (as on the dashboard).
    others = {key: filters[key] for key in ("domain", "owner", "period") if filters.get(key)}
    if others:
        queryset = queryset.filter(scope(others, "initiative__"))
    return queryset


@dataclass
class HeatMap:
    """Counts of risks per probability × impact cell, highest probability first."""

    rows: list[tuple[int, list[tuple[int, int, int]]]]  # probability, [(impact, score, count)]
    total: int


def heat_map(risks: QuerySet[Risk]) -> HeatMap:
    counts = {
        (p, i): n
        for p, i, n in risks.order_by()
        .values("probability", "impact")
        .annotate(n=Count("pk"))
        .values_list("probability", "impact", "n")
    }
    rows = [(p, [(i, p * i, counts.get((p, i), 0)) for i in SCALE]) for p in reversed(SCALE)]
    return HeatMap(rows=rows, total=sum(counts.values()))


def top_risks(*, municipality: Municipality, limit: int = 10) -> list[Risk]:
    return list(risk_register(municipality=municipality)[:limit])
