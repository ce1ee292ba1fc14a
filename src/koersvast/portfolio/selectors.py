"""Reads of the portfolio, each with a fixed number of queries whatever its size."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.models import Municipality

from .choices import LifecycleState, WorkForm
from .models import Domain, Initiative


@dataclass
class PortfolioOverview:
    """Counts and budgets of one municipality's portfolio for the overview page."""

    total: int
    by_state: list[tuple[str, str, int]]
    by_domain: list[tuple[Domain, int, Decimal]]
    by_work_form: list[tuple[str, int]]
    urgent: int
    budget_total: Decimal
    running: int = field(default=0)


def portfolio_overview(*, municipality: Municipality) -> PortfolioOverview:
    """Aggregates by lifecycle state, domain and work form (four queries)."""
    initiatives = Initiative.objects.in_municipality(municipality)
    state_counts = dict(
        initiatives.values_list("state").annotate(n=Count("id")).values_list("state", "n")
    )
    domains = (
        Domain.objects.in_municipality(municipality)
        .annotate(
            n=Count("initiatives"),
            budget=Sum("initiatives__budget_capital") + Sum("initiatives__budget_operating"),
        )
        .order_by("order", "name")
    )
    form_counts = dict(
        initiatives.values_list("work_form").annotate(n=Count("id")).values_list("work_form", "n")
    )
    totals = initiatives.aggregate(capital=Sum("budget_capital"), operating=Sum("budget_operating"))
    return PortfolioOverview(
        total=sum(state_counts.values()),
        by_state=[(s.value, s.label, state_counts.get(s.value, 0)) for s in LifecycleState],
        by_domain=[(d, d.n, d.budget or Decimal(0)) for d in domains],
        by_work_form=[(f.label, form_counts.get(f.value, 0)) for f in WorkForm],
        urgent=initiatives.filter(has_political_urgency=True).count(),
        budget_total=(totals["capital"] or Decimal(0)) + (totals["operating"] or Decimal(0)),
        running=state_counts.get(LifecycleState.IN_PROGRESS.value, 0),
    )


def initiative_list(
    *, user: Any, municipality: Municipality, filters: dict[str, str]
) -> QuerySet[Initiative]:
    """The initiatives the user may see in the active municipality, filtered."""
    queryset = (
        Initiative.objects.for_user(user)
        .in_municipality(municipality)
        .select_related("domain", "taakveld")
        .order_by("reference")
    )
    if filters.get("domain"):
        queryset = queryset.filter(domain__code=filters["domain"])
    if filters.get("state"):
        queryset = queryset.filter(state=filters["state"])
    if filters.get("work_form"):
        queryset = queryset.filter(work_form=filters["work_form"])
    if filters.get("q"):
        queryset = queryset.filter(title__icontains=filters["q"]) | queryset.filter(
            reference__icontains=filters["q"]
        )
    return queryset


def initiative_get(*, user: Any, pk: int) -> Initiative:
    """One initiative the user may see, with its relations; 404 otherwise."""
    queryset = Initiative.objects.select_related(
        "domain",
        "taakveld",
        "municipality",
        "submitted_by",
        "political_sponsor",
        "official_sponsor",
        "contractor",
        "wsjf",
    ).prefetch_related("demands__pool")
    return get_for_user_or_404(queryset, user, pk=pk)
