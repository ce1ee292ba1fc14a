"""After the password, decide whether this session must still pass a second factor.

Deciding once at login (and keeping the answer in the session) keeps every later request free
of extra queries; the middleware re-decides only when the device that verified a session is
removed or reset.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .constants import MFA_PENDING_SESSION_KEY
from .mfa import pending_after_login


@receiver(user_logged_in)
def require_second_factor(sender: type, request: Any, user: Any, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    pending = pending_after_login(user, backend=session.get(BACKEND_SESSION_KEY))
    if pending:
        session[MFA_PENDING_SESSION_KEY] = pending
    else:
        session.pop(MFA_PENDING_SESSION_KEY, None)
