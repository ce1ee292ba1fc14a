"""What the intake pages share: an initiative fetched with the right to act on it."""

from __future__ import annotations

from django.http import HttpRequest

from koersvast.portfolio import selectors as portfolio_selectors
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.policy import Action, require


def initiative_for(request: HttpRequest, pk: int, action: Action | None = None) -> Initiative:
    """The initiative (404 when the user may not see it), then the right to act on it (403)."""
    initiative = portfolio_selectors.initiative_get(user=request.user, pk=pk)
    if action is not None:
        require(request.user, initiative.municipality_id, action)
    return initiative
