"""The plan of record: its heat-map cells in detail, the roadmap, and moving one initiative."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from koersvast.tenancy.models import Municipality

from .. import constants, presenters
from ..choices import RunStatus
from ..documents import X_AFTER_KIND, X_DOMAIN, X_PK, X_TOGETHER, DigestProblem, DigestSolution
from ..models import (
    PlanItem,
    PlanVersion,
    Scenario,
    ScenarioRun,
)
from .digest import run_documents
from .results import budget_rows, budget_spending


def plan_run(*, municipality: Municipality) -> tuple[Scenario | None, ScenarioRun | None]:
    """The plan of record and the run its current plan version adopted (with problem and
    solution); before any plan version, the plan scenario's newest finished run."""
    version = (
        PlanVersion.objects.in_municipality(municipality)
        .select_related("scenario", "run")
        .order_by("-pk")
        .first()
    )
    if version is not None:
        return version.scenario, version.run
    plan = Scenario.objects.in_municipality(municipality).filter(is_plan_of_record=True).first()
    if plan is None:
        return None, None
    return plan, plan.runs.filter(status=RunStatus.DONE).order_by("-pk").first()


def plan_digest(
    *, municipality: Municipality
) -> tuple[Scenario | None, ScenarioRun | None, DigestProblem, DigestSolution]:
    """The plan of record, the run its plan version adopted (light) and that run's digest
    documents; before any plan version, the plan scenario's newest finished run."""
    version = (
        PlanVersion.objects.in_municipality(municipality)
        .select_related("scenario", "run")
        .defer("run__problem", "run__solution")
        .order_by("-pk")
        .first()
    )
    plan: Scenario | None
    run: ScenarioRun | None
    if version is not None:
        plan, run = version.scenario, version.run
    else:
        plan = Scenario.objects.in_municipality(municipality).filter(is_plan_of_record=True).first()
        if plan is None:
            return None, None, DigestProblem(), DigestSolution()
        run = (
            plan.runs.filter(status=RunStatus.DONE)
            .defer("problem", "solution")
            .order_by("-pk")
            .first()
        )
    if run is None:
        return plan, None, DigestProblem(), DigestSolution()
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
    by_id = {item["id"]: item for item in problem.get("initiatives", [])}
    lines = []
    for entry in solution.get("selected", []):
        item = by_id.get(entry["id"])
        if item is None:
            continue
        hours = _demand_at(item, pool, index - int(entry["start"]))
        if hours:
            lines.append(
                CellLine(
                    id=entry["id"],
                    pk=item.get(X_PK),
                    name=item.get("name", entry["id"]),
                    domain=item.get(X_DOMAIN, ""),
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
    paused: bool = False  # gepauzeerd now: its capacity is released in the next scenario
    # What it waits for in this plan: the predecessor's id and a sentence naming its end.
    waits_for: list[tuple[str, str]] = field(default_factory=list)
    alternative_group: str = ""


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
    # Every dependency between planned initiatives, as a sentence (the arrows' text version).
    links: list[DependencyLine] = field(default_factory=list)


@dataclass
class DependencyLine:
    before: str
    after: str
    text: str


def dependency_lines(
    problem: Mapping[str, Any], starts: Mapping[str, int]
) -> dict[str, list[DependencyLine]]:
    """Per planned initiative: 'start na afronding van KV-014 (eindigt 2028-Q4)' for every
    predecessor in the plan, from the stored problem (no queries; decision 0404)."""
    periods = list(problem.get("periods", []))
    items = {item["id"]: item for item in problem.get("initiatives", [])}
    result: dict[str, list[DependencyLine]] = {}
    for item_id in starts:
        item = items.get(item_id, {})
        lags = item.get("after_lag") or {}
        kinds = item.get(X_AFTER_KIND) or {}
        for pred in item.get("after", []):
            if pred not in starts:
                continue
            end = starts[pred] + int(items[pred].get("duration", 1)) - 1
            end_label = periods[end] if 0 <= end < len(periods) else "?"
            values = {"after": item_id, "before": pred, "end": end_label}
            if kinds.get(pred) == "resultaat":
                text = _("%(after)s heeft het resultaat nodig van %(before)s (eindigt %(end)s)")
            elif lags.get(pred):
                values["lag"] = lags[pred]
                text = _(
                    "%(after)s start na afronding van %(before)s (eindigt %(end)s) en "
                    "%(lag)s periode(n) wachttijd"
                )
            else:
                text = _("%(after)s start na afronding van %(before)s (eindigt %(end)s)")
            result.setdefault(item_id, []).append(DependencyLine(pred, item_id, text % values))
        for partner in item.get(X_TOGETHER, []):
            if partner in starts and item_id < partner:
                text = _("%(a)s start gelijk met %(b)s") % {"a": item_id, "b": partner}
                if starts[partner] != starts[item_id]:
                    text += " " + _("(in dit plan niet gelijk: controleer de planning)")
                result.setdefault(item_id, []).append(DependencyLine(partner, item_id, text))
    return result


def roadmap(
    run: ScenarioRun,
    items: Mapping[int, PlanItem] | None = None,
    paused: Collection[int] = (),
) -> Roadmap:
    """The plan's initiatives per domain with the quarters in which they run; `items` (the
    plan version's, by initiative) give the planned periods the labels name, so running work
    shows its actual start even before the horizon."""
    problem, solution = run.problem or {}, run.solution or {}
    items_by_pk = items or {}
    periods = list(problem.get("periods", []))
    by_id = {item["id"]: item for item in problem.get("initiatives", [])}
    per_domain: dict[str, list[RoadmapRow]] = {}
    starts = {e["id"]: int(e["start"]) for e in solution.get("selected", [])}
    lines = dependency_lines(problem, starts)
    for entry in solution.get("selected", []):
        item = by_id.get(entry["id"])
        if item is None:
            continue
        start = int(entry["start"])
        end = start + int(item.get("duration", 1)) - 1
        planned = items_by_pk.get(item.get(X_PK))
        per_domain.setdefault(item.get(X_DOMAIN, ""), []).append(
            RoadmapRow(
                id=entry["id"],
                pk=item.get(X_PK),
                name=item.get("name", entry["id"]),
                start=start,
                end=end,
                running=item.get("fixed_start") is not None,
                cells=[start <= i <= end for i in range(len(periods))],
                start_label=planned.start_period if planned else periods[start],
                end_label=planned.end_period if planned else periods[min(end, len(periods) - 1)],
                paused=item.get(X_PK) in paused,
                waits_for=[(line.before, line.text) for line in lines.get(entry["id"], [])],
                alternative_group=str(item.get("exclusive_group") or "").removeprefix(
                    "alternatief:"
                ),
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
    links = [line for rows in lines.values() for line in rows]
    return Roadmap(periods=periods, years=years, domains=domains, links=links)


def paused_initiatives(municipality: Municipality) -> set[int]:
    """The ids of the municipality's paused initiatives (one query), marked on the roadmap."""
    from koersvast.portfolio.models import Initiative

    return set(
        Initiative.objects.in_municipality(municipality)
        .filter(state=constants.PAUSED_STATE)
        .values_list("pk", flat=True)
    )


def roadmap_items(version_id: int | None) -> dict[int, PlanItem]:
    """The planned items of a plan version by initiative (one query; none without a version)."""
    if version_id is None:
        return {}
    return {
        item.initiative_id: item
        for item in PlanItem.objects.filter(version_id=version_id).exclude(start_period="")
    }


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
    moved = {**starts, item_id: new_start}
    overloads, resolved = _capacity_changes(problem, starts, moved)
    budget_overloads, budget_resolved = _budget_changes(problem, solution, starts, moved)
    return MovePreview(
        id=item_id,
        name=item.get("name", item_id),
        old=periods[starts[item_id]],
        new=periods[new_start],
        notes=_move_notes(item, new_start, len(periods))
        + _dependency_notes(problem, moved, item_id),
        overloads=overloads,
        resolved=resolved,
        budget_overloads=budget_overloads,
        budget_resolved=budget_resolved,
    )


def _move_notes(item: Mapping[str, Any], new_start: int, horizon: int) -> list[str]:
    """Why the new start may not be what the plan allows."""
    notes = []
    if new_start + int(item.get("duration", 1)) > horizon:
        notes.append(_("Het initiatief loopt dan door na de planningshorizon."))
    if item.get("fixed_start") is not None:
        notes.append(_("Dit initiatief loopt al of heeft een vastgezette start."))
    earliest = int(item.get("earliest_start", 0))
    latest = item.get("latest_start")
    if new_start < earliest or (latest is not None and new_start > int(latest)):
        notes.append(_("Deze start ligt buiten het startvenster van het initiatief."))
    return notes


def _capacity_changes(
    problem: Mapping[str, Any], before_starts: Mapping[str, int], after_starts: Mapping[str, int]
) -> tuple[list[Overload], list[Overload]]:
    """Pool cells over capacity after the move, and cells the move brings back under it."""
    periods = problem["periods"]
    before, after = _usage(problem, before_starts), _usage(problem, after_starts)
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
    return overloads, resolved


def _budget_changes(
    problem: Mapping[str, Any],
    solution: Mapping[str, Any],
    before_starts: Mapping[str, int],
    after_starts: Mapping[str, int],
) -> tuple[list[Overload], list[Overload]]:
    """Budget years over their room after the move, and years the move brings back under it."""
    overloads, resolved = [], []
    spent_before = budget_spending(problem, before_starts)
    spent_after = budget_spending(problem, after_starts)
    for row in budget_rows(problem, solution):
        for cell in row.cells:
            if cell.room is None:
                continue
            old = spent_before.get(row.kind, {}).get(cell.year, 0.0)
            new = spent_after.get(row.kind, {}).get(cell.year, 0.0)
            line = Overload(row.label, cell.year, round(new), cell.room, round(old))
            if new > cell.room + 0.5:
                overloads.append(line)
            elif old > cell.room + 0.5:
                resolved.append(line)
    return overloads, resolved


def _dependency_notes(
    problem: Mapping[str, Any], moved: Mapping[str, int], item_id: str
) -> list[str]:
    """A moved start that breaks a dependency: which predecessor ends too late, and which
    dependants would have to move along (decision 0404)."""
    periods = problem.get("periods", [])
    items = {item["id"]: item for item in problem.get("initiatives", [])}
    notes = []

    def ready(after: str, before: str) -> int:
        lag = int((items[after].get("after_lag") or {}).get(before, 0))
        return moved[before] + int(items[before].get("duration", 1)) + lag

    for pred in items[item_id].get("after", []):
        if pred in moved and moved[item_id] < ready(item_id, pred):
            end = moved[pred] + int(items[pred].get("duration", 1)) - 1
            notes.append(
                _("%(ref)s kan pas na %(other)s (eindigt %(end)s).")
                % {"ref": item_id, "other": pred, "end": periods[min(end, len(periods) - 1)]}
            )
    for other, item in items.items():
        waits = item_id in item.get("after", []) and other in moved
        if waits and moved[other] < ready(other, item_id):
            notes.append(
                _("%(other)s wacht op %(ref)s en moet dan mee naar %(start)s of later.")
                % {
                    "other": other,
                    "ref": item_id,
                    "start": periods[min(ready(other, item_id), len(periods) - 1)],
                }
            )
    return notes
