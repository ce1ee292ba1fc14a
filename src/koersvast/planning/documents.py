"""The documents of the optimiser bridge: the `x-*` extension keys Koersvast adds to them.

The optimiser's own keys are `docs/optimiser-format.md`; the extension keys are named once in
`koersvast.optimizer.extensions` (constants only, which the optimiser's validator shares) and
re-exported here for planning. This is the one module besides `translate/` that imports from
the optimiser package: the pages read stored documents through it and never run the optimiser.
It sits outside `translate/` because `translate/` imports the selectors that read documents.
"""

from __future__ import annotations

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
    "is_extension",
]
