"""The one base class of the errors a service raises for a step the user cannot take.

Its message is for the user (Dutch source, translated). The API maps every ``DomainError`` to a
422-style problem in one place (``api/problems.py``); in the UI a view shows it next to the form
it belongs to, and ``core.middleware.DomainErrorMiddleware`` turns one that no view caught into a
message on the page the user came from, never a server error.
"""

from __future__ import annotations


class DomainError(Exception):
    """A step that cannot be taken, with a message for the user."""
