"""The error planning's services raise for a step the user cannot take."""

from __future__ import annotations

from koersvast.core.errors import DomainError


class PlanningError(DomainError):
    """A planning step that cannot be taken, with a message for the user."""
