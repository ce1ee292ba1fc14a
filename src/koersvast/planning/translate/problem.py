"""The portfolio problem of a municipality under a scenario's levers: the document's frame,
the capacity pools, and value density."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from koersvast.capacity.selectors import pool_staffing
from koersvast.framework.models import Framework
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality

from .. import constants
from ..documents import (
    X_BUDGET,
    X_BUDGET_KIND,
    X_CANDIDATE,
    X_CANDIDATES,
    X_HOURS_PER_FTE,
    X_SCORE,
    X_THEMES,
    ProblemItem,
    ProblemPool,
)
from ..levers import headroom_of, kind_of
from ..models import Lever, PlanningSettings
from .base import Translation
from .budget import budget_pool_id, budget_pools, is_budget_pool
from .dependencies import apply_dependencies
from .finance import apply_finance
from .initiatives import problem_initiatives
from .months import split_into_months

PROBLEM_FORMAT = "koersvast.portfolio-problem/1"


def settings_for(municipality: Municipality) -> PlanningSettings:
    """The municipality's planning settings, or the (unsaved) defaults."""
    found = PlanningSettings.objects.filter(municipality=municipality).first()
    return found or PlanningSettings(municipality=municipality)


def build_problem(
    *,
    municipality: Municipality,
    settings: PlanningSettings | None = None,
    levers: Iterable[Lever] = (),
    framework: Framework | None = None,
    include: Iterable[Initiative] = (),
    name: str = "",
    value_density: bool = False,
    candidates: bool = False,
) -> Translation:
    """The portfolio problem of a municipality under a scenario's levers (nine queries, two of
    them for dependencies and alternatives; four more for the finance figures when a budget pool
    limits the plan: `translate.finance`).

    With `value_density` an initiative's value is its score per 100 demand hours (at least 100
    hours are counted), so large initiatives are not crowded out by many small ones when the
    scores lie on a narrow scale; the score itself stays in the `x-score` extension.

    With `candidates` the backlog on a decision agenda comes along as candidates: kept apart in
    the problem's `x-candidates` extension, so the plan of the admitted work is made as
    without them (`services/candidates.py` fits them in what it leaves).
    """
    settings = settings or settings_for(municipality)
    # A realised lever (an adopted plan's capacity or budget change) is already in the figures.
    levers = [lever for lever in levers if not lever.realised]
    headroom = headroom_of(levers, settings.headroom_pct)
    periods = settings.periods()
    translation = Translation(problem={})
    pools = _pools(municipality, settings, levers, headroom / 100, translation)
    budgets = budget_pools(municipality, settings, levers, translation)
    items = problem_initiatives(
        municipality,
        settings,
        levers,
        framework,
        list(include),
        set(pools),
        translation,
        candidates=candidates,
    )
    items = apply_dependencies(municipality, items, translation, len(periods))
    limited = {pool[X_BUDGET_KIND] for pool in budgets}
    for item in items:
        for kind, per_period in item.get(X_BUDGET, {}).items():
            if kind in limited:
                item["demand"][budget_pool_id(kind)] = [per_period] * int(item["duration"])
    apply_finance(municipality, settings, budgets, items, translation)
    if value_density:
        apply_value_density(items)
    translation.problem = {
        "format": PROBLEM_FORMAT,
        "name": name or municipality.name,
        "periods": [f"{year}-Q{quarter}" for year, quarter in periods],
        "pools": pools_json(pools, translation) + budgets,
        "initiatives": items,
        # Extension: the themes that `x-objectives` of the initiatives refer to.
        X_THEMES: translation.themes,
    }
    if settings.periods_per_quarter == 3:
        translation.problem = split_into_months(translation.problem)
        translation.hours_per_fte = {k: v / 3 for k, v in translation.hours_per_fte.items()}
    if candidates:
        problem = translation.problem
        problem[X_CANDIDATES] = [i for i in problem["initiatives"] if i.get(X_CANDIDATE)]
        problem["initiatives"] = [i for i in problem["initiatives"] if not i.get(X_CANDIDATE)]
    return translation


def pools_json(pools: dict[str, list[float]], translation: Translation) -> list[ProblemPool]:
    return [
        {
            "id": pid,
            "name": translation.pools[pid].name,
            "capacity": capacity,
            # Extension: planning hours of one extra FTE per quarter (marginal value, frontier).
            X_HOURS_PER_FTE: round(translation.hours_per_fte[pid], 3),
        }
        for pid, capacity in pools.items()
    ]


def demand_hours(item: Mapping[str, Any]) -> float:
    """Total demand hours of a problem initiative over its run (all pools, not budget)."""
    duration = int(item.get("duration", 1))
    total = 0.0
    for pool_id, hours in (item.get("demand") or {}).items():
        if is_budget_pool(pool_id):
            continue
        total += sum(hours) if isinstance(hours, list) else float(hours) * duration
    return total


def apply_value_density(items: list[ProblemItem]) -> None:
    """Replace each value by value per 100 demand hours (at least 100 hours counted)."""
    for item in items:
        score = float(item["value"])
        item[X_SCORE] = score
        item["value"] = round(score / max(demand_hours(item), constants.DENSITY_MIN_HOURS) * 100, 3)


def _pools(
    municipality: Municipality,
    settings: PlanningSettings,
    levers: list[Lever],
    share: float,
    translation: Translation,
) -> dict[str, list[float]]:
    """Capacity per pool per period: portfolio hours of the staffing × planning headroom."""
    periods = settings.periods()
    result: dict[str, list[float]] = {}
    # Entered, or derived from the pool's people for every period (decision 0406).
    for formation in pool_staffing(municipality=municipality, periods=periods):
        pool, staffing = formation.pool, formation.fte
        fte = next(iter(staffing.values()), Decimal(0))
        carried = False
        extra = Decimal(0)
        hours: list[float] = []
        for index, key in enumerate(periods):
            if key in staffing:
                fte = staffing[key]
            elif staffing:
                carried = True
            extra = sum(
                (kind_of(lv.kind).extra_fte(lv, pool.pk, index, settings) for lv in levers),
                Decimal(0),
            )
            total = max(Decimal(0), fte + extra)
            hours.append(round(float(pool.portfolio_hours(total)) * share, 1))
        if carried:
            translation.warnings.append(
                _(
                    "%(pool)s: geen capaciteit ingevoerd voor een deel van de horizon; de laatst "
                    "bekende formatie is doorgetrokken."
                )
                % {"pool": pool.name}
            )
        translation.pools[pool.code] = pool
        translation.hours_per_fte[pool.code] = float(pool.portfolio_hours(Decimal(1))) * share
        result[pool.code] = hours
    return result
