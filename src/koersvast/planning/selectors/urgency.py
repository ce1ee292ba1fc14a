"""Requests for political urgency and the initiatives they (and levers) may point at."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from koersvast.finance.extra_cost import CostEffect
from koersvast.finance.selectors.claims import extra_cost_effect
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.models import Municipality

from ..choices import UrgencyOption
from ..models import (
    PlanningSettings,
    UrgencyRequest,
)


def urgent_candidates(*, municipality: Municipality) -> QuerySet[Initiative]:
    """Initiatives flagged with political urgency that are not finished or rejected."""
    return (
        Initiative.objects.in_municipality(municipality)
        .filter(has_political_urgency=True)
        .exclude(state__in=["afgerond", "batenrealisatie", "afgewezen", "gestopt"])
        .order_by("reference")
    )


def urgency_requests(*, municipality: Municipality) -> QuerySet[UrgencyRequest]:
    return (
        UrgencyRequest.objects.in_municipality(municipality)
        .select_related("initiative", "body")
        .defer("options", "plans")
    )


def urgency_get(*, user: Any, pk: int, light: bool = False) -> UrgencyRequest:
    queryset = UrgencyRequest.objects.select_related(
        "initiative", "plan", "plan_version", "body", "decided_by"
    ).defer("plans")
    if light:
        queryset = queryset.defer("options", "plans")
    return get_for_user_or_404(queryset, user, pk=pk)


def plannable_initiatives(*, municipality: Municipality) -> QuerySet[Initiative]:
    """Initiatives a lever or an urgency request may point at (not finished or stopped)."""
    return (
        Initiative.objects.in_municipality(municipality)
        .exclude(state__in=["afgerond", "batenrealisatie", "afgewezen", "gestopt"])
        .only("pk", "reference", "title")
        .order_by("reference")
    )


def urgency_for_initiative(*, initiative: Initiative) -> list[dict[str, Any]]:
    """The urgency decisions that concern an initiative, newest first: on its own request, or
    one that moved it or took it out of the plan (one query; urgency requests are few)."""
    decided = (
        UrgencyRequest.objects.filter(municipality_id=initiative.municipality_id)
        .exclude(chosen="")
        .select_related("initiative", "body", "decided_by")
        .defer("options", "plans")
        .order_by("-decided_at", "-pk")
    )
    result = []
    for request in decided:
        moved = [m for m in request.outcome.get("moved", []) if m.get("pk") == initiative.pk]
        dropped = [d for d in request.outcome.get("dropped", []) if d.get("pk") == initiative.pk]
        if request.initiative_id == initiative.pk or moved or dropped:
            result.append(
                {
                    "urgency": request,
                    "own": request.initiative_id == initiative.pk,
                    "moved": moved[0] if moved else None,
                    "dropped": bool(dropped),
                }
            )
    return result


@dataclass
class OptionColumn:
    """One option of the decision document: what it does, side by side with the others."""

    key: str
    label: str
    possible: bool
    reason: str
    start: str
    value: float | None
    request_value: float | None
    moved: list[dict[str, Any]]
    dropped: list[dict[str, Any]]
    extra_fte: dict[str, float]  # fte-quarters per year
    extra_euro: dict[str, int]  # capacity cost plus budget per year
    extra_budget: dict[str, int]
    chosen: bool


def _per_year_fte(extra: dict[str, Any]) -> dict[str, float]:
    years: dict[str, float] = {}
    for row in extra.get("pools", []):
        for cell in row.get("quarters", []):
            years[cell["period"][:4]] = round(years.get(cell["period"][:4], 0.0) + cell["fte"], 2)
    return years


def _per_year_cost(extra: dict[str, Any], costs: dict[int, Any]) -> dict[str, int]:
    years: dict[str, float] = {}
    for row in extra.get("pools", []):
        cost = costs.get(row.get("pool_pk"))
        if cost is None:
            continue
        for cell in row.get("quarters", []):
            year = cell["period"][:4]
            years[year] = years.get(year, 0.0) + cell["fte"] * float(cost) / 4
    return {year: round(amount) for year, amount in sorted(years.items())}


def _per_year_budget(extra: dict[str, Any]) -> dict[str, int]:
    years: dict[str, int] = {}
    for row in extra.get("budget", []):
        for cell in row["cells"]:
            years[str(cell["year"])] = years.get(str(cell["year"]), 0) + int(cell["euro"])
    return dict(sorted(years.items()))


def _pool_costs(municipality_id: int, extra: dict[str, Any]) -> dict[int, Any]:
    from koersvast.capacity.models import CapacityPool

    return dict(
        CapacityPool.objects.filter(
            municipality_id=municipality_id,
            pk__in=[row.get("pool_pk") for row in extra.get("pools", [])],
        ).values_list("pk", "cost_per_fte")
    )


def _exploitatie_per_year(extra: dict[str, Any], costs: dict[int, Any]) -> dict[int, int]:
    """The option's burden on the exploitatie per year: the extra fte at their pool's cost per
    fte (a quarter costs a quarter of a year) plus the extra exploitatie room; extra krediet is
    investment volume, not exploitatie (its kapitaallasten follow later)."""
    years = {int(year): euro for year, euro in _per_year_cost(extra, costs).items()}
    for row in extra.get("budget", []):
        if row.get("kind") != "exploitatie":
            continue
        for cell in row["cells"]:
            years[int(cell["year"])] = years.get(int(cell["year"]), 0) + int(cell["euro"])
    return years


def urgency_extra_cost(
    *, urgency: UrgencyRequest, costs: dict[int, Any] | None = None
) -> CostEffect | None:
    """Extra middelen per year of the horizon: incidental and structural effect on the
    exploitatie, and what the free algemene middelen and reserve room cover (decision 1103).
    None when the option is not possible or costs nothing."""
    extra = (urgency.options or {}).get(UrgencyOption.EXTRA, {})
    if not extra.get("possible"):
        return None
    if costs is None:
        costs = _pool_costs(urgency.municipality_id, extra)
    amounts = _exploitatie_per_year(extra, costs)
    if not any(amounts.values()):
        return None
    settings = PlanningSettings.objects.filter(municipality_id=urgency.municipality_id).first()
    horizon = {year for year, _quarter in (settings or PlanningSettings()).periods()}
    years = sorted(horizon | set(amounts))
    room = {int(year): euro for year, euro in (extra.get("free_room") or {}).items()}
    return extra_cost_effect(
        municipality=urgency.municipality, amounts=amounts, years=years, general_room=room
    )


def urgency_document(*, urgency: UrgencyRequest) -> dict[str, Any]:
    """What the decision document shows: the options side by side (value, start, what moves,
    extra capacity and budget per year with their cost), the years, and the advice."""
    from koersvast.intake.models import Advice

    options = urgency.options or {}
    request = options.get("request", {})
    extra = options.get(UrgencyOption.EXTRA, {})
    costs = _pool_costs(urgency.municipality_id, extra)
    columns = []
    for option in UrgencyOption:
        data = options.get(option, {})
        if option != UrgencyOption.DO_NOTHING and not data:
            continue
        possible = option == UrgencyOption.DO_NOTHING or bool(data.get("possible"))
        is_extra = option == UrgencyOption.EXTRA and possible
        starts = {
            UrgencyOption.DO_NOTHING: request.get("in_plan", ""),
            UrgencyOption.PHASE: request.get("start", ""),
            UrgencyOption.EXTRA: request.get("start", ""),
            UrgencyOption.LATER: data.get("start", ""),
        }
        budget = _per_year_budget(data) if is_extra else {}
        capacity_cost = _per_year_cost(data, costs) if is_extra else {}
        columns.append(
            OptionColumn(
                key=option.value,
                label=str(option.label),
                possible=possible,
                reason=str(data.get("reason", "")),
                start=starts[option] if possible else "",
                value=data.get("value"),
                request_value=(
                    data.get("request_value")
                    if option == UrgencyOption.LATER
                    else (0.0 if option == UrgencyOption.DO_NOTHING else request.get("value"))
                ),
                moved=list(data.get("moved", [])),
                dropped=list(data.get("dropped", [])),
                extra_fte=_per_year_fte(data) if is_extra else {},
                extra_euro={
                    year: capacity_cost.get(year, 0) + budget.get(year, 0)
                    for year in sorted(set(capacity_cost) | set(budget))
                },
                extra_budget=budget,
                chosen=urgency.chosen == option.value,
            )
        )
    years = sorted({year for column in columns for year in (*column.extra_fte, *column.extra_euro)})
    advices = list(
        Advice.objects.filter(
            municipality_id=urgency.municipality_id, initiative_id=urgency.initiative_id
        )
        .with_kind_names()
        .order_by("kind")
    )
    return {
        "columns": columns,
        "years": years,
        "advices": advices,
        "request": request,
        "cost": urgency_extra_cost(urgency=urgency, costs=costs),
    }
