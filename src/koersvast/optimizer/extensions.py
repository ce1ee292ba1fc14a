"""The extension keys of the problem and solution documents (``x-*``).

The format allows any key that starts with ``x-`` next to its own (``docs/optimiser-format.md``);
the optimiser ignores them. Koersvast's planning writes these into the documents it builds and
reads them back from stored runs, so a stored problem is readable on its own (the initiative's
database id, its domain, budget figures). They are named here, once, so that the writer
(``planning/translate/``) and the readers (the planning pages) cannot drift apart; planning
imports them through ``planning.translate.documents``, the only door to the optimiser.
"""

from __future__ import annotations

from typing import Final

#: Every extension key starts with this; the validator lets such keys through (``io.py``).
PREFIX: Final = "x-"

# Top level of a problem.
#: The framework's themes (top-level objectives) that `X_OBJECTIVES` refer to.
X_THEMES: Final = "x-themes"
#: Candidates from the backlog, kept apart from `initiatives` (in the problem: the items; in
#: the solution: where each fits).
X_CANDIDATES: Final = "x-candidates"

# A pool.
#: Planning hours of one extra fte per period (marginal value, cost of yes, frontier).
X_HOURS_PER_FTE: Final = "x-hours-per-fte"
#: A budget pool's kind of budget (krediet, exploitatie).
X_BUDGET_KIND: Final = "x-budget-kind"
#: A budget pool's years, one per bucket.
X_YEARS: Final = "x-years"
#: What settled work already takes from a budget pool's room, per year.
X_TAKEN: Final = "x-taken"

# An initiative.
#: The initiative's database id (pages read a stored run without queries).
X_PK: Final = "x-pk"
#: The name of the initiative's domain.
X_DOMAIN: Final = "x-domain"
#: A candidate from the backlog (never mandatory; adoption leaves it in the backlog).
X_CANDIDATE: Final = "x-candidate"
#: The priority score when `value` is the value density.
X_SCORE: Final = "x-score"
#: Euros per period of the run, per kind of budget.
X_BUDGET: Final = "x-budget"
#: Per kind of budget, euros per period from its start (the finance figures, with the tail
#: that runs on after the work).
X_BUDGET_PROFILE: Final = "x-budget-profile"
#: Kapitaallasten per period, indexed like the exploitatie demand.
X_CAPITAL: Final = "x-capital"
#: The budget demand comes from the initiative's finance figures (not its budget fields).
X_FINANCE: Final = "x-finance"
#: Score points per theme of the framework.
X_OBJECTIVES: Final = "x-objectives"
#: The kind of dependency per id in `after` (start na afronding, heeft resultaat nodig).
X_AFTER_KIND: Final = "x-after-kind"
#: The ids it starts together with (both sides; `together_with` names one side).
X_TOGETHER: Final = "x-together"


def is_extension(key: str) -> bool:
    """Whether a key of a document is an extension (free for its writer, ignored here)."""
    return key.startswith(PREFIX)
