"""The documents of the optimiser bridge, typed: the problem planning builds, the solution it
reads back, a run's digest and an urgency request's options; and their `x-*` extension keys.

The optimiser's own keys are `docs/optimiser-format.md`; the extension keys are named once in
`koersvast.optimizer.extensions` (constants only, which the optimiser's validator shares) and
re-exported here for planning. This is the one module besides `translate/` that imports from
the optimiser package: the pages read stored documents through it and never run the optimiser.
It sits outside `translate/` because `translate/` imports the selectors that read documents.

The documents are stored as JSON (`ScenarioRun.problem`, `.solution`, `.digest`,
`UrgencyRequest.options`), so they are TypedDicts, and `total=False`: a stored document of an
older version may lack keys. An extension key is not an identifier, hence the functional
syntax, whose keys must be literals: they are the constants' values.
"""

from __future__ import annotations

from typing import Any, TypedDict

from koersvast.optimizer.extensions import (
    PREFIX,
    X_AFTER_KIND,
    X_BUDGET,
    X_BUDGET_KIND,
    X_BUDGET_PROFILE,
    X_CANDIDATE,
    X_CANDIDATES,
    X_CAPITAL,
    X_DOMAIN,
    X_FINANCE,
    X_HOURS_PER_FTE,
    X_OBJECTIVES,
    X_PK,
    X_SCORE,
    X_TAKEN,
    X_THEMES,
    X_TOGETHER,
    X_YEARS,
    is_extension,
)

__all__ = [
    "PREFIX",
    "X_AFTER_KIND",
    "X_BUDGET",
    "X_BUDGET_KIND",
    "X_BUDGET_PROFILE",
    "X_CANDIDATE",
    "X_CANDIDATES",
    "X_CAPITAL",
    "X_DOMAIN",
    "X_FINANCE",
    "X_HOURS_PER_FTE",
    "X_OBJECTIVES",
    "X_PK",
    "X_SCORE",
    "X_TAKEN",
    "X_THEMES",
    "X_TOGETHER",
    "X_YEARS",
    "CandidatesFit",
    "DigestProblem",
    "DigestSolution",
    "ProblemDocument",
    "ProblemItem",
    "ProblemPool",
    "RunDigest",
    "Selected",
    "SolutionDocument",
    "Theme",
    "UrgencyOptions",
    "UrgencyRequestSummary",
    "is_extension",
]


class Theme(TypedDict):
    """A theme of the framework (a top-level objective), as `X_THEMES` lists it."""

    code: str
    name: str


#: A pool: hours per period, or for a budget pool euros per year (`buckets`).
ProblemPool = TypedDict(
    "ProblemPool",
    {
        "id": str,
        "name": str,
        "capacity": list[float],
        "buckets": list[int],
        "x-hours-per-fte": float,
        "x-budget-kind": str,
        "x-years": list[int],
        "x-taken": list[float],
    },
    total=False,
)

#: An initiative of the problem (and of `X_CANDIDATES`).
ProblemItem = TypedDict(
    "ProblemItem",
    {
        "id": str,
        "name": str,
        "value": float,
        "duration": int,
        "demand": dict[str, list[float]],
        "earliest_start": int,
        "latest_start": int,
        "mandatory": bool,
        "fixed_start": int,
        "after": list[str],
        "after_lag": dict[str, int],
        "exclusive_group": str,
        "together_with": list[str],
        "decay": float,
        "x-pk": int,
        "x-domain": str,
        "x-candidate": bool,
        "x-score": float,
        "x-budget": dict[str, float],
        "x-budget-profile": dict[str, list[float]],
        "x-capital": list[float],
        "x-finance": bool,
        "x-objectives": dict[str, float],
        "x-after-kind": dict[str, str],
        "x-together": list[str],
    },
    total=False,
)

#: `koersvast.portfolio-problem/1` as planning builds it (`translate.build_problem`).
ProblemDocument = TypedDict(
    "ProblemDocument",
    {
        "format": str,
        "name": str,
        "description": str,
        "periods": list[str],
        "pools": list[ProblemPool],
        "initiatives": list[ProblemItem],
        "x-themes": list[Theme],
        "x-candidates": list[ProblemItem],
    },
    total=False,
)


class Selected(TypedDict, total=False):
    """An initiative in the plan: its start and end (period indices) and value."""

    id: str
    start: int
    end: int
    period: str
    value: float


class CandidatesFit(TypedDict, total=False):
    """Where the backlog candidates fit in what the admitted plan leaves (a solution's
    `X_CANDIDATES`, `services/candidates.py`)."""

    selected: list[Selected]
    explanations: list[dict[str, Any]]
    objective: float | None


#: `koersvast.portfolio-solution/1` as the optimiser returns it; planning adds where the
#: candidates fit (`X_CANDIDATES`). The mode's own parts stay plain dictionaries.
SolutionDocument = TypedDict(
    "SolutionDocument",
    {
        "format": str,
        "mode": str,
        "status": str,
        "message": str,
        "objective": float | None,
        "bound": float | None,
        "gap": float | None,
        "solve_seconds": float,
        "selected": list[Selected],
        "utilisation": dict[str, list[float]],
        "explanations": list[dict[str, Any]],
        "conflicts": list[dict[str, Any]],
        "baseline": dict[str, Any],
        "solver": dict[str, Any],
        "changes": dict[str, Any],
        "cost_of_yes": dict[str, Any],
        "x-candidates": CandidatesFit,
    },
    total=False,
)

#: The part of a problem a run's digest keeps (`selectors/digest.py`).
DigestProblem = TypedDict(
    "DigestProblem",
    {
        "periods": list[str],
        "pools": list[ProblemPool],
        "x-themes": list[Theme],
        "initiatives": list[ProblemItem],
        "x-candidates": list[ProblemItem],
    },
    total=False,
)


#: The part of a solution a run's digest keeps.
DigestSolution = TypedDict(
    "DigestSolution",
    {
        "selected": list[Selected],
        "utilisation": dict[str, list[float]],
        "x-candidates": CandidatesFit,
    },
    total=False,
)


class RunDigest(TypedDict):
    """`ScenarioRun.digest`: what comparisons and the dashboard read of a run."""

    problem: DigestProblem
    solution: DigestSolution


class UrgencyRequestSummary(TypedDict):
    """The request the options are about."""

    id: str
    name: str
    start: str
    value: float
    in_plan: str


#: `UrgencyRequest.options`: the request, the warnings of its translation, and per option
#: (`choices.UrgencyOption`) what it means; each option is its own small document.
class UrgencyOptions(TypedDict, total=False):
    request: UrgencyRequestSummary
    warnings: list[str]
    in_months: bool
    niet_doen: dict[str, Any]
    faseren: dict[str, Any]
    extra_middelen: dict[str, Any]
    later_starten: dict[str, Any]
