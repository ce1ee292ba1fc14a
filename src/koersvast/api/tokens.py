"""Creating, finding and revoking API tokens (the key itself is never stored)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from koersvast.core.keys import fingerprint
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import roles_by_municipality

from .models import ApiToken

KEY_PREFIX = "kv_"
PREFIX_LENGTH = 8  # characters after "kv_" shown in the list


@dataclass(frozen=True)
class NewToken:
    """A freshly created token and its key (shown once, never retrievable again)."""

    token: ApiToken
    key: str


@transaction.atomic
def token_create(*, user: Any, municipality: Municipality, name: str) -> NewToken:
    """A new token for a member of the municipality."""
    if municipality.pk not in roles_by_municipality(user):
        raise PermissionDenied
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        municipality=municipality,
        name=name.strip()[:100] or "API",
        prefix=key[: len(KEY_PREFIX) + PREFIX_LENGTH],
        key_hash=fingerprint(key),
    )
    return NewToken(token=token, key=key)


@transaction.atomic
def token_revoke(*, token: ApiToken, by: Any) -> ApiToken:
    """Revoke a token (its owner only); revoking twice keeps the first moment."""
    if token.user_id != by.pk:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_for_key(key: str) -> ApiToken | None:
    """The active token with this key, with its user and municipality."""
    if not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    return (
        ApiToken.objects.active()
        .select_related("user", "municipality")
        .filter(key_hash=fingerprint(key))
        .first()
    )
