"""Keeps a session that still owes a second factor away from every page but the MFA pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import BACKEND_SESSION_KEY
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from .constants import MFA_ENROL, MFA_PENDING_SESSION_KEY, MFA_VERIFY
from .mfa import pending_after_login

# Pages a half-logged-in session may open whatever it still owes.
ALWAYS_OPEN = frozenset({"logout", "login", "set_language", "healthz", "metrics"})
TARGET = {MFA_VERIFY: "identity:verify", MFA_ENROL: "identity:enrol"}


class MfaMiddleware:
    """Sends a session that must verify a code (or enrol first) to that page.

    Installed after django-otp's OTPMiddleware. The login receiver decides what a session owes;
    here it is re-decided only when the device that verified the session has disappeared
    (removed by the user or reset by an administrator).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Read before anything evaluates request.user: django-otp then drops the key of a
        # device that no longer exists, and that is exactly the case to notice.
        request._kv_verified_by_device = DEVICE_ID_SESSION_KEY in request.session  # type: ignore[attr-defined]
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        name = match.view_name if match else ""
        if name in ALWAYS_OPEN or not request.user.is_authenticated:
            return None
        session = request.session
        was_verified = getattr(request, "_kv_verified_by_device", False)
        if was_verified and not request.user.is_verified():  # type: ignore[attr-defined]  # django-otp adds it
            pending = pending_after_login(request.user, backend=session.get(BACKEND_SESSION_KEY))
            if pending:
                session[MFA_PENDING_SESSION_KEY] = pending
        pending = session.get(MFA_PENDING_SESSION_KEY)
        if not pending or name == TARGET[pending]:
            return None
        target = reverse(TARGET[pending])
        if request.method == "GET" and not getattr(request, "htmx", False):
            target += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(target)
