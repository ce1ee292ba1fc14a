"""Capacity writes: pools, their formation per quarter and the budget room per year, each in one
transaction."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action, can

from .models import BudgetCapacity, CapacityPool, PoolCapacity


def _require(user: Any, municipality_id: int) -> None:
    if not can(user, municipality_id, Action.CAPACITY_MANAGE):
        raise PermissionDenied


@transaction.atomic
def pool_save(*, pool: CapacityPool, by: Any) -> CapacityPool:
    """Create or edit a capacity pool (competentieteam)."""
    _require(by, pool.municipality_id)
    pool.full_clean()
    pool.save()
    return pool


@transaction.atomic
def capacity_set(
    *, pool: CapacityPool, fte: Mapping[tuple[int, int], Decimal | None], by: Any
) -> int:
    """Set the formation per quarter; None removes a quarter's entry. Returns the changes."""
    _require(by, pool.municipality_id)
    existing = {
        (c.year, c.quarter): c for c in PoolCapacity.objects.select_for_update().filter(pool=pool)
    }
    changes = 0
    for (year, quarter), value in sorted(fte.items()):
        current = existing.get((year, quarter))
        if value is None:
            if current is not None:
                current.delete()
                changes += 1
        elif current is None:
            PoolCapacity.objects.create(
                municipality_id=pool.municipality_id,
                pool=pool,
                year=year,
                quarter=quarter,
                fte=value,
            )
            changes += 1
        elif current.fte != value:
            current.fte = value
            current.save()
            changes += 1
    return changes


@transaction.atomic
def budget_set(
    *,
    municipality: Municipality,
    amounts: Mapping[tuple[str, int], Decimal | None],
    by: Any,
) -> int:
    """Set the budget room per (kind, year); None removes an entry. Returns the changes."""
    _require(by, municipality.pk)
    existing = {
        (b.kind, b.year): b
        for b in BudgetCapacity.objects.select_for_update().filter(municipality=municipality)
    }
    changes = 0
    for (kind, year), amount in sorted(amounts.items()):
        current = existing.get((kind, year))
        if amount is None:
            if current is not None:
                current.delete()
                changes += 1
        elif current is None:
            BudgetCapacity.objects.create(
                municipality=municipality, kind=kind, year=year, amount=amount
            )
            changes += 1
        elif current.amount != amount:
            current.amount = amount
            current.save()
            changes += 1
    return changes
