"""Reads of capacity: pools with their hours per quarter, and the budget room per year."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from koersvast.monitoring.choices import BudgetKind
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.models import Municipality

from .models import BudgetCapacity, CapacityPool, DecidedChange, PoolCapacity


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


@dataclass
class BudgetRow:
    """One kind of budget (krediet or exploitatie) with its amount per year (None: not set)."""

    kind: str
    label: str
    amounts: list[Decimal | None]

    @property
    def is_set(self) -> bool:
        return any(a is not None for a in self.amounts)


def budget_matrix(
    *, municipality: Municipality, years: list[int]
) -> tuple[list[int], list[BudgetRow]]:
    """The given years plus every year with an entry, and one row per kind (one query)."""
    entered = {
        (b.kind, b.year): b.amount
        for b in BudgetCapacity.objects.in_municipality(municipality).only("kind", "year", "amount")
    }
    all_years = sorted(set(years) | {year for _kind, year in entered})
    rows = [
        BudgetRow(kind.value, str(kind.label), [entered.get((kind.value, y)) for y in all_years])
        for kind in BudgetKind
    ]
    return all_years, rows


def decided_changes(*, municipality: Municipality) -> list[DecidedChange]:
    """The capacity and budget changes that decisions made, newest first, with the decision,
    its body and the plan version it adopted (one query)."""
    return list(
        DecidedChange.objects.in_municipality(municipality)
        .select_related("pool", "decision__body", "decision__plan_version")
        .order_by("-pk")
    )
