"""Reads of the planning app: scenario lists, run results, comparisons (constant queries)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils.translation import gettext as _

from koersvast.portfolio.models import Initiative
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.models import Municipality

from . import presenters
from .choices import RunStatus
from .models import (
    Lever,
    MarginalAnalysis,
    Scenario,
    ScenarioDecision,
    ScenarioRun,
    UrgencyRequest,
)

HEAVY = ("problem", "solution", "digest")


def _latest_run_id(status: str | None = None) -> Subquery:
    runs = ScenarioRun.objects.filter(scenario=OuterRef("pk"))
    if status is not None:
        runs = runs.filter(status=status)
    return Subquery(runs.order_by("-pk").values("pk")[:1])


def scenarios_overview(*, municipality: Municipality) -> list[Scenario]:
    """The municipality's scenarios, each with `latest` (its newest run, light) — two queries."""
    scenarios = list(
        Scenario.objects.in_municipality(municipality).annotate(latest_id=_latest_run_id())
    )
    runs = ScenarioRun.objects.defer(*HEAVY).in_bulk(
        [s.latest_id for s in scenarios if s.latest_id]
    )
    for scenario in scenarios:
        scenario.latest = runs.get(scenario.latest_id)  # type: ignore[attr-defined]
    return scenarios


def scenario_get(*, user: Any, pk: int) -> Scenario:
    levers = Lever.objects.select_related("initiative", "pool")
    return get_for_user_or_404(
        Scenario.objects.select_related("based_on", "framework", "created_by").prefetch_related(
            Prefetch("levers", queryset=levers)
        ),
        user,
        pk=pk,
    )


def latest_runs(scenario: Scenario) -> tuple[ScenarioRun | None, ScenarioRun | None]:
    """The newest run (any status, light) and the newest finished run (with its result)."""
    newest = scenario.runs.defer(*HEAVY).order_by("-pk").first()
    if newest is not None and newest.status == RunStatus.DONE:
        return newest, scenario.runs.get(pk=newest.pk)
    return newest, scenario.runs.filter(status=RunStatus.DONE).order_by("-pk").first()


def run_get(*, user: Any, pk: int) -> ScenarioRun:
    return get_for_user_or_404(
        ScenarioRun.objects.defer(*HEAVY).select_related("scenario"), user, pk=pk
    )


def decisions_of(scenario: Scenario) -> QuerySet[ScenarioDecision]:
    return scenario.decisions.select_related("body", "decided_by", "previous")


# --- one run's result ------------------------------------------------------------------------


@dataclass
class PlanRow:
    """A planned initiative: start and end period, value, and how much later than it could."""

    id: str
    pk: int | None
    name: str
    domain: str
    start: str
    end: str
    value: float
    delay: int


@dataclass
class OutRow:
    """An initiative left out of the plan or started later, with the reason."""

    id: str
    pk: int | None
    name: str
    status: str
    value: float
    delay: int
    text: str


@dataclass
class HeatCell:
    used: float
    capacity: float
    pct: int
    level: str
    period: str = ""


@dataclass
class HeatRow:
    pool: str
    cells: list[HeatCell]
    code: str = ""


@dataclass
class BudgetCell:
    """A plan's spending in one year against the budget room (None: not limited)."""

    year: str
    spent: float
    room: float | None

    @property
    def pct(self) -> int | None:
        if self.room is None:
            return None
        return round(self.spent / self.room * 100) if self.room else (0 if not self.spent else 999)

    @property
    def level(self) -> str:
        return "low" if self.pct is None else _level(self.pct)


@dataclass
class BudgetRow:
    kind: str
    label: str
    cells: list[BudgetCell]


@dataclass
class RunResult:
    """What a finished run says, ready for the page."""

    run: ScenarioRun
    periods: list[str]
    selected: list[PlanRow] = field(default_factory=list)
    out: list[OutRow] = field(default_factory=list)
    heat: list[HeatRow] = field(default_factory=list)
    budget: list[BudgetRow] = field(default_factory=list)

    @property
    def years(self) -> list[str]:
        return list(dict.fromkeys(label[:4] for label in self.periods))

    @property
    def in_months(self) -> bool:
        return presenters.in_months(self.periods)

    @property
    def budget_table(self) -> list[tuple[str, list[BudgetCell]]]:
        return [(row.label, row.cells) for row in self.budget]

    @property
    def delayed(self) -> list[OutRow]:
        return [row for row in self.out if row.status == "delayed"]

    @property
    def unselected(self) -> list[OutRow]:
        return [row for row in self.out if row.status != "delayed"]


def _level(pct: float) -> str:
    if pct > 100.5:
        return "over"
    if pct >= 90:
        return "high"
    if pct >= 70:
        return "mid"
    return "low"


def heat_rows(problem: Mapping[str, Any], solution: Mapping[str, Any]) -> list[HeatRow]:
    """Hours used against capacity per pool and period (budget pools: see `budget_rows`)."""
    rows = []
    horizon = len(problem["periods"])
    for pool in problem["pools"]:
        if pool.get("buckets"):
            continue
        capacity = pool["capacity"]
        capacity = capacity if isinstance(capacity, list) else [capacity] * horizon
        used = solution.get("utilisation", {}).get(pool["id"], [0.0] * horizon)
        cells = []
        for u, c, label in zip(used, capacity, problem["periods"], strict=False):
            pct = round(u / c * 100) if c else (0 if not u else 999)
            cells.append(HeatCell(round(u), round(c), pct, _level(pct), label))
        rows.append(HeatRow(pool.get("name", pool["id"]), cells, pool["id"]))
    return rows


def budget_spending(
    problem: Mapping[str, Any], starts: Mapping[str, int]
) -> dict[str, dict[str, float]]:
    """Euros per kind and year of a plan, from each initiative's budget per quarter."""
    periods = problem.get("periods", [])
    items = {item["id"]: item for item in problem.get("initiatives", [])}
    spent: dict[str, dict[str, float]] = {}
    for item_id, start in starts.items():
        item = items.get(item_id, {})
        for kind, per_period in (item.get("x-budget") or {}).items():
            years = spent.setdefault(kind, {})
            for t in range(start, min(len(periods), start + int(item.get("duration", 1)))):
                years[periods[t][:4]] = years.get(periods[t][:4], 0.0) + float(per_period)
    return spent


def budget_rows(problem: Mapping[str, Any], solution: Mapping[str, Any]) -> list[BudgetRow]:
    """Spending per kind and year against the budget room, for every kind with either."""
    from koersvast.monitoring.choices import BudgetKind

    years = list(dict.fromkeys(label[:4] for label in problem.get("periods", [])))
    starts = {e["id"]: int(e["start"]) for e in solution.get("selected", [])}
    spent = budget_spending(problem, starts)
    rooms: dict[str, dict[str, float]] = {}
    for pool in problem.get("pools", []):
        kind = pool.get("x-budget-kind")
        if kind and pool.get("buckets"):
            labels = [str(y) for y in pool.get("x-years", [])]
            rooms[kind] = dict(zip(labels, map(float, pool["capacity"]), strict=False))
    rows = []
    for kind in BudgetKind:
        if kind.value not in spent and kind.value not in rooms:
            continue
        room = rooms.get(kind.value)
        cells = [
            BudgetCell(
                year,
                round(spent.get(kind.value, {}).get(year, 0.0)),
                None if room is None else room.get(year),
            )
            for year in years
        ]
        rows.append(BudgetRow(kind.value, str(kind.label), cells))
    return rows


def run_result(run: ScenarioRun) -> RunResult:
    """Rows for the plan, the exclusions with reasons, and the heat map of a finished run."""
    problem, solution = run.problem or {}, run.solution or {}
    periods = list(problem.get("periods", []))
    items = {item["id"]: item for item in problem.get("initiatives", [])}
    result = RunResult(run=run, periods=periods)
    if not problem or not solution:
        return result
    for entry in sorted(solution.get("selected", []), key=lambda e: (e["start"], e["id"])):
        item = items[entry["id"]]
        result.selected.append(
            PlanRow(
                id=entry["id"],
                pk=item.get("x-pk"),
                name=item.get("name", entry["id"]),
                domain=item.get("x-domain", ""),
                start=periods[entry["start"]],
                end=periods[entry.get("end", entry["start"] + item["duration"] - 1)],
                value=float(entry.get("value", item["value"])),
                delay=entry["start"] - int(item.get("earliest_start", 0)),
            )
        )
    for explanation in solution.get("explanations", []):
        item = items.get(explanation["id"], {})
        result.out.append(
            OutRow(
                id=explanation["id"],
                pk=item.get("x-pk"),
                name=item.get("name", explanation["id"]),
                status=explanation.get("status", "unselected"),
                value=float(item.get("value", 0.0)),
                delay=int(explanation.get("delay", 0)),
                text=presenters.explanation_text(problem, explanation),
            )
        )
    result.heat = heat_rows(problem, solution)
    result.budget = budget_rows(problem, solution)
    return result


# --- comparison ----------------------------------------------------------------------------

# What a comparison and the dashboard read of a selected initiative (no demand, no windows).
DIGEST_ITEM_KEYS = ("id", "name", "duration", "x-pk", "x-domain", "x-budget", "x-objectives")


def run_digest(problem: Mapping[str, Any], solution: Mapping[str, Any]) -> dict[str, Any]:
    """The problem and solution cut down to what comparisons read, in the same shape.

    A 2,000-initiative run stores some 800 kB of JSON, nine tenths of it explanations; a
    comparison of four scenarios decoded all of it. The digest keeps the periods, the pools and
    themes, the selected initiatives (names, value, budget and objective points, no demand) and
    the utilisation, so `heat_rows`, `budget_rows` and the comparison run on it unchanged.
    """
    chosen = {entry["id"] for entry in solution.get("selected", [])}
    items = [
        {key: item[key] for key in DIGEST_ITEM_KEYS if key in item}
        for item in problem.get("initiatives", [])
        if item["id"] in chosen
    ]
    return {
        "problem": {
            "periods": problem.get("periods", []),
            "pools": problem.get("pools", []),
            "x-themes": problem.get("x-themes", []),
            "initiatives": items,
        },
        "solution": {
            "selected": solution.get("selected", []),
            "utilisation": solution.get("utilisation", {}),
        },
    }


def run_documents(run: ScenarioRun) -> tuple[dict[str, Any], dict[str, Any]]:
    """Problem and solution for reading a run's plan: its digest, made once for older runs."""
    if not run.digest:
        full = ScenarioRun.objects.only("problem", "solution").get(pk=run.pk)
        run.digest = run_digest(full.problem or {}, full.solution or {})
        ScenarioRun.objects.filter(pk=run.pk).update(digest=run.digest)
    return run.digest["problem"], run.digest["solution"]


@dataclass
class Column:
    scenario: Scenario
    run: ScenarioRun | None
    # The run's plan to read (its digest); empty without a finished run.
    problem: dict[str, Any] = field(default_factory=dict)
    solution: dict[str, Any] = field(default_factory=dict)


@dataclass
class ChangeRow:
    """One initiative whose place differs between the scenarios: per column a short text."""

    name: str
    pk: int | None
    cells: list[str]


@dataclass
class Comparison:
    columns: list[Column]
    periods: list[str]
    totals: list[float | None]
    improvements: list[float | None]
    domains: list[tuple[str, list[float]]]
    changes: list[ChangeRow]
    unchanged: int
    heat: list[tuple[str, list[tuple[str, list[HeatCell]]]]]
    budget: list[tuple[str, list[tuple[str, list[BudgetCell]]]]] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    # Score points per theme of the framework (value per objective; negative contributions
    # count against it), per column.
    objectives: list[tuple[str, list[float]]] = field(default_factory=list)


def comparison(*, municipality: Municipality, ids: Iterable[int]) -> Comparison:
    """Side by side: value, value per domain, moves in/out, utilisation (two queries)."""
    wanted = [int(i) for i in ids]
    scenarios = {
        s.pk: s
        for s in Scenario.objects.in_municipality(municipality)
        .filter(pk__in=wanted)
        .annotate(done_id=_latest_run_id(RunStatus.DONE))
    }
    ordered = [scenarios[i] for i in dict.fromkeys(wanted) if i in scenarios]
    runs = ScenarioRun.objects.defer("problem", "solution").in_bulk(
        [s.done_id for s in ordered if s.done_id]  # type: ignore[attr-defined]
    )
    columns = [Column(s, runs.get(s.done_id)) for s in ordered]  # type: ignore[attr-defined]
    for column in columns:
        if column.run is not None:
            column.problem, column.solution = run_documents(column.run)
    plans: list[dict[str, int]] = []
    names: dict[str, tuple[str, int | None, str]] = {}
    periods: list[str] = []
    for column in columns:
        periods = periods or list(column.problem.get("periods", []))
        for item in column.problem.get("initiatives", []):
            names[item["id"]] = (item.get("name", ""), item.get("x-pk"), item.get("x-domain", ""))
        plans.append({e["id"]: int(e["start"]) for e in column.solution.get("selected", [])})
    domains: dict[str, list[float]] = {}
    for index, column in enumerate(columns):
        for entry in column.solution.get("selected", []):
            domain = names.get(entry["id"], ("", None, ""))[2]
            domains.setdefault(domain, [0.0] * len(columns))[index] += float(
                entry.get("value", 0.0)
            )
    changes, unchanged = _changes(plans, names, periods)
    heat = _heat(columns)
    objectives = _objectives(columns)
    return Comparison(
        columns=columns,
        periods=periods,
        totals=[c.run.objective if c.run else None for c in columns],
        improvements=[c.run.improvement_pct if c.run else None for c in columns],
        domains=sorted(domains.items()),
        changes=changes,
        unchanged=unchanged,
        heat=heat,
        budget=_budget(columns),
        years=list(dict.fromkeys(label[:4] for label in periods)),
        objectives=objectives,
    )


def _objectives(columns: list[Column]) -> list[tuple[str, list[float]]]:
    """Per theme of the framework the score points the selected initiatives bring, per column."""
    names: dict[str, str] = {}
    totals: dict[str, list[float]] = {}
    for index, column in enumerate(columns):
        problem, solution = column.problem, column.solution
        for theme in problem.get("x-themes", []):
            names.setdefault(theme["code"], theme["name"])
            totals.setdefault(theme["code"], [0.0] * len(columns))
        items = {item["id"]: item for item in problem.get("initiatives", [])}
        for entry in solution.get("selected", []):
            for code, points in (items.get(entry["id"], {}).get("x-objectives") or {}).items():
                totals.setdefault(code, [0.0] * len(columns))[index] += float(points)
    return [(names.get(code, code), values) for code, values in totals.items()]


def _changes(
    plans: list[dict[str, int]],
    names: dict[str, tuple[str, int | None, str]],
    periods: list[str],
) -> tuple[list[ChangeRow], int]:
    if not plans:
        return [], 0
    reference = plans[0]
    unit = _("mnd.") if presenters.in_months(periods) else _("kw.")
    rows, unchanged = [], 0
    for item_id in sorted(set().union(*plans), key=lambda i: names.get(i, (i,))[0]):
        starts = [plan.get(item_id) for plan in plans]
        if len(set(starts)) == 1:
            unchanged += 1
            continue
        cells = []
        for start in starts:
            base = reference.get(item_id)
            if start is None:
                cells.append("uit")
            elif base is None:
                cells.append(f"in {periods[start]}")
            elif start != base:
                cells.append(f"{periods[start]} ({start - base:+d} {unit})")
            else:
                cells.append(periods[start])
        name, pk, _domain = names.get(item_id, (item_id, None, ""))
        rows.append(ChangeRow(name=name, pk=pk, cells=cells))
    return rows, unchanged


def _heat(columns: list[Column]) -> list[tuple[str, list[tuple[str, list[HeatCell]]]]]:
    per_pool: dict[str, list[tuple[str, list[HeatCell]]]] = {}
    for column in columns:
        if not column.problem:
            continue
        for row in heat_rows(column.problem, column.solution):
            per_pool.setdefault(row.pool, []).append((column.scenario.name, row.cells))
    return list(per_pool.items())


def _budget(columns: list[Column]) -> list[tuple[str, list[tuple[str, list[BudgetCell]]]]]:
    per_kind: dict[str, list[tuple[str, list[BudgetCell]]]] = {}
    for column in columns:
        if not column.problem:
            continue
        for row in budget_rows(column.problem, column.solution):
            per_kind.setdefault(row.label, []).append((column.scenario.name, row.cells))
    return list(per_kind.items())


# --- urgency ---------------------------------------------------------------------------------


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
        .defer("options")
    )


def urgency_get(*, user: Any, pk: int, light: bool = False) -> UrgencyRequest:
    queryset = UrgencyRequest.objects.select_related("initiative", "plan", "body", "decided_by")
    if light:
        queryset = queryset.defer("options")
    return get_for_user_or_404(queryset, user, pk=pk)


def plannable_initiatives(*, municipality: Municipality) -> QuerySet[Initiative]:
    """Initiatives a lever or an urgency request may point at (not finished or stopped)."""
    return (
        Initiative.objects.in_municipality(municipality)
        .exclude(state__in=["afgerond", "batenrealisatie", "afgewezen", "gestopt"])
        .only("pk", "reference", "title")
        .order_by("reference")
    )


# --- marginal value and efficient frontier ---------------------------------------------------


def latest_analysis(scenario: Scenario) -> MarginalAnalysis | None:
    return scenario.analyses.select_related("pool").order_by("-pk").first()


def analysis_get(*, user: Any, pk: int) -> MarginalAnalysis:
    return get_for_user_or_404(
        MarginalAnalysis.objects.defer("result").select_related("scenario"), user, pk=pk
    )


# --- the plan of record: heat map drill-down and roadmap -------------------------------------


def plan_run(*, municipality: Municipality) -> tuple[Scenario | None, ScenarioRun | None]:
    """The plan of record and its newest finished run (with problem and solution)."""
    plan = Scenario.objects.in_municipality(municipality).filter(is_plan_of_record=True).first()
    if plan is None:
        return None, None
    return plan, plan.runs.filter(status=RunStatus.DONE).order_by("-pk").first()


def plan_digest(
    *, municipality: Municipality
) -> tuple[Scenario | None, ScenarioRun | None, dict[str, Any], dict[str, Any]]:
    """The plan of record, its newest finished run (light) and that run's digest documents."""
    plan = Scenario.objects.in_municipality(municipality).filter(is_plan_of_record=True).first()
    if plan is None:
        return None, None, {}, {}
    run = (
        plan.runs.filter(status=RunStatus.DONE).defer("problem", "solution").order_by("-pk").first()
    )
    if run is None:
        return plan, None, {}, {}
    problem, solution = run_documents(run)
    return plan, run, problem, solution


def _demand_at(item: Mapping[str, Any], pool: str, offset: int) -> float:
    hours = (item.get("demand") or {}).get(pool)
    if hours is None or offset < 0 or offset >= int(item.get("duration", 1)):
        return 0.0
    return float(hours[offset]) if isinstance(hours, list) else float(hours)


@dataclass
class CellLine:
    id: str
    pk: int | None
    name: str
    domain: str
    start: str
    hours: float


@dataclass
class CellDetail:
    pool: str
    pool_name: str
    period: str
    capacity: float
    lines: list[CellLine]

    @property
    def total(self) -> float:
        return round(sum(line.hours for line in self.lines), 1)

    @property
    def pct(self) -> int:
        return round(self.total / self.capacity * 100) if self.capacity else 0


def heat_cell(run: ScenarioRun, pool: str, index: int) -> CellDetail | None:
    """The initiatives whose demand makes up one heat-map cell of a run, with their hours."""
    problem, solution = run.problem or {}, run.solution or {}
    periods = problem.get("periods", [])
    pools = {p["id"]: p for p in problem.get("pools", [])}
    if pool not in pools or pools[pool].get("buckets") or not 0 <= index < len(periods):
        return None
    capacity = pools[pool]["capacity"]
    capacity = capacity[index] if isinstance(capacity, list) else capacity
    items = {item["id"]: item for item in problem.get("initiatives", [])}
    lines = []
    for entry in solution.get("selected", []):
        item = items.get(entry["id"])
        if item is None:
            continue
        hours = _demand_at(item, pool, index - int(entry["start"]))
        if hours:
            lines.append(
                CellLine(
                    id=entry["id"],
                    pk=item.get("x-pk"),
                    name=item.get("name", entry["id"]),
                    domain=item.get("x-domain", ""),
                    start=periods[int(entry["start"])],
                    hours=round(hours, 1),
                )
            )
    lines.sort(key=lambda line: (-line.hours, line.id))
    return CellDetail(
        pool=pool,
        pool_name=pools[pool].get("name", pool),
        period=periods[index],
        capacity=float(capacity),
        lines=lines,
    )


@dataclass
class RoadmapRow:
    id: str
    pk: int | None
    name: str
    start: int
    end: int
    running: bool
    cells: list[bool]
    start_label: str = ""
    end_label: str = ""


@dataclass
class Overload:
    pool: str
    period: str
    used: float
    capacity: float
    before: float

    @property
    def excess(self) -> float:
        return round(self.used - self.capacity, 1)


@dataclass
class MovePreview:
    id: str
    name: str
    old: str
    new: str
    notes: list[str]
    overloads: list[Overload]
    resolved: list[Overload]
    # Budget per year (euros) that the move pushes over, or back under, its room.
    budget_overloads: list[Overload] = field(default_factory=list)
    budget_resolved: list[Overload] = field(default_factory=list)


@dataclass
class Roadmap:
    periods: list[str]
    years: list[tuple[str, int]]
    domains: list[tuple[str, list[RoadmapRow]]]


def roadmap(run: ScenarioRun) -> Roadmap:
    """The plan's initiatives per domain with the quarters in which they run."""
    problem, solution = run.problem or {}, run.solution or {}
    periods = list(problem.get("periods", []))
    items = {item["id"]: item for item in problem.get("initiatives", [])}
    per_domain: dict[str, list[RoadmapRow]] = {}
    for entry in solution.get("selected", []):
        item = items.get(entry["id"])
        if item is None:
            continue
        start = int(entry["start"])
        end = start + int(item.get("duration", 1)) - 1
        per_domain.setdefault(item.get("x-domain", ""), []).append(
            RoadmapRow(
                id=entry["id"],
                pk=item.get("x-pk"),
                name=item.get("name", entry["id"]),
                start=start,
                end=end,
                running=item.get("fixed_start") is not None,
                cells=[start <= i <= end for i in range(len(periods))],
                start_label=periods[start],
                end_label=periods[min(end, len(periods) - 1)],
            )
        )
    years: list[tuple[str, int]] = []
    for label in periods:
        if years and years[-1][0] == label[:4]:
            years[-1] = (label[:4], years[-1][1] + 1)
        else:
            years.append((label[:4], 1))
    domains = [
        (domain, sorted(rows, key=lambda r: (r.start, r.id)))
        for domain, rows in sorted(per_domain.items())
    ]
    return Roadmap(periods=periods, years=years, domains=domains)


def _usage(problem: Mapping[str, Any], starts: Mapping[str, int]) -> dict[str, list[float]]:
    horizon = len(problem["periods"])
    items = {item["id"]: item for item in problem["initiatives"]}
    usage = {pool["id"]: [0.0] * horizon for pool in problem["pools"]}
    for item_id, start in starts.items():
        item = items[item_id]
        for pool in usage:
            for offset in range(int(item.get("duration", 1))):
                if 0 <= start + offset < horizon:
                    usage[pool][start + offset] += _demand_at(item, pool, offset)
    return usage


def move_preview(run: ScenarioRun, item_id: str, new_start: int) -> MovePreview | None:
    """What-if: the capacity consequence of starting one planned initiative elsewhere.

    Computed from the stored plan (no solver): demand per pool per period with the initiative
    moved, against the run's capacity; lists the over-allocated cells after the move and the
    ones the move resolves.
    """
    problem, solution = run.problem or {}, run.solution or {}
    periods = problem.get("periods", [])
    starts = {e["id"]: int(e["start"]) for e in solution.get("selected", [])}
    items = {item["id"]: item for item in problem.get("initiatives", [])}
    if item_id not in starts or not 0 <= new_start < len(periods):
        return None
    item = items[item_id]
    notes = []
    duration = int(item.get("duration", 1))
    if new_start + duration > len(periods):
        notes.append(_("Het initiatief loopt dan door na de planningshorizon."))
    if item.get("fixed_start") is not None:
        notes.append(_("Dit initiatief loopt al of heeft een vastgezette start."))
    earliest = int(item.get("earliest_start", 0))
    latest = item.get("latest_start")
    if new_start < earliest or (latest is not None and new_start > int(latest)):
        notes.append(_("Deze start ligt buiten het startvenster van het initiatief."))
    before = _usage(problem, starts)
    after = _usage(problem, {**starts, item_id: new_start})
    names = presenters.pool_names(problem)
    overloads, resolved = [], []
    for pool in problem["pools"]:
        if pool.get("buckets"):
            continue
        capacity = pool["capacity"]
        caps = capacity if isinstance(capacity, list) else [capacity] * len(periods)
        for index, cap in enumerate(caps):
            old, new = before[pool["id"]][index], after[pool["id"]][index]
            row = Overload(
                names[pool["id"]], periods[index], round(new, 1), float(cap), round(old, 1)
            )
            if new > cap + 1e-6:
                overloads.append(row)
            elif old > cap + 1e-6:
                resolved.append(row)
    budget_overloads, budget_resolved = [], []
    spent_before = budget_spending(problem, starts)
    spent_after = budget_spending(problem, {**starts, item_id: new_start})
    for row in budget_rows(problem, solution):
        for cell in row.cells:
            if cell.room is None:
                continue
            old = spent_before.get(row.kind, {}).get(cell.year, 0.0)
            new = spent_after.get(row.kind, {}).get(cell.year, 0.0)
            line = Overload(row.label, cell.year, round(new), cell.room, round(old))
            if new > cell.room + 0.5:
                budget_overloads.append(line)
            elif old > cell.room + 0.5:
                budget_resolved.append(line)
    return MovePreview(
        id=item_id,
        name=item.get("name", item_id),
        old=periods[starts[item_id]],
        new=periods[new_start],
        notes=notes,
        overloads=overloads,
        resolved=resolved,
        budget_overloads=budget_overloads,
        budget_resolved=budget_resolved,
    )
