"""A run's digest: its documents cut down to what comparisons and the dashboard read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from ..documents import (
    X_BUDGET,
    X_BUDGET_PROFILE,
    X_CANDIDATES,
    X_DOMAIN,
    X_OBJECTIVES,
    X_PK,
    X_THEMES,
    DigestProblem,
    DigestSolution,
    ProblemItem,
    RunDigest,
)
from ..models import (
    ScenarioRun,
)

# What a comparison and the dashboard read of a selected initiative (no demand, no windows).
DIGEST_ITEM_KEYS = (
    "id",
    "name",
    "duration",
    X_PK,
    X_DOMAIN,
    X_BUDGET,
    X_BUDGET_PROFILE,
    X_OBJECTIVES,
)


def run_digest(problem: Mapping[str, Any], solution: Mapping[str, Any]) -> RunDigest:
    """The problem and solution cut down to what comparisons read, in the same shape.

    A 2,000-initiative run stores some 800 kB of JSON, nine tenths of it explanations; a
    comparison of four scenarios decoded all of it. The digest keeps the periods, the pools and
    themes, the selected initiatives (names, value, budget and objective points, no demand) and
    the utilisation, so `heat_rows`, `budget_rows` and the comparison run on it unchanged.
    """
    chosen = {entry["id"] for entry in solution.get("selected", [])}
    items = [
        _cut(item, DIGEST_ITEM_KEYS)
        for item in problem.get("initiatives", [])
        if item["id"] in chosen
    ]
    digest: RunDigest = {
        "problem": {
            "periods": problem.get("periods", []),
            "pools": problem.get("pools", []),
            X_THEMES: problem.get(X_THEMES, []),
            "initiatives": items,
        },
        "solution": {
            "selected": solution.get("selected", []),
            "utilisation": solution.get("utilisation", {}),
        },
    }
    if X_CANDIDATES in solution:
        # The candidates from the backlog and whether they fit (small: the adoption page and
        # the plan version name them).
        digest["problem"][X_CANDIDATES] = [
            _cut(item, (*DIGEST_ITEM_KEYS, "value")) for item in problem.get(X_CANDIDATES) or []
        ]
        digest["solution"][X_CANDIDATES] = solution[X_CANDIDATES]
    return digest


def _cut(item: Mapping[str, Any], keys: tuple[str, ...]) -> ProblemItem:
    # A problem item with only these keys (every key of a ProblemItem is optional).
    return cast(ProblemItem, {key: item[key] for key in keys if key in item})


def run_documents(run: ScenarioRun) -> tuple[DigestProblem, DigestSolution]:
    """Problem and solution for reading a run's plan: its digest, made once for older runs."""
    if not run.digest:
        full = ScenarioRun.objects.only("problem", "solution").get(pk=run.pk)
        run.digest = run_digest(full.problem or {}, full.solution or {})
        ScenarioRun.objects.filter(pk=run.pk).update(digest=run.digest)
    digest: RunDigest = run.digest  # stored as JSON by run_digest
    return digest["problem"], digest["solution"]
