"""Puts the acting user and their address into the audit context for the whole request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .context import AuditContext, acting_as, client_ip


class AuditContextMiddleware:
    """Make every audit event of this request name its actor, IP address and user agent."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user if request.user.is_authenticated else None
        context = AuditContext(
            user=user,
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:255],
        )
        with acting_as(context):
            return self.get_response(request)
