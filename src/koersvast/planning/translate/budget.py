"""Budget pools: euros per year and kind of budget, as capacity the optimiser respects."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from koersvast.capacity.models import BudgetCapacity
from koersvast.portfolio.choices import BudgetKind
from koersvast.tenancy.models import Municipality

from ..documents import X_BUDGET_KIND, X_YEARS, ProblemPool
from ..levers import BudgetChange, kind_of
from ..models import Lever, PlanningSettings
from .base import Translation

# Budget pools are named after their kind; a pool code is a slug, so it cannot clash.
BUDGET_PREFIX = "budget:"


def budget_pool_id(kind: str) -> str:
    return f"{BUDGET_PREFIX}{kind}"


def is_budget_pool(pool_id: str) -> bool:
    return pool_id.startswith(BUDGET_PREFIX)


def year_buckets(periods: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """The years of the horizon and, per period, the index of its year (the bucket)."""
    years = sorted({year for year, _quarter in periods})
    return years, [years.index(year) for year, _quarter in periods]


def budget_pools(
    municipality: Municipality,
    settings: PlanningSettings,
    levers: list[Lever],
    translation: Translation,
) -> list[ProblemPool]:
    """One budget pool per kind with entries: euros per year of the horizon, plus levers.

    A year without an entry takes the nearest earlier year's amount (or the first one), with
    a warning; a kind without any entry limits nothing.
    """
    years, buckets = year_buckets(settings.periods())
    entered: dict[str, dict[int, Decimal]] = {}
    for row in BudgetCapacity.objects.in_municipality(municipality).only("kind", "year", "amount"):
        entered.setdefault(row.kind, {})[row.year] = row.amount
    pools: list[ProblemPool] = []
    for kind in BudgetKind:
        known = entered.get(kind.value)
        changes = [
            change
            for lever in levers
            if (change := kind_of(lever.kind).budget_change(lever, kind.value)) is not None
        ]
        if not known:
            if changes:
                translation.warnings.append(
                    _(
                        "%(kind)s heeft geen budgetruimte per jaar; de budgethefboom heeft "
                        "geen effect."
                    )
                    % {"kind": kind.label}
                )
            continue
        amounts = [_room(known, changes, year) for year in years]
        if any(year not in known for year in years):
            translation.warnings.append(
                _(
                    "%(kind)s: geen budget ingevoerd voor een deel van de horizon; het bedrag "
                    "van het dichtstbijzijnde jaar is doorgetrokken."
                )
                % {"kind": kind.label}
            )
        pools.append(
            {
                "id": budget_pool_id(kind.value),
                "name": str(kind.label),
                "capacity": amounts,
                "buckets": buckets,
                # Extensions: what the pages need to show it as a budget per year.
                X_BUDGET_KIND: kind.value,
                X_YEARS: years,
            }
        )
    return pools


def _room(known: dict[int, Decimal], changes: list[BudgetChange], year: int) -> float:
    """The budget room of one year: the nearest earlier entry (or the first), plus the levers
    that apply from that year on."""
    earlier = [y for y in known if y <= year]
    base = known[max(earlier)] if earlier else known[min(known)]
    extra = sum(
        (change.amount for change in changes if change.from_year <= year),
        Decimal(0),
    )
    return float(max(Decimal(0), base + extra))
