"""Capacity writes: pools, their formation per quarter and the budget room per year; people,
their leave and their allocation to initiatives; each in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from koersvast.core.periods import Quarter
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action, require

from .models import (
    Allocation,
    BudgetCapacity,
    CapacityPool,
    DecidedChange,
    Leave,
    Person,
    PersonFte,
    PoolCapacity,
)


@transaction.atomic
def pool_save(*, pool: CapacityPool, by: Any) -> CapacityPool:
    """Create or edit a capacity pool (competentieteam)."""
    require(by, pool.municipality_id, Action.CAPACITY_MANAGE)
    pool.full_clean()
    pool.save()
    return pool


@transaction.atomic
def capacity_set(
    *, pool: CapacityPool, fte: Mapping[tuple[int, int], Decimal | None], by: Any
) -> int:
    """Set the formation per quarter; None removes a quarter's entry. Returns the changes."""
    require(by, pool.municipality_id, Action.CAPACITY_MANAGE)
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
    require(by, municipality.pk, Action.CAPACITY_MANAGE)
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
    first = Quarter(year, quarter).ordinal
    last = Quarter(*through).ordinal
    if not only_through:
        last = max([last] + [Quarter(*k).ordinal for k in known])
    for index in range(first, last + 1):
        key = Quarter.from_ordinal(index)
        current = rows.get(key)
        base: Decimal | int
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
    after = Quarter.from_ordinal(last + 1)
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


# --- named people and their allocation (decision 0406) ----------------------------------------


@transaction.atomic
def person_save(
    *,
    person: Person,
    fte_periods: Mapping[tuple[int, int], Decimal | None] | None = None,
    by: Any,
) -> Person:
    """Create or edit a person of a pool, with their fte per quarter where it differs from
    their part-time factor (None removes a quarter's figure)."""
    require(by, person.municipality_id, Action.CAPACITY_MANAGE)
    if person.is_anonymised:
        raise PermissionDenied
    person.full_clean()
    person.save()
    if fte_periods:
        rows = PersonFte.objects.select_for_update().filter(person=person)
        _apply(
            {(f.year, f.quarter): f for f in rows},
            fte_periods,
            "fte",
            lambda key, value: PersonFte.objects.create(
                municipality_id=person.municipality_id,
                person=person,
                year=key[0],
                quarter=key[1],
                fte=value,
            ),
        )
    return person


@transaction.atomic
def leave_add(*, person: Person, start: date, end: date, percentage: int, by: Any) -> Leave:
    """Record a leave period (dates and share of the time only, no reason)."""
    require(by, person.municipality_id, Action.CAPACITY_MANAGE)
    leave = Leave(
        municipality_id=person.municipality_id,
        person=person,
        start=start,
        end=end,
        percentage=percentage,
    )
    leave.full_clean()
    leave.save()
    return leave


@transaction.atomic
def leave_delete(*, leave: Leave, by: Any) -> None:
    require(by, leave.municipality_id, Action.CAPACITY_MANAGE)
    leave.delete()


@transaction.atomic
def allocation_set(
    *,
    person: Person,
    initiative: Any,
    year: int,
    quarter: int,
    hours: Decimal,
    by: Any,
) -> Allocation | None:
    """Set a person's hours on an initiative in a quarter (0 removes the allocation).

    Allocating beyond availability is allowed (planning is a conversation); the pages show it.
    """
    require(by, person.municipality_id, Action.CAPACITY_MANAGE)
    if initiative.municipality_id != person.municipality_id or person.is_anonymised:
        raise PermissionDenied
    current = (
        Allocation.objects.select_for_update()
        .filter(person=person, initiative=initiative, year=year, quarter=quarter)
        .first()
    )
    if hours <= 0:
        if current is not None:
            current.delete()
        return None
    if current is None:
        current = Allocation(
            municipality_id=person.municipality_id,
            person=person,
            initiative=initiative,
            year=year,
            quarter=quarter,
        )
    current.hours = hours
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def allocation_delete(*, allocation: Allocation, by: Any) -> None:
    require(by, allocation.municipality_id, Action.CAPACITY_MANAGE)
    allocation.delete()


@transaction.atomic
def allocations_accept(*, suggestions: list[Any], by: Any) -> int:
    """Add the chosen suggested allocations (`selectors.allocation_suggestions`) to what the
    people already have on those initiatives. Returns how many were taken over."""
    for suggestion in suggestions:
        person = suggestion.person
        require(by, person.municipality_id, Action.CAPACITY_MANAGE)
        year, quarter = suggestion.period
        current = Allocation.objects.filter(
            person=person, initiative=suggestion.initiative, year=year, quarter=quarter
        ).first()
        allocation_set(
            person=person,
            initiative=suggestion.initiative,
            year=year,
            quarter=quarter,
            hours=(current.hours if current else Decimal(0)) + suggestion.hours,
            by=by,
        )
    return len(suggestions)


@transaction.atomic
def person_anonymise(*, person: Person, by: Any) -> Person:
    """Someone left: their name is removed for good and their leave periods with it; the
    allocations stay (the work was done) under "Medewerker (vertrokken)". The audit trail
    records the anonymisation; it never held the name (`Person.audit_exclude`)."""
    require(by, person.municipality_id, Action.CAPACITY_MANAGE)
    if person.is_anonymised:
        return person
    person.leaves.all().delete()
    person.name = ""
    person.anonymised_at = timezone.now()
    if person.end_date is None or person.end_date > timezone.localdate():
        person.end_date = timezone.localdate()
    person.save()  # audited: `anonymised_at` (and the end date) as changed fields
    return person
