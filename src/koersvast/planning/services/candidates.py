"""Candidates from the backlog: which of them fit next to the admitted work, and from when.

The plan of the admitted work is made first, exactly as without candidates; the candidates then
fill what it leaves: the admitted plan is fixed where it was placed (admitted work it left out
stays out) and the candidates are optional (decision 0407). So a
candidate never pushes admitted work aside, and the plan that is adopted is the plan of the
admitted work; the candidates stay in the backlog, shown as "would fit from …".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from .. import constants, translate
from ..documents import X_CANDIDATES, CandidatesFit
from ..errors import PlanningError


def candidate_items(problem: Mapping[str, Any]) -> list[dict[str, Any]]:
    return list(problem.get(X_CANDIDATES) or [])


def next_to_plan(problem: Mapping[str, Any], starts: Mapping[str, int]) -> dict[str, Any]:
    """The problem of the candidates: the admitted work fixed at `starts` (what is not in it
    left out) and the candidates, optional."""
    fixed = []
    for item in problem["initiatives"]:
        start = starts.get(item["id"])
        if start is None:
            continue
        placed = {**item, "fixed_start": start, "mandatory": True, "after": [], "after_lag": {}}
        placed["earliest_start"] = min(int(item.get("earliest_start", 0)), start)
        placed.pop("latest_start", None)
        fixed.append(placed)
    known = {item["id"] for item in fixed}
    candidates = []
    for item in candidate_items(problem):
        after = list(item.get("after") or [])
        if any(key not in known for key in after):
            continue  # it waits for work this plan leaves out: it cannot fit
        candidates.append({**item, "mandatory": False})
        known.add(item["id"])
    result = {key: value for key, value in problem.items() if key != X_CANDIDATES}
    result["initiatives"] = fixed + candidates
    return result


def fit_candidates(
    problem: Mapping[str, Any],
    solution: Mapping[str, Any],
    *,
    time_limit: float = constants.TIME_LIMIT_SECONDS,
    node_limit: int | None = constants.NODE_LIMIT,
) -> CandidatesFit | None:
    """Which candidates fit next to the plan `solution` of `problem`, checked by the checker:
    their starts, the others' reasons, and the value of the plan with them (None without
    candidates)."""
    items = candidate_items(problem)
    if not items:
        return None
    starts = {entry["id"]: int(entry["start"]) for entry in solution.get("selected", [])}
    combined = next_to_plan(problem, starts)
    fitted = translate.solve_plan(combined, time_limit=time_limit, node_limit=node_limit)
    if fitted["status"] not in ("optimal", "feasible"):
        raise PlanningError(
            _("De kandidaten uit de backlog konden niet worden doorgerekend: %(why)s")
            % {"why": fitted.get("message") or fitted["status"]}
        )
    violations = translate.check(combined, fitted)
    if violations:
        raise PlanningError(
            _("De onafhankelijke controle keurt het plan met kandidaten af: %(errors)s")
            % {"errors": "; ".join(violations[:5])}
        )
    ids = {item["id"] for item in items}
    return {
        "selected": [entry for entry in fitted["selected"] if entry["id"] in ids],
        "explanations": [e for e in fitted.get("explanations", []) if e["id"] in ids]
        + [
            # A candidate left out of the problem (it waits for work the plan leaves out).
            {"id": key, "status": "unselected", "reasons": []}
            for key in sorted(ids - {i["id"] for i in combined["initiatives"]})
        ],
        "objective": fitted["objective"],
    }
