"""Wrong codes count towards django-axes' lockout, exactly like wrong passwords.

django-otp's own per-device throttle (a growing delay) also applies; axes adds the same
"5 failures from one address lock that username for 15 minutes" rule and its lockout page.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse


def _credentials(user: Any) -> dict[str, str]:
    return {"username": user.get_username()}


def lockout_if_locked(request: HttpRequest) -> HttpResponse | None:
    """The lockout page (and a logout) when the user is locked out from this address."""
    user = request.user
    credentials = _credentials(user)
    if AxesProxyHandler.is_locked(request, credentials):
        logout(request)
        return get_lockout_response(request, None, credentials)
    return None


def count_failure(request: HttpRequest) -> HttpResponse | None:
    """Count a wrong code; returns the lockout page (after a logout) when the limit is hit."""
    credentials = _credentials(request.user)
    AxesProxyHandler.user_login_failed(
        sender=count_failure, credentials=credentials, request=request
    )
    if getattr(request, "axes_locked_out", False):
        logout(request)
        return get_lockout_response(request, None, credentials)
    return None
