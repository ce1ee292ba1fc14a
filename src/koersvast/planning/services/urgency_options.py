"""The options for a politically urgent initiative: niet doen · faseren · extra middelen and,
where it exists, faseren van het verzoek (the request itself starts later, displacing nothing).

Besides what the page shows (`options`), each option that changes the plan keeps the
optimiser's plan (`plans`): the selected starts and the utilisation, and for extra middelen the
extra capacity, so that deciding writes exactly the plan the option showed.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from koersvast.intake.services.scoring import published_framework

from .. import presenters, translate
from ..choices import UrgencyOption
from ..documents import X_BUDGET_KIND, X_YEARS, ProblemDocument, ProblemItem, UrgencyOptions
from ..errors import PlanningError
from ..selectors.dependants import problem_links, push_along
from ..selectors.results import free_exploitatie_room


class Question(Protocol):
    """What the options are computed for: an urgency request, or the fit check before an
    admission decision (`admission.py`): an initiative, a start, the plan of record."""

    municipality: Any
    plan: Any
    plan_version: Any
    initiative: Any
    year: int
    quarter: int


def pinned(problem: ProblemDocument, item_id: str, start: int) -> ProblemDocument:
    """The problem with the urgent initiative starting exactly at `start`."""
    result = copy.deepcopy(problem)
    for item in result["initiatives"]:
        if item["id"] == item_id:
            item["fixed_start"] = start
            item["earliest_start"] = min(item.get("earliest_start", 0), start)
            item.pop("latest_start", None)
    return result


def _without(problem: ProblemDocument, item_id: str) -> ProblemDocument:
    return {**problem, "initiatives": [i for i in problem["initiatives"] if i["id"] != item_id]}


def _baseline(
    request: Question, problem: ProblemDocument, item_id: str, solve: dict[str, Any]
) -> dict[str, int]:
    """The plan of record as it stands (its last run), re-planned only if it no longer fits."""
    known = {i["id"] for i in problem["initiatives"]}
    if request.plan_version is not None:
        # The run of the plan of record as adopted (not a newer, unadopted run of its scenario).
        run = request.plan_version.run
        if run.solution:
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


def translate_error(problem: Mapping[str, Any], solution: Mapping[str, Any]) -> Exception:

    return PlanningError(presenters.failure_text(problem, solution))


def _sel(starts: dict[str, int]) -> list[dict[str, Any]]:
    return [{"id": key, "start": start} for key, start in starts.items()]


@dataclass
class _Request:
    """The urgent request placed in the plan's problem: what all three options start from."""

    translation: translate.Translation
    item: ProblemItem
    start: int
    baseline: dict[str, int]
    baseline_value: float
    pinned: ProblemDocument
    request_value: float
    solve: dict[str, Any]

    @property
    def item_id(self) -> str:
        return str(self.item["id"])

    @property
    def periods(self) -> list[str]:
        return list(self.translation.problem["periods"])


def problem_of(request: Question) -> translate.Translation:
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


def _place(request: Question, solve: dict[str, Any]) -> _Request:
    translation = problem_of(request)
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
    at_start = pinned(problem, item_id, start)
    return _Request(
        translation=translation,
        item=item,
        start=start,
        baseline=baseline,
        baseline_value=translate.value_of(problem, baseline),
        pinned=at_start,
        request_value=translate.value_of(at_start, {item_id: start}),
        solve=solve,
    )


# What a stored plan keeps of a solution document (not the explanations: nine tenths of it).
PLAN_KEYS = ("status", "objective", "selected", "utilisation")


def _plan_of(solution: Mapping[str, Any], **extra: Any) -> dict[str, Any]:
    return {key: solution[key] for key in PLAN_KEYS if key in solution} | extra


def three_options(
    *,
    request: Question,
    progress: Any,
    time_limit: float,
    node_limit: int | None,
    plans: dict[str, Any] | None = None,
) -> UrgencyOptions:
    """Niet doen, faseren, extra middelen and (where it exists) the request starting later,
    each checked by the checker. The plans of the options that change the plan go to `plans`."""
    solve = {"progress": progress, "time_limit": time_limit, "node_limit": node_limit}
    placed = _place(request, solve)
    periods, item_id = placed.periods, placed.item_id
    plans = {} if plans is None else plans
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
        # The options by their UrgencyOption value (a TypedDict's keys are literals).
        "niet_doen": {
            "value": round(placed.baseline_value, 1),
            "missed": round(placed.request_value, 1) if item_id not in placed.baseline else 0.0,
            "count": len(placed.baseline),
        },
        "faseren": _phase_option(placed, plans),
        "extra_middelen": _extra_option(placed, plans),
        "later_starten": _later_option(placed, plans),
    }


def _phase_option(placed: _Request, plans: dict[str, Any]) -> dict[str, Any]:
    """Faseren: the best plan with the request at its start that changes the plan least."""
    phase = translate.solve_whatif(placed.pinned, placed.baseline, **placed.solve)
    if phase["status"] not in ("optimal", "feasible"):
        return {"possible": False, "reason": presenters.failure_text(placed.pinned, phase)}
    violations = translate.check(placed.pinned, phase)
    if violations:
        raise PlanningError("; ".join(violations[:5]))
    changes = phase.get("changes", {})
    plans[UrgencyOption.PHASE] = _plan_of(phase, start=placed.start)
    others = (phase["objective"] or 0.0) - placed.request_value
    names, periods = presenters.names(placed.translation.problem), placed.periods
    moved_ids = {m["id"] for m in changes.get("moved", [])} | {placed.item_id}
    waits_for = {
        link.after: link.before for link in problem_links(placed.pinned) if link.before in moved_ids
    }
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
                # Moves because what it waits for moves (decision 0404), or "".
                "along": waits_for.get(m["id"], ""),
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


def _extra_option(placed: _Request, plans: dict[str, Any]) -> dict[str, Any]:
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
    starts = {entry["id"]: int(entry["start"]) for entry in extra["selected"]}
    plans[UrgencyOption.EXTRA] = _plan_of(
        extra,
        start=placed.start,
        extra_capacity=details["extra_capacity"],
        # The solution's objective is the extra capacity; the plan's is its value.
        objective=translate.value_of(widened, starts),
    )
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
        # What this plan leaves of the exploitatie room per year: the free algemene middelen
        # that could fund the extra fte (decision 1103).
        "free_room": free_exploitatie_room(widened, extra),
    }


def _extra_rows(
    problem: ProblemDocument,
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
            # Whole euros, rounded up: the budget room decided is never less than needed.
            cells: list[dict[str, Any]] = [
                {"year": str(year), "euro": math.ceil(amount - 1e-6)}
                for year, amount in zip(pool.get(X_YEARS, []), amounts, strict=False)
                if amount > 0.5
            ]
            if cells:
                budget.append(
                    {
                        "pool": pool.get("name", pool_id),
                        "kind": pool.get(X_BUDGET_KIND, ""),
                        "euro": sum(cell["euro"] for cell in cells),
                        "cells": cells,
                    }
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
        quarters = _fte_per_quarter(periods, amounts, per_fte)
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
                # What deciding adds to the pool's formation: fte per quarter, rounded up.
                "pool_pk": capacity_pool.pk,
                "quarters": quarters,
            }
        )
    return rows, budget


def _fte_per_quarter(
    periods: list[str], amounts: list[float], per_fte: float
) -> list[dict[str, Any]]:
    """The extra fte per quarter that gives at least the extra hours of every period: a
    quarter's fte is spread evenly over its months, so the busiest month decides; rounded up
    to hundredths."""
    in_months = presenters.in_months(periods)
    needed: dict[str, float] = {}
    for label, hours in zip(periods, amounts, strict=True):
        if hours <= 0.5:
            continue
        year, rest = label[:4], label[5:]
        quarter = rest if rest.startswith("Q") else f"Q{(int(rest) - 1) // 3 + 1}"
        key = f"{year}-{quarter}"
        fte = hours * (3 if in_months else 1) / per_fte
        needed[key] = max(needed.get(key, 0.0), fte)
    return [
        {"period": key, "fte": math.ceil(fte * 100 - 1e-6) / 100}
        for key, fte in sorted(needed.items())
    ]


def _later_option(placed: _Request, plans: dict[str, Any]) -> dict[str, Any]:
    """Faseren van het verzoek: the earliest start after the requested one at which the request
    fits next to the plan as it stands, nothing displaced. Exists only when the requested start
    itself does not fit without displacement."""
    problem, item_id = placed.translation.problem, placed.item_id
    others = {key: start for key, start in placed.baseline.items() if key != item_id}
    last = len(problem["periods"]) - int(placed.item["duration"])

    links = problem_links(problem)
    durations = {i["id"]: int(i["duration"]) for i in problem["initiatives"]}

    def fits(start: int) -> bool:
        starts = {**others, item_id: start}
        # What waits for the request moves along with it (decision 0404).
        starts.update(push_along(starts, durations, links, {item_id: start}))
        return not translate.check(
            pinned(problem, item_id, start), {"mode": "baseline", "selected": _sel(starts)}
        )

    if fits(placed.start):
        return {
            "possible": False,
            "needed": False,
            "reason": _(
                "Niet nodig: het verzoek past op de gevraagde start zonder iets te verschuiven."
            ),
        }
    start = next((s for s in range(placed.start + 1, last + 1) if fits(s)), None)
    if start is None:
        return {
            "possible": False,
            "needed": True,
            "reason": gettext_noop(
                "Ook later binnen de planningshorizon past het verzoek niet zonder iets te "
                "verschuiven."
            ),
        }
    at_start = pinned(problem, item_id, start)
    later = translate.solve_whatif(at_start, others, **placed.solve)
    if later["status"] not in ("optimal", "feasible"):
        return {
            "possible": False,
            "needed": True,
            "reason": presenters.failure_text(at_start, later),
        }
    violations = translate.check(at_start, later)
    if violations:
        raise PlanningError("; ".join(violations[:5]))
    plans[UrgencyOption.LATER] = _plan_of(later, start=start)
    periods = placed.periods
    return {
        "possible": True,
        "start": periods[start],
        "by": start - placed.start,
        "value": round(later["objective"] or 0.0, 1),
        "request_value": round(translate.value_of(at_start, {item_id: start}), 1),
    }
