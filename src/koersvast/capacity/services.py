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

from .models import BudgetCapacity, CapacityPool, DecidedChange, PoolCapacity


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


# --- decided changes (a decision of a body, e.g. adopting a plan) ----------------------------
# The decision checked the right to decide; these are called from inside its transaction.


def _quarter(index: int) -> tuple[int, int]:
    return index // 4, index % 4 + 1


def decided_capacity_change(
    *,
    pool: CapacityPool,
    year: int,
    quarter: int,
    fte: Decimal,
    through: tuple[int, int],
    decision: Any,
    description: str,
    only_through: bool = False,
) -> DecidedChange:
    """Add `fte` to the pool's formation from (year, quarter) on, through `through` or the last
    entered quarter (whichever is later; with `only_through`, exactly through `through`: a
    temporary change), and record the change with its decision.

    A quarter without an entry takes the formation the optimiser would assume there (the
    nearest earlier entry, else the first one), so the figure read later equals the one the
    decision was based on plus the change.
    """
    rows = {
        (c.year, c.quarter): c
        for c in PoolCapacity.objects.select_for_update()
        .filter(pool=pool)
        .order_by("year", "quarter")
    }
    known = sorted(rows)
    # The figures before this change (the rows are changed in place below).
    original = {key: row.fte for key, row in rows.items()}
    first = year * 4 + quarter - 1
    last = through[0] * 4 + through[1] - 1
    if not only_through:
        last = max([last] + [y * 4 + q - 1 for y, q in known])
    for index in range(first, last + 1):
        key = _quarter(index)
        current = rows.get(key)
        if current is not None:
            base = current.fte
        else:
            earlier = [k for k in known if k <= key]
            base = original[earlier[-1]] if earlier else (original[known[0]] if known else 0)
        value = max(Decimal(0), Decimal(base) + fte)
        if current is None:
            PoolCapacity.objects.create(
                municipality_id=pool.municipality_id,
                pool=pool,
                year=key[0],
                quarter=key[1],
                fte=value,
            )
        elif current.fte != value:
            current.fte = value
            current.save()
    after = _quarter(last + 1)
    if only_through and known and after not in rows:
        # The quarter after a temporary change keeps the formation it had: without an entry
        # it would take the changed figure of the nearest earlier quarter.
        earlier = [k for k in known if k <= after]
        PoolCapacity.objects.create(
            municipality_id=pool.municipality_id,
            pool=pool,
            year=after[0],
            quarter=after[1],
            fte=original[earlier[-1]] if earlier else original[known[0]],
        )
    return DecidedChange.objects.create(
        municipality_id=pool.municipality_id,
        pool=pool,
        year=year,
        quarter=quarter,
        fte=fte,
        decision=decision,
        description=description[:300],
    )


def decided_budget_change(
    *,
    municipality_id: int,
    kind: str,
    year: int,
    amount: Decimal,
    through: int,
    decision: Any,
    description: str,
    only_through: bool = False,
) -> DecidedChange:
    """Add `amount` to the budget room of a kind for every year from `year` through `through`
    (or the last entered year; with `only_through`, exactly through `through`) and record the
    change with its decision.

    A kind without any budget room is not limited, and stays so: only the change is recorded.
    """
    rows = {
        b.year: b
        for b in BudgetCapacity.objects.select_for_update().filter(
            municipality_id=municipality_id, kind=kind
        )
    }
    if rows:
        known = sorted(rows)
        original = {each: row.amount for each, row in rows.items()}
        for each in range(year, (through if only_through else max([through, *known])) + 1):
            current = rows.get(each)
            earlier = [y for y in known if y <= each]
            base = original[each] if current else original[earlier[-1] if earlier else known[0]]
            value = max(Decimal(0), base + amount)
            if current is None:
                BudgetCapacity.objects.create(
                    municipality_id=municipality_id, kind=kind, year=each, amount=value
                )
            elif current.amount != value:
                current.amount = value
                current.save()
        if only_through and through + 1 not in rows:
            earlier = [y for y in known if y <= through + 1]
            BudgetCapacity.objects.create(
                municipality_id=municipality_id,
                kind=kind,
                year=through + 1,
                amount=original[earlier[-1] if earlier else known[0]],
            )
    return DecidedChange.objects.create(
        municipality_id=municipality_id,
        budget_kind=kind,
        year=year,
        quarter=1,
        amount=amount,
        decision=decision,
        description=description[:300],
    )
