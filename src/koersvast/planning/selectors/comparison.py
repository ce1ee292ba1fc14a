"""Scenarios side by side: value, value per domain and theme, moves, utilisation, budget."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from koersvast.tenancy.models import Municipality

from .. import presenters
from ..choices import RunStatus
from ..documents import X_DOMAIN, X_OBJECTIVES, X_PK, X_THEMES, DigestProblem, DigestSolution
from ..models import (
    Scenario,
    ScenarioRun,
)
from .digest import run_documents
from .results import BudgetCell, HeatCell, budget_rows, heat_rows
from .scenarios import latest_run_id


@dataclass
class Column:
    scenario: Scenario
    run: ScenarioRun | None
    # The run's plan to read (its digest); empty without a finished run.
    problem: DigestProblem = field(default_factory=lambda: DigestProblem())
    solution: DigestSolution = field(default_factory=lambda: DigestSolution())


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
        .annotate(done_id=latest_run_id(RunStatus.DONE))
    }
    ordered = [scenarios[i] for i in dict.fromkeys(wanted) if i in scenarios]
    runs = ScenarioRun.objects.defer("problem", "solution").in_bulk(
        [s.done_id for s in ordered if s.done_id]
    )
    columns = [Column(s, runs.get(s.done_id)) for s in ordered]
    for column in columns:
        if column.run is not None:
            column.problem, column.solution = run_documents(column.run)
    plans: list[dict[str, int]] = []
    names: dict[str, tuple[str, int | None, str]] = {}
    periods: list[str] = []
    for column in columns:
        periods = periods or list(column.problem.get("periods", []))
        for item in column.problem.get("initiatives", []):
            names[item["id"]] = (item.get("name", ""), item.get(X_PK), item.get(X_DOMAIN, ""))
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
        for theme in problem.get(X_THEMES, []):
            names.setdefault(theme["code"], theme["name"])
            totals.setdefault(theme["code"], [0.0] * len(columns))
        items = {item["id"]: item for item in problem.get("initiatives", [])}
        for entry in solution.get("selected", []):
            for code, points in (items.get(entry["id"], {}).get(X_OBJECTIVES) or {}).items():
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
