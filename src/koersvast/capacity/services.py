"""Capacity writes: pools, their formation per quarter and the budget room per year, each in one
transaction."""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
    rows = PoolCapacity.objects.select_for_update().filter(pool=pool)
    return _apply(
        {(c.year, c.quarter): c for c in rows},
        fte,
        "fte",
        lambda key, value: PoolCapacity.objects.create(
            municipality_id=pool.municipality_id,
            pool=pool,
            year=key[0],
            quarter=key[1],
            fte=value,
        ),
    )


@transaction.atomic
def budget_set(
    *,
    municipality: Municipality,
    amounts: Mapping[tuple[str, int], Decimal | None],
    by: Any,
) -> int:
    """Set the budget room per (kind, year); None removes an entry. Returns the changes."""
    _require(by, municipality.pk)
    rows = BudgetCapacity.objects.select_for_update().filter(municipality=municipality)
    return _apply(
        {(b.kind, b.year): b for b in rows},
        amounts,
        "amount",
        lambda key, value: BudgetCapacity.objects.create(
            municipality=municipality, kind=key[0], year=key[1], amount=value
        ),
    )


def _apply(
    existing: Mapping[Any, Any],
    values: Mapping[Any, Decimal | None],
    field: str,
    create: Callable[[Any, Decimal], Any],
) -> int:
    """Make the rows match `values` per key (None: no row); one save per real change."""
    changes = 0
    for key, value in sorted(values.items()):
        current = existing.get(key)
        if value is None:
            if current is not None:
                current.delete()
                changes += 1
        elif current is None:
            create(key, value)
            changes += 1
        elif getattr(current, field) != value:
            setattr(current, field, value)
            current.save()
            changes += 1
    return changes
