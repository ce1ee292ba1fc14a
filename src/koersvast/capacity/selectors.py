"""Reads of capacity: pools with their hours per quarter."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.models import Municipality

from .models import CapacityPool, PoolCapacity


@dataclass
class PoolRow:
    """A pool with its portfolio hours per period (None where no capacity is entered)."""

    pool: CapacityPool
    hours: list[Decimal | None]


def capacity_matrix(*, municipality: Municipality) -> tuple[list[str], list[PoolRow]]:
    """Periods (labels) and one row per pool with hours per period (two queries)."""
    pools = list(
        CapacityPool.objects.in_municipality(municipality).prefetch_related(
            Prefetch("capacities", queryset=PoolCapacity.objects.order_by("year", "quarter"))
        )
    )
    periods = sorted({(c.year, c.quarter) for pool in pools for c in pool.capacities.all()})
    rows = []
    for pool in pools:
        by_period = {
            (c.year, c.quarter): pool.portfolio_hours(c.fte) for c in pool.capacities.all()
        }
        rows.append(PoolRow(pool, [by_period.get(period) for period in periods]))
    return [f"{year}-Q{quarter}" for year, quarter in periods], rows


def pool_get(*, user: Any, pk: int) -> CapacityPool:
    return get_for_user_or_404(
        CapacityPool.objects.prefetch_related(
            Prefetch("capacities", queryset=PoolCapacity.objects.order_by("year", "quarter"))
        ),
        user,
        pk=pk,
    )
