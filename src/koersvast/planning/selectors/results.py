"""One finished run ready for its page: the plan, the exclusions with reasons, the heat map and
the budget per year."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import presenters
from ..documents import (
    X_BUDGET,
    X_BUDGET_KIND,
    X_BUDGET_PROFILE,
    X_CANDIDATES,
    X_DOMAIN,
    X_PK,
    X_TAKEN,
    X_YEARS,
)
from ..models import (
    ScenarioRun,
)


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
class CandidateRow:
    """A candidate from the backlog: from when it would fit next to the plan, or why not."""

    id: str
    pk: int | None
    name: str
    value: float
    start: str = ""
    end: str = ""
    text: str = ""


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
    # Candidates from the backlog (a scenario that includes them): None when it does not.
    candidates: list[CandidateRow] | None = None

    @property
    def candidates_fitting(self) -> list[CandidateRow]:
        return [row for row in self.candidates or [] if row.start]

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
    """Euros per kind and year of a plan, from each initiative's budget per quarter: its finance
    profile where it has one (which runs on after the work: kapitaallasten), else its budget
    spread over its run."""
    periods = problem.get("periods", [])
    items = {item["id"]: item for item in problem.get("initiatives", [])}
    spent: dict[str, dict[str, float]] = {}
    for item_id, start in starts.items():
        item = items.get(item_id, {})
        duration = int(item.get("duration", 1))
        profiles = {
            kind: [float(per_period)] * duration
            for kind, per_period in (item.get(X_BUDGET) or {}).items()
        }
        profiles.update(item.get(X_BUDGET_PROFILE) or {})
        for kind, profile in profiles.items():
            years = spent.setdefault(kind, {})
            for t in range(start, min(len(periods), start + len(profile))):
                years[periods[t][:4]] = years.get(periods[t][:4], 0.0) + float(profile[t - start])
    return spent


def budget_rows(problem: Mapping[str, Any], solution: Mapping[str, Any]) -> list[BudgetRow]:
    """Spending per kind and year against the budget room, for every kind with either."""
    from koersvast.portfolio.choices import BudgetKind

    years = list(dict.fromkeys(label[:4] for label in problem.get("periods", [])))
    starts = {e["id"]: int(e["start"]) for e in solution.get("selected", [])}
    spent = budget_spending(problem, starts)
    rooms: dict[str, dict[str, float]] = {}
    for pool in problem.get("pools", []):
        kind = pool.get(X_BUDGET_KIND)
        if kind and pool.get("buckets"):
            labels = [str(y) for y in pool.get(X_YEARS, [])]
            # What settled work already takes (kapitaallasten) counts as spending against the
            # room as entered, not as a smaller room.
            taken = pool.get(X_TAKEN) or [0.0] * len(labels)
            room = [float(c) + float(t) for c, t in zip(pool["capacity"], taken, strict=False)]
            rooms[kind] = dict(zip(labels, room, strict=False))
            per_year = spent.setdefault(kind, {})
            for label, amount in zip(labels, taken, strict=False):
                if amount:
                    per_year[label] = per_year.get(label, 0.0) + float(amount)
    rows = []
    for kind in BudgetKind:
        if kind.value not in spent and kind.value not in rooms:
            continue
        kind_room = rooms.get(kind.value)
        cells = [
            BudgetCell(
                year,
                round(spent.get(kind.value, {}).get(year, 0.0)),
                None if kind_room is None else kind_room.get(year),
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
                pk=item.get(X_PK),
                name=item.get("name", entry["id"]),
                domain=item.get(X_DOMAIN, ""),
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
                pk=item.get(X_PK),
                name=item.get("name", explanation["id"]),
                status=explanation.get("status", "unselected"),
                value=float(item.get("value", 0.0)),
                delay=int(explanation.get("delay", 0)),
                text=presenters.explanation_text(problem, explanation, item or None),
            )
        )
    result.heat = heat_rows(problem, solution)
    result.budget = budget_rows(problem, solution)
    result.candidates = candidate_rows(problem, solution)
    return result


def candidate_rows(
    problem: Mapping[str, Any], solution: Mapping[str, Any]
) -> list[CandidateRow] | None:
    """The candidates from the backlog of a run: those that fit (by start), then the others."""
    fitted = solution.get(X_CANDIDATES)
    if fitted is None:
        return None
    periods = list(problem.get("periods", []))
    items = {item["id"]: item for item in problem.get(X_CANDIDATES) or []}
    whole: dict[str, Any] | None = None
    rows = []
    for entry in sorted(fitted.get("selected", []), key=lambda e: (e["start"], e["id"])):
        item = items.get(entry["id"], {})
        rows.append(
            CandidateRow(
                id=entry["id"],
                pk=item.get(X_PK),
                name=item.get("name", entry["id"]),
                value=float(entry.get("value", item.get("value", 0.0))),
                start=periods[entry["start"]],
                end=periods[entry.get("end", entry["start"] + int(item.get("duration", 1)) - 1)],
            )
        )
    for explanation in fitted.get("explanations", []):
        if explanation.get("status") == "delayed":
            continue  # fits, later than it could: shown with its start above
        item = items.get(explanation["id"], {})
        whole = whole or problem_with_candidates(problem)
        rows.append(
            CandidateRow(
                id=explanation["id"],
                pk=item.get(X_PK),
                name=item.get("name", explanation["id"]),
                value=float(item.get("value", 0.0)),
                text=presenters.explanation_text(whole, explanation, item or None),
            )
        )
    return rows


def problem_with_candidates(problem: Mapping[str, Any]) -> dict[str, Any]:
    """The problem with its candidates among the initiatives (to explain why one does not fit)."""
    return {
        **{key: value for key, value in problem.items() if key != X_CANDIDATES},
        "initiatives": [*problem["initiatives"], *(problem.get(X_CANDIDATES) or [])],
    }


#: The exploitatie budget pool of a problem (`translate.budget_pool_id("exploitatie")`).
EXPLOITATIE_POOL = "budget:exploitatie"


def free_exploitatie_room(
    problem: Mapping[str, Any], solution: Mapping[str, Any]
) -> dict[str, int]:
    """Whole euros of exploitatie room per year that a plan leaves unused (rounded down): the
    free algemene middelen that could fund extra middelen (decision 1103); {} without that
    budget pool or its utilisation."""
    pool_id = EXPLOITATIE_POOL
    pool = next((p for p in problem.get("pools", []) if p["id"] == pool_id), None)
    used = (solution or {}).get("utilisation", {}).get(pool_id)
    if pool is None or used is None:
        return {}
    return {
        str(year): max(0, math.floor(room - spent + 1e-6))
        for year, room, spent in zip(pool.get(X_YEARS, []), pool["capacity"], used, strict=False)
    }
