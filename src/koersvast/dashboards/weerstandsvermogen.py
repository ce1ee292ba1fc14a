"""The weerstandsvermogen card of the dashboard: ratio, rating (A–F) and the ten risks that
contribute most, for the budget year.

Its own module (and its own cache entry) beside the dashboard's selectors: the card is the same
for every scope (risks in euros belong to the municipality, not to a domain), so it is computed
once per municipality and data version (four queries,
`finance.selectors.resistance.weerstandsvermogen`).
"""

from __future__ import annotations

from typing import Any

from koersvast.core import figures
from koersvast.finance.selectors import resistance as finance
from koersvast.finance.selectors.estimate import default_budget_year
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action, can


def card(*, municipality: Municipality, user: Any) -> finance.Weerstandsvermogen | None:
    """The figures of the card, or None when the user may not see the weerstandsvermogen."""
    if not can(user, municipality.pk, Action.REPORTS_VIEW):
        return None
    year = default_budget_year()
    return figures.cached(
        "dashboard-weerstandsvermogen",
        municipality.pk,
        (year,),
        lambda: finance.weerstandsvermogen(municipality=municipality, year=year),
    )
