"""Reads of capacity: pools with their hours per quarter (entered, or derived from their people),
the budget room per year, and the people's availability, workload and allocation suggestions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils import timezone

from koersvast.core.periods import Quarter
from koersvast.portfolio.choices import BudgetKind
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.models import Municipality

from .models import (
    Allocation,
    BudgetCapacity,
    CapacityPool,
    DecidedChange,
    Demand,
    Leave,
    Person,
    PoolCapacity,
)


@dataclass
class PoolRow:
    """A pool with its portfolio hours per period (None where no capacity is entered)."""

    pool: CapacityPool
    hours: list[Decimal | None]


def capacity_matrix(
    *, municipality: Municipality, horizon: Sequence[tuple[int, int]] = ()
) -> tuple[list[str], list[PoolRow]]:
    """Periods (labels) and one row per pool with hours per period: the entered quarters, and
    the `horizon` for a pool derived from its people (`pool_staffing`)."""
    staffing = pool_staffing(municipality=municipality, periods=list(horizon))
    periods = sorted({period for each in staffing for period in each.fte})
    rows = [
        PoolRow(
            each.pool,
            [
                each.pool.portfolio_hours(each.fte[period]) if period in each.fte else None
                for period in periods
            ],
        )
        for each in staffing
    ]
    return [Quarter(*period).label for period in periods], rows


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


# --- named people: availability, the derived formation, workload, team, suggestions ---------
# Decision 0406. A person's availability in a quarter is their fte (the part-time factor, or
# the quarter's own figure) times the share of the quarter's working days (Monday to Friday)
# they are employed and not on leave. A derived pool's formation is the sum over its people.

Period = tuple[int, int]


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of a quarter."""
    return Quarter(year, quarter).first_day, Quarter(year, quarter).last_day


def weekdays(first: date, last: date) -> int:
    """Working days (Monday to Friday) from `first` through `last` (0 when last < first)."""
    if last < first:
        return 0
    days = (last - first).days + 1
    weeks, rest = divmod(days, 7)
    start = first.weekday()
    return weeks * 5 + sum(1 for i in range(rest) if (start + i) % 7 < 5)


def next_quarters(count: int = 4, *, today: date | None = None) -> list[Period]:
    """The current quarter and the ones after it (a workload page looks a year ahead)."""
    return list(Quarter.series(Quarter.of(today or timezone.localdate()), count))


def person_fte(person: Person, period: Period) -> Decimal:
    """The fte a person is available in a quarter (their leaves and fte periods prefetched)."""
    year, quarter = period
    first, last = quarter_bounds(year, quarter)
    working = weekdays(first, last)
    base = next((f.fte for f in person.fte_periods.all() if (f.year, f.quarter) == period), None)
    fte = person.fte if base is None else base
    start = max(first, person.start_date or first)
    end = min(last, person.end_date or last)
    employed = weekdays(start, end)
    if not employed or not working:
        return Decimal(0)
    away = Decimal(0)
    for leave in person.leaves.all():
        days = weekdays(max(start, leave.start), min(end, leave.end))
        away += Decimal(days) * leave.percentage / 100
    present = max(Decimal(0), Decimal(employed) - away)
    return (fte * present / working).quantize(Decimal("0.01"))


PEOPLE_PREFETCH = ("leaves", "fte_periods")


@dataclass
class Staffing:
    """A pool with its formation (fte) per quarter: entered, or derived from its people (then
    for every asked period)."""

    pool: CapacityPool
    fte: dict[Period, Decimal]

    @property
    def derived(self) -> bool:
        return self.pool.capacity_from_people


def derived_fte(people: list[Person], periods: list[Period]) -> dict[Period, Decimal]:
    return {period: sum((person_fte(p, period) for p in people), Decimal(0)) for period in periods}


def pool_staffing(*, municipality: Municipality, periods: list[Period]) -> list[Staffing]:
    """Every pool of the municipality with the formation that counts: what was entered, or for
    a pool whose capacity comes from its people, the sum of their availability in `periods`.

    The one reader of a pool's formation for planning and the capacity page (two queries, three
    more when a pool is derived).
    """
    pools = list(
        CapacityPool.objects.in_municipality(municipality).prefetch_related(
            Prefetch("capacities", queryset=PoolCapacity.objects.order_by("year", "quarter"))
        )
    )
    derived = [pool for pool in pools if pool.capacity_from_people]
    if derived:
        prefetch_related_objects(
            derived,
            Prefetch("people", queryset=Person.objects.prefetch_related(*PEOPLE_PREFETCH)),
        )
    return [
        Staffing(
            pool,
            derived_fte(list(pool.people.all()), periods)
            if pool.capacity_from_people
            else {(c.year, c.quarter): c.fte for c in pool.capacities.all()},
        )
        for pool in pools
    ]


def people_of_pool(*, pool: CapacityPool) -> list[Person]:
    """The pool's people with what their availability needs (three queries)."""
    return list(pool.people.prefetch_related(*PEOPLE_PREFETCH).order_by("name", "pk"))


def people_list(*, municipality: Municipality) -> list[Person]:
    """Everyone in the municipality's pools, by pool and name (one query)."""
    return list(
        Person.objects.in_municipality(municipality)
        .select_related("pool")
        .order_by("pool__name", "anonymised_at", "name", "pk")
    )


def person_get(*, user: Any, pk: int) -> Person:
    """One person of the user's municipalities, for the roles that manage capacity (else 404)."""
    return get_for_user_or_404(
        Person.objects.select_related("pool").prefetch_related(*PEOPLE_PREFETCH), user, pk=pk
    )


def allocation_get(*, user: Any, pk: int) -> Allocation:
    return get_for_user_or_404(
        Allocation.objects.select_related("person", "initiative"), user, pk=pk
    )


def leave_get(*, user: Any, pk: int) -> Leave:
    return get_for_user_or_404(Leave.objects.select_related("person"), user, pk=pk)


@dataclass
class Load:
    """One person in one quarter: available hours for the portfolio and what is allocated."""

    period: Period
    fte: Decimal
    available: Decimal
    allocations: list[Allocation] = field(default_factory=list)

    @property
    def label(self) -> str:
        return Quarter(*self.period).label

    @property
    def allocated(self) -> Decimal:
        return sum((a.hours for a in self.allocations), Decimal(0))

    @property
    def over(self) -> Decimal:
        """Hours allocated beyond availability (0 when within)."""
        return max(Decimal(0), self.allocated - self.available)

    @property
    def free(self) -> Decimal:
        return max(Decimal(0), self.available - self.allocated)

    @property
    def percentage(self) -> int | None:
        """Allocated as a percentage of availability (None when nothing is available)."""
        if not self.available:
            return None
        return round(self.allocated / self.available * 100)


def person_hours(person: Person, period: Period) -> tuple[Decimal, Decimal]:
    """A person's fte in a quarter and the hours of it available to the portfolio (the pool's
    productive hours per fte, less its going-concern reservation, as for the pool)."""
    fte = person_fte(person, period)
    return fte, person.pool.portfolio_hours(fte)


def loads(person: Person, periods: list[Period], allocations: list[Allocation]) -> list[Load]:
    by_period: dict[Period, list[Allocation]] = defaultdict(list)
    for allocation in allocations:
        by_period[(allocation.year, allocation.quarter)].append(allocation)
    result = []
    for period in periods:
        fte, available = person_hours(person, period)
        result.append(Load(period, fte, available, by_period.get(period, [])))
    return result


def person_workload(*, person: Person, periods: list[Period]) -> list[Load]:
    """The person's availability and allocations per quarter (one query: the allocations)."""
    first, last = periods[0], periods[-1]
    allocations = list(
        person.allocations.select_related("initiative")
        .filter(_period_between(first, last))
        .order_by("year", "quarter", "initiative__reference")
    )
    return loads(person, periods, allocations)


def _period_between(first: Period, last: Period) -> Q:
    return (Q(year__gt=first[0]) | Q(year=first[0], quarter__gte=first[1])) & (
        Q(year__lt=last[0]) | Q(year=last[0], quarter__lte=last[1])
    )


@dataclass
class TeamRow:
    person: Person
    loads: list[Load]

    @property
    def over(self) -> bool:
        return any(load.over for load in self.loads)


def pool_team(*, pool: CapacityPool, periods: list[Period]) -> list[TeamRow]:
    """Who in the pool works on what per quarter, with availability (four queries)."""
    people = people_of_pool(pool=pool)
    allocations: dict[int, list[Allocation]] = defaultdict(list)
    for allocation in (
        Allocation.objects.filter(person__pool=pool)
        .filter(_period_between(periods[0], periods[-1]))
        .select_related("initiative")
        .order_by("year", "quarter", "initiative__reference")
    ):
        allocations[allocation.person_id].append(allocation)
    for person in people:
        person.pool = pool  # the same object: no query per person for the pool's hours
    return [TeamRow(p, loads(p, periods, allocations[p.pk])) for p in people]


def team_totals(rows: list[TeamRow], count: int) -> list[tuple[Decimal, Decimal]]:
    """Per quarter, the pool's available and allocated hours over its people."""
    return [
        (
            sum((row.loads[i].available for row in rows), Decimal(0)),
            sum((row.loads[i].allocated for row in rows), Decimal(0)),
        )
        for i in range(count)
    ]


@dataclass
class Suggestion:
    """A proposed allocation: part of an initiative's demand on the pool in the plan of record."""

    person: Person
    initiative: Any
    period: Period
    hours: Decimal

    @property
    def key(self) -> str:
        return f"{self.person.pk}-{self.initiative.pk}-{self.period[0]}-{self.period[1]}"

    @property
    def label(self) -> str:
        return Quarter(*self.period).label


@dataclass
class Unmet:
    """Demand of the plan that the pool's people cannot take in a quarter."""

    initiative: Any
    period: Period
    hours: Decimal

    @property
    def label(self) -> str:
        return Quarter(*self.period).label


@dataclass
class Suggestions:
    has_plan: bool
    rows: list[Suggestion]
    unmet: list[Unmet]


def plan_demand(*, pool: CapacityPool, periods: list[Period]) -> dict[tuple[int, Period], Decimal]:
    """Hours per (initiative id, quarter) that the plan of record asks of the pool in `periods`:
    each demand at its offset from the initiative's planned start (three queries)."""
    from koersvast.planning.models import PlanItem
    from koersvast.planning.selectors.plan import current_version

    version = current_version(pool.municipality_id)
    if version is None:
        return {}
    starts = {
        item.initiative_id: item.start_year * 4 + item.start_quarter - 1
        for item in PlanItem.objects.filter(version=version, start_year__isnull=False).only(
            "initiative_id", "start_year", "start_quarter"
        )
        if item.start_quarter and item.start_year is not None
    }
    wanted = set(periods)
    result: dict[tuple[int, Period], Decimal] = {}
    for demand in Demand.objects.filter(pool=pool, initiative_id__in=list(starts)).only(
        "initiative_id", "offset", "hours"
    ):
        index = starts[demand.initiative_id] + demand.offset
        period = (index // 4, index % 4 + 1)
        if period in wanted and demand.hours > 0:
            key = (demand.initiative_id, period)
            result[key] = result.get(key, Decimal(0)) + demand.hours
    return result


def allocation_suggestions(*, pool: CapacityPool, periods: list[Period]) -> Suggestions:
    """Allocations proposed from the plan of record: per quarter, each initiative's demand on
    the pool, less what is already allocated to it in the pool, shared among the people with
    hours left in proportion to those hours (whole hours, never beyond anyone's availability).
    What no one can take is listed as unmet. Deterministic, so accepting recomputes it."""
    from koersvast.portfolio.models import Initiative

    demand = plan_demand(pool=pool, periods=periods)
    from koersvast.planning.selectors.plan import current_version

    has_plan = current_version(pool.municipality_id) is not None
    team = pool_team(pool=pool, periods=periods)
    initiatives = Initiative.objects.in_bulk({initiative for initiative, _p in demand})
    allocated: dict[tuple[int, Period], Decimal] = defaultdict(Decimal)
    free: dict[tuple[int, Period], Decimal] = {}
    for row in team:
        for load in row.loads:
            free[(row.person.pk, load.period)] = load.free
            for allocation in load.allocations:
                allocated[(allocation.initiative_id, load.period)] += allocation.hours
    rows: list[Suggestion] = []
    unmet: list[Unmet] = []
    people = [row.person for row in team if not row.person.is_anonymised]
    for (initiative_id, period), hours in sorted(
        demand.items(), key=lambda kv: (kv[0][1], initiatives[kv[0][0]].reference)
    ):
        initiative = initiatives[initiative_id]
        need = hours - allocated[(initiative_id, period)]
        if need <= 0:
            continue
        need = need.to_integral_value(rounding=ROUND_CEILING)
        room = {p.pk: free.get((p.pk, period), Decimal(0)) for p in people}
        total = sum(room.values(), Decimal(0))
        take = {
            pk: min(r, (need * r / total).to_integral_value(rounding=ROUND_FLOOR)) if total else 0
            for pk, r in room.items()
        }
        # What rounding down left over goes to whoever has the most hours left.
        for pk in sorted(room, key=lambda pk: room[pk] - take[pk], reverse=True):
            short = need - sum(take.values(), Decimal(0))
            if short <= 0:
                break
            take[pk] += min(short, (room[pk] - take[pk]).to_integral_value(rounding=ROUND_FLOOR))
        for person in people:
            if take[person.pk] > 0:
                rows.append(Suggestion(person, initiative, period, Decimal(take[person.pk])))
                free[(person.pk, period)] = room[person.pk] - take[person.pk]
        left = need - sum(take.values(), Decimal(0))
        if left > 0:
            unmet.append(Unmet(initiative, period, left))
    return Suggestions(has_plan, rows, unmet)


@dataclass
class FormationRow:
    """One quarter of a pool's page: the entered fte, the fte of its people (when it has any)
    and the portfolio hours of the figure that counts."""

    period: Period
    entered: Decimal | None
    from_people: Decimal | None
    hours: Decimal | None

    @property
    def label(self) -> str:
        return Quarter(*self.period).label


def pool_formation(*, pool: CapacityPool, horizon: Sequence[Period]) -> list[FormationRow]:
    """The pool's formation per quarter, entered and derived side by side, so a manager can
    compare them before switching (aggregates only: no per-person data; three queries)."""
    entered = {(c.year, c.quarter): c.fte for c in pool.capacities.all()}
    people = people_of_pool(pool=pool)
    periods = sorted(set(entered) | (set(horizon) if people else set()))
    derived = derived_fte(people, periods) if people else {}
    rows = []
    for period in periods:
        counting = derived.get(period) if pool.capacity_from_people else entered.get(period)
        rows.append(
            FormationRow(
                period,
                entered.get(period),
                derived.get(period),
                None if counting is None else pool.portfolio_hours(counting),
            )
        )
    return rows
