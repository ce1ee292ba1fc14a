"""Who is acting, from where: set per request by the middleware, read by the audit recorder.

A context variable (not a thread-local) so that it is correct under threads and async alike.
Management commands run with no actor unless they set one with `acting_as()`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AuditContext:
    """The actor and origin of the changes made in the current request or command."""

    user: Any = None
    ip: str | None = None
    user_agent: str = ""
    origin: str = "web"


_NOBODY = AuditContext()
_current: ContextVar[AuditContext | None] = ContextVar("koersvast_audit", default=None)


def current() -> AuditContext:
    """The audit context in force."""
    return _current.get() or _NOBODY


@contextmanager
def acting_as(context: AuditContext) -> Iterator[AuditContext]:
    """Record changes inside the block as made by the given actor and origin."""
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


def client_ip(request: Any) -> str | None:
    """The client address as the web server saw it (a proxy's X-Forwarded-For is not trusted)."""
    return request.META.get("REMOTE_ADDR") or None
