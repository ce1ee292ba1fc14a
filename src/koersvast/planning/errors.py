"""The error planning's services raise for a step the user cannot take."""

from __future__ import annotations


class PlanningError(Exception):
    """A planning step that cannot be taken, with a message for the user."""
