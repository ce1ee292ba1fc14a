"""Requests for political urgency and the initiatives they (and levers) may point at."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from koersvast.portfolio.models import Initiative
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.models import Municipality

from ..models import (
    UrgencyRequest,
)


def urgent_candidates(*, municipality: Municipality) -> QuerySet[Initiative]:
    """Initiatives flagged with political urgency that are not finished or rejected."""
    return (
        Initiative.objects.in_municipality(municipality)
        .filter(has_political_urgency=True)
        .exclude(state__in=["afgerond", "batenrealisatie", "afgewezen", "gestopt"])
        .order_by("reference")
    )


def urgency_requests(*, municipality: Municipality) -> QuerySet[UrgencyRequest]:
    return (
        UrgencyRequest.objects.in_municipality(municipality)
        .select_related("initiative", "body")
        .defer("options")
    )


def urgency_get(*, user: Any, pk: int, light: bool = False) -> UrgencyRequest:
    queryset = UrgencyRequest.objects.select_related("initiative", "plan", "body", "decided_by")
    if light:
        queryset = queryset.defer("options")
    return get_for_user_or_404(queryset, user, pk=pk)


def plannable_initiatives(*, municipality: Municipality) -> QuerySet[Initiative]:
    """Initiatives a lever or an urgency request may point at (not finished or stopped)."""
    return (
        Initiative.objects.in_municipality(municipality)
        .exclude(state__in=["afgerond", "batenrealisatie", "afgewezen", "gestopt"])
        .only("pk", "reference", "title")
        .order_by("reference")
    )
