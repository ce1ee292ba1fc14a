"""Creating, revoking and checking OData keys (the secret is shown once and never stored)."""

from __future__ import annotations

import datetime
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from koersvast.core.keys import fingerprint
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action, can

from .models import ODataKey

PREFIX_PATTERN = re.compile(r"[0-9a-f]{8}")  # secrets.token_hex(4)
SECRET_PREFIX = "kvo_"  # noqa: S105 - a marker that makes leaked keys recognisable
# Writing last_used on every page of a refresh would turn reads into writes; once a minute
# is precise enough to see which keys are still in use.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class NewKey:
    key: ODataKey
    secret: str


@transaction.atomic
def key_create(
    *, municipality: Municipality, name: str, description: str = "", by: Any = None
) -> NewKey:
    """A new key; the returned secret is the only copy (only its SHA-256 is kept)."""
    prefix = secrets.token_hex(4)
    while ODataKey.objects.filter(prefix=prefix).exists():  # pragma: no cover - 1 in 4e9
        prefix = secrets.token_hex(4)
    secret = f"{SECRET_PREFIX}{prefix}_{secrets.token_urlsafe(24)}"
    key = ODataKey.objects.create(
        municipality=municipality,
        name=name,
        description=description,
        prefix=prefix,
        secret_hash=fingerprint(secret),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    return NewKey(key=key, secret=secret)


def may_revoke(user: Any, key: ODataKey) -> bool:
    """Whether the user may revoke the key: its maker, or whoever manages the members.

    Every reader may see the municipality's keys, but a key feeds someone's report (the MT's
    dashboard): revoking it breaks that report's refresh, so a reader may revoke only their own.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    if key.created_by_id is not None and key.created_by_id == user.pk:
        return True
    return can(user, key.municipality_id, Action.MEMBERS_MANAGE)


@transaction.atomic
def key_revoke(*, key: ODataKey, by: Any = None) -> ODataKey:
    """Revoke a key at once (audited); revoking twice keeps the first moment.

    `by` is the user who revokes (their right is checked); None is the system itself (a
    management command or a test), which needs no right.
    """
    if by is not None and not may_revoke(by, key):
        raise PermissionDenied
    key = ODataKey.objects.select_for_update().get(pk=key.pk)
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.revoked_by = by if getattr(by, "is_authenticated", False) else None
        key.save()
    return key


def key_authenticate(secret: str) -> ODataKey | None:
    """The active key with this secret, or None; records when it was last used."""
    if not secret.startswith(SECRET_PREFIX):
        return None
    prefix = secret[len(SECRET_PREFIX) :].split("_", 1)[0]
    if not PREFIX_PATTERN.fullmatch(prefix):  # never query with what cannot be a prefix (NUL)
        return None
    key = (
        ODataKey.objects.select_related("municipality")
        .filter(prefix=prefix, revoked_at__isnull=True)
        .first()
    )
    if key is None or not hmac.compare_digest(key.secret_hash, fingerprint(secret)):
        return None
    now = timezone.now()
    if key.last_used is None or now - key.last_used > LAST_USED_RESOLUTION:
        # A plain UPDATE: not a change worth an audit event, and no race with a revocation.
        ODataKey.objects.filter(pk=key.pk).update(last_used=now)
        key.last_used = now
    return key
