"""Token authentication: the user, acting within the token's one municipality only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from koersvast.audit import context as audit_context
from koersvast.tenancy.policy import roles_by_municipality

from .models import ApiToken
from .tokens import token_for_key

KEYWORDS = (b"bearer", b"token")
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)  # at most one write per token per minute


def scope_to_municipality(user: Any, municipality_id: int) -> None:
    """Narrow the user's cached roles to one municipality.

    Every right in the system goes through `tenancy.policy` (`can`, `for_user`), which reads
    this cache; with only the token's municipality in it, a token for gemeente A cannot reach
    gemeente B even when the user is a member of both.
    """
    roles = roles_by_municipality(user).get(municipality_id, frozenset())
    user._koersvast_roles = {municipality_id: roles} if roles else {}


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer kv_…` (or `Token kv_…`)."""

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = get_authorization_header(request).split()
        if not header or header[0].lower() not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Ongeldige Authorization-header."))
        try:
            key = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Ongeldige API-sleutel.")) from exc
        token = token_for_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Ongeldige of ingetrokken API-sleutel."))
        user = token.user
        scope_to_municipality(user, token.municipality_id)
        # Views and services that read the active municipality see the token's one.
        request._request.municipality = token.municipality
        # Changes made through the API are audited with their actor; the middleware's
        # context (set before DRF authenticated) is restored when the request ends.
        current = audit_context.current()
        audit_context._current.set(
            audit_context.AuditContext(
                user=user, ip=current.ip, user_agent=current.user_agent, origin="api"
            )
        )
        self._touch(token)
        return user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'

    @staticmethod
    def _touch(token: ApiToken) -> None:
        now = timezone.now()
        if token.last_used is None or now - token.last_used > LAST_USED_RESOLUTION:
            # A queryset update: last use is bookkeeping, not an audited change.
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
