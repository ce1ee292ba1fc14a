"""The one bridge between the municipality's models and the pure optimiser.

`build_problem` turns pools, capacity, initiatives, demand, priority scores and a scenario's
levers into a `koersvast.portfolio-problem/1` document; `solve_plan`, `solve_whatif` and
`solve_cost_of_yes` run the optimiser on such a document and return the solution document;
`check` runs the optimiser's independent feasibility checker. No other module of Koersvast
imports `koersvast.optimizer` (see docs/decisions/0401-planning-scenarios.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from koersvast.capacity.models import BudgetCapacity, CapacityPool, Demand, PoolCapacity
from koersvast.framework.models import Framework
from koersvast.intake.models import PriorityScore
from koersvast.intake.selectors import priority_scores_under
from koersvast.intake.services import published_framework
from koersvast.monitoring.choices import BudgetKind
from koersvast.optimizer import (
    Placement,
    Progress,
    SolveOptions,
    parse_problem,
    solution_to_json,
    solve,
)
from koersvast.optimizer.checker import check_solution, plan_value
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality
from koersvast.weighing import WeighingError

from . import constants
from .choices import LeverKind
from .models import Lever, PlanningSettings

PROBLEM_FORMAT = "koersvast.portfolio-problem/1"
# Budget pools are named after their kind; a pool code is a slug, so it cannot clash.
BUDGET_PREFIX = "budget:"
ProgressHook = Callable[[str, float, float | None], None]


@dataclass
class Translation:
    """A problem document plus what is needed to read its solution back."""

    problem: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    # optimiser id → model
    initiatives: dict[str, Initiative] = field(default_factory=dict)
    pools: dict[str, CapacityPool] = field(default_factory=dict)
    # planning hours that one extra FTE adds per quarter, per pool id (for cost of yes)
    hours_per_fte: dict[str, float] = field(default_factory=dict)
    # the framework's themes (top-level objectives), code and name, in order
    themes: list[dict[str, str]] = field(default_factory=list)


class TranslationError(Exception):
    """The municipality's data cannot become a problem, with a message for the user."""


def settings_for(municipality: Municipality) -> PlanningSettings:
    """The municipality's planning settings, or the (unsaved) defaults."""
    found = PlanningSettings.objects.filter(municipality=municipality).first()
    return found or PlanningSettings(municipality=municipality)


def initiative_id(initiative: Initiative) -> str:
    return initiative.reference


def build_problem(
    *,
    municipality: Municipality,
    settings: PlanningSettings | None = None,
    levers: Iterable[Lever] = (),
    framework: Framework | None = None,
    include: Iterable[Initiative] = (),
    name: str = "",
    value_density: bool = False,
) -> Translation:
    """The portfolio problem of a municipality under a scenario's levers (seven queries).

    With `value_density` an initiative's value is its score per 100 demand hours (at least 100
    hours are counted), so large initiatives are not crowded out by many small ones when the
    scores lie on a narrow scale; the score itself stays in the `x-score` extension.
    """
    settings = settings or settings_for(municipality)
    levers = list(levers)
    headroom = settings.headroom_pct
    for lever in levers:
        if lever.kind == LeverKind.HEADROOM and lever.headroom_pct is not None:
            headroom = lever.headroom_pct
    periods = settings.periods()
    translation = Translation(problem={})
    pools = _pools(municipality, settings, levers, headroom / 100, translation)
    budgets = _budget_pools(municipality, settings, levers, translation)
    items = _initiatives(
        municipality, settings, levers, framework, list(include), set(pools), translation
    )
    limited = {pool["x-budget-kind"] for pool in budgets}
    for item in items:
        for kind, per_period in item.get("x-budget", {}).items():
            if kind in limited:
                item["demand"][budget_pool_id(kind)] = [per_period] * int(item["duration"])
    if value_density:
        apply_value_density(items)
    translation.problem = {
        "format": PROBLEM_FORMAT,
        "name": name or municipality.name,
        "periods": [f"{year}-Q{quarter}" for year, quarter in periods],
        "pools": pools_json(pools, translation) + budgets,
        "initiatives": items,
        # Extension: the themes that `x-objectives` of the initiatives refer to.
        "x-themes": translation.themes,
    }
    if settings.periods_per_quarter == 3:
        translation.problem = split_into_months(translation.problem)
        translation.hours_per_fte = {k: v / 3 for k, v in translation.hours_per_fte.items()}
    return translation


def split_into_months(problem: dict[str, Any]) -> dict[str, Any]:
    """The quarterly problem in months: each quarter's capacity and demand split in three.

    Starts and windows move to the first month of their quarter (a latest start to the last
    month), so an initiative may start in any month its quarters allowed; a budget pool keeps
    its years (twelve months to a bucket).
    """

    def thirds(values: Any, count: int) -> list[float]:
        # Not rounded: two demands rounded up could no longer fit a capacity rounded down.
        per_quarter = values if isinstance(values, list) else [values] * count
        return [float(v) / 3 for v in per_quarter for _ in range(3)]

    months = [
        f"{label[:4]}-{(int(label[6:]) - 1) * 3 + m:02d}"
        for label in problem["periods"]
        for m in (1, 2, 3)
    ]
    pools = []
    for pool in problem["pools"]:
        pool = dict(pool)
        if pool.get("buckets"):
            pool["buckets"] = [b for b in pool["buckets"] for _ in range(3)]
        else:
            pool["capacity"] = thirds(pool["capacity"], len(problem["periods"]))
            if "x-hours-per-fte" in pool:
                pool["x-hours-per-fte"] = pool["x-hours-per-fte"] / 3
        pools.append(pool)
    items = []
    for item in problem["initiatives"]:
        item = dict(item)
        quarters = int(item["duration"])
        item["duration"] = quarters * 3
        last = len(months) - item["duration"]
        item["demand"] = {pid: thirds(v, quarters) for pid, v in item["demand"].items()}
        if "x-budget" in item:
            item["x-budget"] = {k: v / 3 for k, v in item["x-budget"].items()}
        item["earliest_start"] = int(item.get("earliest_start", 0)) * 3
        if item.get("latest_start") is not None:
            item["latest_start"] = min(last, int(item["latest_start"]) * 3 + 2)
        if item.get("fixed_start") is not None:
            item["fixed_start"] = int(item["fixed_start"]) * 3
        items.append(item)
    return {**problem, "periods": months, "pools": pools, "initiatives": items}


def budget_pool_id(kind: str) -> str:
    return f"{BUDGET_PREFIX}{kind}"


def is_budget_pool(pool_id: str) -> bool:
    return pool_id.startswith(BUDGET_PREFIX)


def year_buckets(periods: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """The years of the horizon and, per period, the index of its year (the bucket)."""
    years = sorted({year for year, _quarter in periods})
    return years, [years.index(year) for year, _quarter in periods]


def _budget_pools(
    municipality: Municipality,
    settings: PlanningSettings,
    levers: list[Lever],
    translation: Translation,
) -> list[dict[str, Any]]:
    """One budget pool per kind with entries: euros per year of the horizon, plus levers.

    A year without an entry takes the nearest earlier year's amount (or the first one), with
    a warning; a kind without any entry limits nothing.
    """
    years, buckets = year_buckets(settings.periods())
    entered: dict[str, dict[int, Decimal]] = {}
    for row in BudgetCapacity.objects.in_municipality(municipality).only("kind", "year", "amount"):
        entered.setdefault(row.kind, {})[row.year] = row.amount
    pools = []
    for kind in BudgetKind:
        known = entered.get(kind.value)
        changes = [
            lever
            for lever in levers
            if lever.kind == LeverKind.BUDGET and lever.budget_kind == kind.value
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
        amounts, carried = [], False
        for year in years:
            earlier = [y for y in known if y <= year]
            carried = carried or year not in known
            base = known[max(earlier)] if earlier else known[min(known)]
            extra = sum(
                (lever.amount or Decimal(0) for lever in changes if (lever.year or 0) <= year),
                Decimal(0),
            )
            amounts.append(float(max(Decimal(0), base + extra)))
        if carried:
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
                "x-budget-kind": kind.value,
                "x-years": years,
            }
        )
    return pools


def pools_json(pools: dict[str, list[float]], translation: Translation) -> list[dict[str, Any]]:
    return [
        {
            "id": pid,
            "name": translation.pools[pid].name,
            "capacity": capacity,
            # Extension: planning hours of one extra FTE per quarter (marginal value, frontier).
            "x-hours-per-fte": round(translation.hours_per_fte[pid], 3),
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


def apply_value_density(items: list[dict[str, Any]]) -> None:
    """Replace each value by value per 100 demand hours (at least 100 hours counted)."""
    for item in items:
        score = float(item["value"])
        item["x-score"] = score
        item["value"] = round(score / max(demand_hours(item), constants.DENSITY_MIN_HOURS) * 100, 3)


def _pools(
    municipality: Municipality,
    settings: PlanningSettings,
    levers: list[Lever],
    share: float,
    translation: Translation,
) -> dict[str, list[float]]:
    """Capacity per pool per period: portfolio hours of the staffing × planning headroom."""
    queryset = CapacityPool.objects.in_municipality(municipality).prefetch_related(
        Prefetch("capacities", queryset=PoolCapacity.objects.order_by("year", "quarter"))
    )
    periods = settings.periods()
    result: dict[str, list[float]] = {}
    for pool in queryset:
        staffing = {(c.year, c.quarter): c.fte for c in pool.capacities.all()}
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
                (
                    lever.fte or Decimal(0)
                    for lever in levers
                    if lever.kind == LeverKind.CAPACITY
                    and lever.pool_id == pool.pk
                    and settings.period_index(lever.year or 0, lever.quarter or 1) <= index
                ),
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


def _initiatives(
    municipality: Municipality,
    settings: PlanningSettings,
    levers: list[Lever],
    framework: Framework | None,
    include: list[Initiative],
    pool_codes: set[str],
    translation: Translation,
) -> list[dict[str, Any]]:
    by_initiative: dict[int, list[Lever]] = {}
    for lever in levers:
        if lever.initiative_id is not None:
            by_initiative.setdefault(lever.initiative_id, []).append(lever)
    pulled_in = [
        pk
        for pk, own in by_initiative.items()
        if any(lever.kind in (LeverKind.FORCE_IN, LeverKind.FIX_START) for lever in own)
    ]
    queryset = (
        Initiative.objects.in_municipality(municipality)
        .filter(
            Q(state__in=constants.PLANNED_STATES)
            | Q(pk__in=pulled_in)
            | Q(pk__in=[i.pk for i in include])
        )
        .select_related("domain")
        .prefetch_related(Prefetch("demands", queryset=Demand.objects.select_related("pool")))
        .order_by("reference")
    )
    scores: dict[int, Decimal | float] = {}
    # Score points per objective term (objective id → points) of every scored initiative.
    terms: dict[int, list[tuple[str, float]]] = {}
    if framework is not None and not framework.is_published:
        # A draft with other weights (a scenario lever): the published scores carried over by
        # code. A published version has its own stored scores.
        try:
            computed = priority_scores_under(
                framework=framework,
                municipality=municipality,
                source=published_framework(municipality.pk),
            )
        except WeighingError as error:
            raise TranslationError(
                _("Met afwegingskader %(fw)s kan niet worden gescoord: %(why)s")
                % {"fw": framework, "why": error}
            ) from error
        for pk, score in computed.items():
            scores[pk] = score.total
            terms[pk] = [(t.ref_id, t.points) for t in score.terms if t.kind == "objective"]
    elif framework is not None:
        for pk, total, stored in PriorityScore.objects.filter(
            framework=framework, initiative__municipality=municipality
        ).values_list("initiative_id", "total", "terms"):
            scores[pk] = total
            terms[pk] = [
                (str(t.get("ref", "")), float(t.get("points", 0.0)))
                for t in stored or []
                if t.get("kind") == "objective"
            ]
    else:
        translation.warnings.append(
            _("Er is geen vastgesteld afwegingskader: alle initiatieven krijgen dezelfde waarde.")
        )
    theme_of, translation.themes = _themes(framework)
    items: list[dict[str, Any]] = []
    unscored: list[str] = []
    for initiative in queryset:
        own = by_initiative.get(initiative.pk, [])
        if any(lever.kind == LeverKind.FORCE_OUT for lever in own):
            continue
        item = _item(initiative, settings, own, pool_codes, translation)
        if item is None:
            continue
        score = scores.get(initiative.pk)
        if score is None:
            unscored.append(initiative.reference)
            item["value"] = constants.UNSCORED_VALUE
        else:
            item["value"] = max(0.0, round(float(score), 3))
        budget = {
            kind: round(float(total) / max(1, initiative.duration_quarters), 2)
            for kind, total in (
                (BudgetKind.CAPITAL.value, initiative.budget_capital),
                (BudgetKind.OPERATING.value, initiative.budget_operating),
            )
            if total
        }
        if budget:
            # Extension: euros per quarter of the run, spread evenly (budget per year).
            item["x-budget"] = budget
        points: dict[str, float] = {}
        for objective_id, value in terms.get(initiative.pk, []):
            theme = theme_of.get(objective_id)
            if theme is not None:
                points[theme] = points.get(theme, 0.0) + value
        if any(points.values()):
            # Extension: score points per theme of the framework (value per objective).
            item["x-objectives"] = {k: round(v, 3) for k, v in points.items() if v}
        translation.initiatives[item["id"]] = initiative
        items.append(item)
    if unscored and framework is not None:
        translation.warnings.append(
            _("Zonder score onder het vastgestelde afwegingskader (waarde %(value)s): %(ids)s.")
            % {"value": constants.UNSCORED_VALUE, "ids": ", ".join(unscored)}
        )
    return items


def _themes(framework: Framework | None) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Objective id → code of its theme (the top of its tree), and the themes in order."""
    if framework is None:
        return {}, []
    rows = list(
        framework.objectives.order_by("order", "code").values_list(
            "pk", "parent_id", "code", "name"
        )
    )
    parent = {pk: parent_id for pk, parent_id, _code, _name in rows}
    code = {pk: c for pk, _parent, c, _name in rows}

    def root(pk: int) -> int:
        seen = {pk}
        while parent.get(pk) is not None and parent[pk] not in seen:
            pk = parent[pk]
            seen.add(pk)
        return pk

    theme_of = {str(pk): code[root(pk)] for pk in parent}
    themes = [{"code": c, "name": name} for pk, parent_id, c, name in rows if parent_id is None]
    return theme_of, themes


def _item(
    initiative: Initiative,
    settings: PlanningSettings,
    levers: list[Lever],
    pool_codes: set[str],
    translation: Translation,
) -> dict[str, Any] | None:
    """One initiative in the problem, or None when it cannot be in this horizon."""
    horizon = settings.horizon
    duration = max(1, initiative.duration_quarters)
    profile = _demand(initiative, duration, pool_codes)
    start = (
        settings.period_index(initiative.start_year, initiative.start_quarter)
        if initiative.start_year and initiative.start_quarter
        else 0
    )
    item: dict[str, Any] = {
        "id": initiative_id(initiative),
        "name": initiative.title,
        # Extensions (ignored by the optimiser): enough to show a stored run without queries.
        "x-pk": initiative.pk,
        "x-domain": initiative.domain.name,
    }
    if initiative.state == constants.RUNNING_STATE:
        # Running work keeps its actual start; only what is left of it needs capacity.
        if start >= horizon or start + duration <= 0:
            return None
        skip = max(0, -start)
        start = max(0, start)
        length = min(duration - skip, horizon - start)
        item.update(
            duration=length,
            demand={pid: hours[skip : skip + length] for pid, hours in profile.items()},
            earliest_start=start,
            fixed_start=start,
        )
        return item
    if duration > horizon:
        translation.warnings.append(
            _("%(ref)s duurt langer dan de planningshorizon en is niet meegenomen.")
            % {"ref": initiative.reference}
        )
        return None
    last = horizon - duration
    earliest = min(max(0, start), last)
    latest: int | None = None
    if initiative.latest_year and initiative.latest_quarter:
        latest = min(
            max(settings.period_index(initiative.latest_year, initiative.latest_quarter), earliest),
            last,
        )
    mandatory = initiative.is_statutory
    fixed: int | None = None
    for lever in levers:
        index = (
            settings.period_index(lever.year, lever.quarter)
            if lever.year and lever.quarter
            else None
        )
        if lever.kind == LeverKind.FORCE_IN:
            mandatory = True
        elif lever.kind == LeverKind.FIX_START and index is not None:
            fixed = min(max(0, index), last)
        elif lever.kind == LeverKind.BOUND_START:
            if index is not None:
                earliest = min(max(0, index), last)
            if lever.latest_year and lever.latest_quarter:
                latest = min(
                    max(0, settings.period_index(lever.latest_year, lever.latest_quarter)), last
                )
    if latest is not None and latest < earliest:
        latest = earliest
    item.update(duration=duration, demand=profile, earliest_start=earliest, mandatory=mandatory)
    if latest is not None:
        item["latest_start"] = latest
    if fixed is not None:
        item.update(fixed_start=fixed, earliest_start=min(earliest, fixed))
        if latest is not None and latest < fixed:
            item["latest_start"] = fixed
    return item


def _demand(initiative: Initiative, duration: int, pool_codes: set[str]) -> dict[str, list[float]]:
    profile: dict[str, list[float]] = {}
    for demand in initiative.demands.all():
        code = demand.pool.code
        if code not in pool_codes or demand.offset >= duration or not demand.hours:
            continue
        profile.setdefault(code, [0.0] * duration)[demand.offset] = float(demand.hours)
    return profile


# --- running the optimiser -----------------------------------------------------------------


def _options(
    progress: ProgressHook | None, time_limit: float, node_limit: int | None, **extra: Any
) -> SolveOptions:
    def report(update: Progress) -> None:
        if progress is not None:
            progress(update.phase, update.elapsed, update.objective)

    return SolveOptions(
        time_limit=time_limit, node_limit=node_limit, progress=report, seed=0, **extra
    )


def solve_plan(
    problem: Mapping[str, Any],
    *,
    progress: ProgressHook | None = None,
    time_limit: float = constants.TIME_LIMIT_SECONDS,
    node_limit: int | None = constants.NODE_LIMIT,
) -> dict[str, Any]:
    """The optimal (or best found) plan as a solution document."""
    parsed = parse_problem(dict(problem))
    solution = solve(parsed, _options(progress, time_limit, node_limit), mode="plan")
    return solution_to_json(solution, parsed)


def solve_whatif(
    problem: Mapping[str, Any],
    baseline: Mapping[str, int],
    *,
    progress: ProgressHook | None = None,
    time_limit: float = constants.TIME_LIMIT_SECONDS,
    node_limit: int | None = constants.NODE_LIMIT,
) -> dict[str, Any]:
    """The best plan under the problem's forced change that moves the baseline least."""
    parsed = parse_problem(dict(problem))
    placements = [Placement(id=key, start=start) for key, start in baseline.items()]
    solution = solve(
        parsed, _options(progress, time_limit, node_limit), mode="whatif", baseline=placements
    )
    return solution_to_json(solution, parsed)


def solve_cost_of_yes(
    problem: Mapping[str, Any],
    baseline: Mapping[str, int],
    yes: Iterable[str],
    *,
    progress: ProgressHook | None = None,
    time_limit: float = constants.TIME_LIMIT_SECONDS,
    node_limit: int | None = constants.NODE_LIMIT,
) -> dict[str, Any]:
    """The least extra capacity that fits `yes` next to the baseline, kept exactly."""
    parsed = parse_problem(dict(problem))
    placements = [Placement(id=key, start=start) for key, start in baseline.items()]
    options = _options(progress, time_limit, node_limit, yes=tuple(yes))
    solution = solve(parsed, options, mode="cost-of-yes", baseline=placements)
    return solution_to_json(solution, parsed)


def check(problem: Mapping[str, Any], solution: Mapping[str, Any]) -> list[str]:
    """Violations found by the optimiser's independent checker (empty: the plan is feasible)."""
    return check_solution(problem, solution)


def value_of(problem: Mapping[str, Any], starts: Mapping[str, int]) -> float:
    """The value of a plan (initiative id → start) under the problem."""
    return plan_value(problem, [{"id": key, "start": start} for key, start in starts.items()])


def solve_with_extra(
    problem: Mapping[str, Any],
    extra: Mapping[str, list[float]],
    *,
    time_limit: float = constants.TIME_LIMIT_SECONDS,
    node_limit: int | None = constants.NODE_LIMIT,
) -> tuple[float, list[str]]:
    """Best plan value with extra capacity per pool and period, and the checker's violations."""
    bigger = with_extra_capacity(problem, extra)
    solution = solve_plan(bigger, time_limit=time_limit, node_limit=node_limit)
    if solution["status"] not in ("optimal", "feasible"):
        return 0.0, [str(solution.get("message") or solution["status"])]
    return float(solution["objective"]), check(bigger, solution)


def with_extra_capacity(
    problem: Mapping[str, Any], extra: Mapping[str, list[float]]
) -> dict[str, Any]:
    """The problem with capacity added per pool per period (to check a cost-of-yes plan)."""
    pools = []
    for pool in problem["pools"]:
        capacity = pool["capacity"]
        base = capacity if isinstance(capacity, list) else [capacity] * len(problem["periods"])
        add = extra.get(pool["id"], [0.0] * len(base))
        pools.append({**pool, "capacity": [a + b for a, b in zip(base, add, strict=True)]})
    return {**problem, "pools": pools}
