"""The three options for a politically urgent initiative: niet doen · faseren · extra middelen."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from koersvast.intake.services import published_framework

from .. import presenters, translate
from ..choices import RunStatus, UrgencyOption
from ..errors import PlanningError
from ..models import UrgencyRequest


def _pinned(problem: dict[str, Any], item_id: str, start: int) -> dict[str, Any]:
    """The problem with the urgent initiative starting exactly at `start`."""
    pinned = copy.deepcopy(problem)
    for item in pinned["initiatives"]:
        if item["id"] == item_id:
            item["fixed_start"] = start
            item["earliest_start"] = min(item.get("earliest_start", 0), start)
            item.pop("latest_start", None)
    return pinned


def _without(problem: dict[str, Any], item_id: str) -> dict[str, Any]:
    return {**problem, "initiatives": [i for i in problem["initiatives"] if i["id"] != item_id]}


def _baseline(
    request: UrgencyRequest, problem: dict[str, Any], item_id: str, solve: dict[str, Any]
) -> dict[str, int]:
    """The plan of record as it stands (its last run), re-planned only if it no longer fits."""
    known = {i["id"] for i in problem["initiatives"]}
    if request.plan is not None:
        run = request.plan.runs.filter(status=RunStatus.DONE).order_by("-pk").first()
        if run is not None and run.solution:
            starts = {
                s["id"]: int(s["start"]) for s in run.solution["selected"] if s["id"] in known
            }
            reference = problem if item_id in starts else _without(problem, item_id)
            if not translate.check(reference, {"mode": "baseline", "selected": _sel(starts)}):
                return starts
    solution = translate.solve_plan(_without(problem, item_id), **solve)
    if solution["status"] not in ("optimal", "feasible"):
        raise translate_error(problem, solution)
    return {s["id"]: int(s["start"]) for s in solution["selected"]}


def translate_error(problem: dict[str, Any], solution: dict[str, Any]) -> Exception:

    return PlanningError(presenters.failure_text(problem, solution))


def _sel(starts: dict[str, int]) -> list[dict[str, Any]]:
    return [{"id": key, "start": start} for key, start in starts.items()]


@dataclass
class _Request:
    """The urgent request placed in the plan's problem: what all three options start from."""

    translation: translate.Translation
    item: dict[str, Any]
    start: int
    baseline: dict[str, int]
    baseline_value: float
    pinned: dict[str, Any]
    request_value: float
    solve: dict[str, Any]

    @property
    def item_id(self) -> str:
        return str(self.item["id"])

    @property
    def periods(self) -> list[str]:
        return list(self.translation.problem["periods"])


def _problem(request: UrgencyRequest) -> translate.Translation:
    """The problem of the plan of record (its levers, framework and value density) with the
    urgent initiative included."""
    municipality = request.municipality
    plan = request.plan
    return translate.build_problem(
        municipality=municipality,
        settings=translate.settings_for(municipality),
        levers=plan.levers.all() if plan is not None else (),
        framework=(plan.framework if plan is not None else None)
        or published_framework(municipality.pk),
        include=[request.initiative],
        value_density=plan.value_density if plan is not None else False,
    )


def _place(request: UrgencyRequest, solve: dict[str, Any]) -> _Request:
    translation = _problem(request)
    settings = translate.settings_for(request.municipality)
    problem = translation.problem
    item_id = translate.initiative_id(request.initiative)
    item = next((i for i in problem["initiatives"] if i["id"] == item_id), None)
    if item is None:
        raise PlanningError(
            _(
                "Dit initiatief past niet in de planningshorizon of staat in het plan op 'niet "
                "opnemen'."
            )
        )
    start = min(
        max(0, settings.period_index(request.year, request.quarter)) * settings.periods_per_quarter,
        len(problem["periods"]) - item["duration"],
    )
    baseline = _baseline(request, problem, item_id, solve)
    pinned = _pinned(problem, item_id, start)
    return _Request(
        translation=translation,
        item=item,
        start=start,
        baseline=baseline,
        baseline_value=translate.value_of(problem, baseline),
        pinned=pinned,
        request_value=translate.value_of(pinned, {item_id: start}),
        solve=solve,
    )


def three_options(
    *, request: UrgencyRequest, progress: Any, time_limit: float, node_limit: int | None
) -> dict[str, Any]:
    """Niet doen, faseren and extra middelen for the request, each checked by the checker."""
    solve = {"progress": progress, "time_limit": time_limit, "node_limit": node_limit}
    placed = _place(request, solve)
    periods, item_id = placed.periods, placed.item_id
    return {
        "request": {
            "id": item_id,
            "name": placed.item["name"],
            "start": periods[placed.start],
            "value": round(placed.request_value, 1),
            "in_plan": periods[placed.baseline[item_id]] if item_id in placed.baseline else "",
        },
        "warnings": placed.translation.warnings,
        "in_months": presenters.in_months(periods),
        UrgencyOption.DO_NOTHING: {
            "value": round(placed.baseline_value, 1),
            "missed": round(placed.request_value, 1) if item_id not in placed.baseline else 0.0,
            "count": len(placed.baseline),
        },
        UrgencyOption.PHASE: _phase_option(placed),
        UrgencyOption.EXTRA: _extra_option(placed),
    }


def _phase_option(placed: _Request) -> dict[str, Any]:
    """Faseren: the best plan with the request at its start that changes the plan least."""
    phase = translate.solve_whatif(placed.pinned, placed.baseline, **placed.solve)
    if phase["status"] not in ("optimal", "feasible"):
        return {"possible": False, "reason": presenters.failure_text(placed.pinned, phase)}
    violations = translate.check(placed.pinned, phase)
    if violations:
        raise PlanningError("; ".join(violations[:5]))
    changes = phase.get("changes", {})
    others = (phase["objective"] or 0.0) - placed.request_value
    names, periods = presenters.names(placed.translation.problem), placed.periods
    return {
        "possible": True,
        "value": round(phase["objective"] or 0.0, 1),
        "value_lost": round(max(0.0, placed.baseline_value - others), 1),
        "moved": [
            {
                "id": m["id"],
                "name": names.get(m["id"], m["id"]),
                "from": periods[m["from"]],
                "to": periods[m["to"]],
                "by": m["to"] - m["from"],
            }
            for m in changes.get("moved", [])
            if m["id"] != placed.item_id
        ],
        "dropped": [
            {"id": key, "name": names.get(key, key)}
            for key in changes.get("dropped", [])
            if key != placed.item_id
        ],
    }


def _extra_option(placed: _Request) -> dict[str, Any]:
    """Extra middelen: the least extra capacity that fits it without displacing anything."""
    pinned = placed.pinned
    extra = translate.solve_cost_of_yes(pinned, placed.baseline, [placed.item_id], **placed.solve)
    details = extra.get("cost_of_yes")
    if extra["status"] not in ("optimal", "feasible") or not details:
        return {
            "possible": False,
            "reason": extra.get("message") or presenters.failure_text(pinned, extra),
        }
    widened = translate.with_extra_capacity(pinned, details["extra_capacity"])
    violations = translate.check(widened, extra)
    if violations:
        raise PlanningError("; ".join(violations[:5]))
    rows, budget = _extra_rows(pinned, placed.translation, details["extra_capacity"])
    return {
        "possible": True,
        "total_hours": sum(row["hours"] for row in rows),
        "pools": rows,
        "budget": budget,
        "total_euro": round(
            sum(row["euro"] or 0 for row in rows) + sum(row["euro"] for row in budget)
        ),
        "unpriced": [row["pool"] for row in rows if row["euro"] is None],
        "value": round(placed.baseline_value + placed.request_value, 1),
    }


def _extra_rows(
    problem: dict[str, Any],
    translation: translate.Translation,
    extra: dict[str, list[float]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Extra hours per pool (with FTE and their cost) and extra budget per year (euros)."""
    periods = problem["periods"]
    pools = {pool["id"]: pool for pool in problem["pools"]}
    rows, budget = [], []
    for pool_id, amounts in extra.items():
        if translate.is_budget_pool(pool_id):
            pool = pools[pool_id]
            cells = [
                {"year": str(year), "euro": round(amount)}
                for year, amount in zip(pool.get("x-years", []), amounts, strict=False)
                if amount > 0.5
            ]
            if cells:
                budget.append(
                    {"pool": pool.get("name", pool_id), "euro": round(sum(amounts)), "cells": cells}
                )
            continue
        per_fte = translation.hours_per_fte.get(pool_id) or 1.0
        cells = [
            {"period": periods[t], "hours": round(h), "fte": round(h / per_fte, 2)}
            for t, h in enumerate(amounts)
            if h > 0.5
        ]
        if not cells:
            continue
        capacity_pool = translation.pools[pool_id]
        fte_quarters = sum(amounts) / per_fte
        cost = capacity_pool.cost_per_fte
        rows.append(
            {
                "pool": capacity_pool.name,
                "hours": round(sum(amounts)),
                "fte_quarters": round(fte_quarters, 2),
                # An FTE for a quarter costs a quarter of a year's cost.
                "euro": None if cost is None else round(fte_quarters * float(cost) / 4),
                "cells": cells,
            }
        )
    return rows, budget
