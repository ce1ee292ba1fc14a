"""Finance figures as budget demand: the exploitatie room and the krediet per year.

An initiative with investments, exploitatie lines or dekking (the finance app) asks of the
exploitatie pool what `finance.selectors.budget_claims` says per year: lasten plus kapitaallasten
minus baten and dekking other than algemene middelen; of the krediet pool its investments in
their year of ingebruikname. These replace the even spread of its krediet and exploitatie
amounts. Structural amounts and kapitaallasten keep weighing after the work ends, so the budget
profile runs on after the run, to the end of the horizon (the optimiser accepts such a tail on a
budget pool and clips it where the initiative is placed).

The figures belong to the initiative's requested start: when the plan moves it, its figures
move along by as many quarters. At its requested start every year's sum is exactly the year's
claim (the first year's claim is spread over the quarters left in that year).

What completed work (and running work outside the horizon) still costs, mostly kapitaallasten
and structural lasten, is taken off the exploitatie room of each year beforehand ("structural
effects of everything already running"); a warning says how much, and the pages show it as
spending against the room as entered (`x-taken`). The krediet room is not touched: settled
work's krediet was spent when it was built.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from koersvast.core.numbers import format_euros
from koersvast.finance.selectors.claims import BudgetClaim, budget_claims
from koersvast.portfolio.choices import BudgetKind, LifecycleState
from koersvast.tenancy.models import Municipality

from .. import constants
from ..documents import (
    X_BUDGET_KIND,
    X_BUDGET_PROFILE,
    X_CAPITAL,
    X_FINANCE,
    X_PK,
    X_TAKEN,
    X_YEARS,
    ProblemItem,
    ProblemPool,
)
from ..models import PlanningSettings
from .base import Translation
from .budget import budget_pool_id

#: Initiatives whose figures weigh on the room although the plan no longer places them.
SETTLED_STATES = (LifecycleState.COMPLETED, LifecycleState.BENEFITS, constants.RUNNING_STATE)


def year_of(settings: PlanningSettings, index: int) -> int:
    """The calendar year of a period index (quarters; may lie outside the horizon)."""
    start = settings.first_year * 4 + settings.first_quarter - 1
    return (start + index) // 4


def spread_over_periods(
    per_year: dict[int, Decimal], settings: PlanningSettings, own_start: int, length: int
) -> list[float]:
    """A year's amount over that year's periods from `own_start` on (`length` periods), so the
    sum per calendar year is the year's amount when the initiative starts at `own_start`: the
    first year's over the quarters left in it, every later year's over its four quarters (also
    a last year the profile only begins, so no quarter carries more than its share)."""
    years = [year_of(settings, own_start + t) for t in range(length)]
    count = Counter(years)
    first = years[0] if years else None
    return [
        round(float(per_year.get(year, 0)) / (count[year] if year == first else 4), 2)
        for year in years
    ]


def apply_finance(
    municipality: Municipality,
    settings: PlanningSettings,
    budgets: list[ProblemPool],
    items: list[ProblemItem],
    translation: Translation,
) -> None:
    """Budget demand from the finance figures, and the room already taken by settled work.

    Four queries, and none when no budget pool limits the plan.
    """
    limited = {pool[X_BUDGET_KIND]: pool for pool in budgets}
    if not limited:
        return
    horizon = settings.horizon
    # An item may be placed (a lever, an urgency request pinned to a start) up to a horizon
    # before its own start, and its figures move along: its profile then reaches up to a
    # horizon past the last period, so those years are counted too.
    first, last = year_of(settings, 0), year_of(settings, 2 * horizon - 1)
    years = list(range(first, last + 1))
    in_problem = {item[X_PK]: item for item in items if X_PK in item}
    claims = budget_claims(
        municipality=municipality,
        condition=Q(initiative_id__in=list(in_problem)) | Q(initiative__state__in=SETTLED_STATES),
        years=years,
    )
    settled: dict[str, dict[int, Decimal]] = {}
    operating = BudgetKind.OPERATING.value
    for pk, claim in claims.items():
        item = in_problem.get(pk)
        if item is None:
            # Only the exploitatie carries what settled work still costs (kapitaallasten and
            # structural lasten); its krediet was spent when it was built.
            for year, amount in claim.exploitatie.items():
                settled.setdefault(operating, {})[year] = (
                    settled.get(operating, {}).get(year, 0) + amount
                )
            continue
        _item_demand(item, claim, limited, settings, translation)
    _take_settled(settled, limited, translation)


def _per_kind(claim: BudgetClaim) -> dict[str, dict[int, Decimal]]:
    return {BudgetKind.OPERATING.value: claim.exploitatie, BudgetKind.CAPITAL.value: claim.krediet}


def _item_demand(
    item: ProblemItem,
    claim: BudgetClaim,
    limited: dict[str, ProblemPool],
    settings: PlanningSettings,
    translation: Translation,
) -> None:
    duration = int(item["duration"])
    own = _own_start(item, settings, translation)
    # Long enough for any start in the horizon, not only the item's window: a request pinned
    # before its own start (urgency, fit check) takes the figures of the years after along.
    length = max(duration, settings.horizon)
    item[X_FINANCE] = True
    for kind, per_year in _per_kind(claim).items():
        if kind not in limited:
            continue
        if kind == BudgetKind.CAPITAL and not claim.has_investments:
            continue  # no investments entered: the initiative's own krediet amount stays
        pool_id = budget_pool_id(kind)
        profile = spread_over_periods(per_year, settings, own, length)
        if any(profile):
            item["demand"][pool_id] = profile
        else:
            item["demand"].pop(pool_id, None)
        # Extension: the same euros per period, kept in the run's digest (which has no demand)
        # so the spending per year on the result and comparison pages is what was planned.
        item.setdefault(X_BUDGET_PROFILE, {})[kind] = profile if any(profile) else []
        if kind == BudgetKind.OPERATING and claim.capital:
            item[X_CAPITAL] = spread_over_periods(claim.capital, settings, own, length)


def _own_start(item: ProblemItem, settings: PlanningSettings, translation: Translation) -> int:
    """The period the figures belong to: running work's actual start (within the horizon),
    otherwise the requested start (a lever that moves the work moves its figures along)."""
    if item.get("fixed_start") is not None:
        initiative = translation.initiatives.get(item["id"])
        if initiative is None or initiative.state == constants.RUNNING_STATE:
            return int(item["fixed_start"])
    initiative = translation.initiatives.get(item["id"])
    if initiative is None or not (initiative.start_year and initiative.start_quarter):
        return 0
    index = settings.period_index(initiative.start_year, initiative.start_quarter)
    return min(max(0, index), max(0, settings.horizon - int(item["duration"])))


def _take_settled(
    settled: dict[str, dict[int, Decimal]],
    limited: dict[str, ProblemPool],
    translation: Translation,
) -> None:
    """Take what settled work costs off the room of each year, and say so."""
    for kind, per_year in settled.items():
        pool = limited.get(kind)
        if pool is None or not any(per_year.values()):
            continue
        pool_years = list(pool[X_YEARS])
        taken = [float(per_year.get(year, 0)) for year in pool_years]
        pool["capacity"] = [
            max(0.0, room - used) for room, used in zip(pool["capacity"], taken, strict=True)
        ]
        # Extension: the room already taken per year (shown beside the plan's budget use).
        pool[X_TAKEN] = taken
        translation.warnings.append(
            _(
                "%(kind)s: %(amounts)s gaat al op aan afgerond en lopend werk (kapitaallasten "
                "en structurele effecten); het plan rekent met de rest van de ruimte."
            )
            % {
                "kind": pool["name"],
                "amounts": ", ".join(
                    f"{year} {_euro(amount)}"
                    for year, amount in zip(pool_years, taken, strict=True)
                    if amount
                ),
            }
        )


def _euro(amount: float) -> str:
    return format_euros(amount)
