"""The error monitoring's services raise for a step the user cannot take."""

from __future__ import annotations

from koersvast.core.errors import DomainError


class MonitoringError(DomainError):
    """A monitoring step that cannot be taken, with a message for the user."""
