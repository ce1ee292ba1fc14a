"""Expensive derived figures (dashboard, monitoring overview, live report), cached per municipality.

On only with a cache that every server process shares (`KOERSVAST_CACHE_URL`, Django's Redis
backend; decision 0906). With the zero-setup default each gunicorn worker has its own memory
cache and a change seen by one worker could not reach the others, so there nothing is cached
and `cached()` simply computes.

Invalidation: every municipality has a data version in the cache, and the key of each cached
figure contains it (plus a version for changes that may touch any municipality). Any write to a
municipality's data replaces its version when the transaction commits, so the next request
after a change computes the figures anew; the old entries are never read again and expire.
Writes are seen through the model signals (every save and delete of a model with a
`municipality_id`, memberships included), through `TenantQuerySet.update`/`bulk_create`/
`bulk_update` (which bypass the signals), and user or reference-data changes bump the global
version. Versions and figures expire after TIMEOUT: the bound on staleness for a change the
application cannot see (a write while the cache was unreachable, a database restored behind its
back), since an expired version is replaced by a new one.

Keys always contain the municipality's id: a figure computed for one municipality is never
looked up for another.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.db import transaction
from django.utils.translation import get_language

from koersvast import __version__

logger = logging.getLogger(__name__)

ALIAS = "figures"
#: Seconds a cached figure is kept at most; every change invalidates it before that.
TIMEOUT = 600
_ALL = "all"


def enabled() -> bool:
    """Whether figures are cached (a shared cache is configured under the `figures` alias)."""
    return ALIAS in settings.CACHES and not isinstance(caches[ALIAS], DummyCache)


def _version_key(scope: int | str) -> str:
    return f"figures:version:{scope}"


def _versions(municipality_id: int) -> str:
    """The global and the municipality's data version (created when missing)."""
    cache = caches[ALIAS]
    keys = [_version_key(_ALL), _version_key(municipality_id)]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, secrets.token_hex(8), timeout=TIMEOUT)
            found[key] = cache.get(key)
    return f"{found[keys[0]]}.{found[keys[1]]}"


def _digest(parts: Iterable[Hashable]) -> str:
    return hashlib.sha256(repr(tuple(parts)).encode()).hexdigest()[:32]


def cached[T](
    name: str, municipality_id: int, parts: Iterable[Hashable], compute: Callable[[], T]
) -> T:
    """`compute()`, or what it returned before for the same municipality, data and `parts`.

    `parts` are everything else the result depends on (filters, dates); the active language
    is added, since results hold translated labels. Without a shared cache: `compute()`.
    """
    if not enabled():
        return compute()
    cache = caches[ALIAS]
    try:
        key = ":".join(
            [
                "figures",
                __version__,
                name,
                str(municipality_id),
                _versions(municipality_id),
                get_language() or "",
                _digest(parts),
            ]
        )
        found = cache.get(key)
    except Exception:  # an unreachable cache slows the page down, it does not break it
        logger.warning("figures cache unavailable; computing %s", name, exc_info=True)
        return compute()
    if found is not None:
        return found
    value = compute()
    try:
        cache.set(key, value, TIMEOUT)
    except Exception:
        logger.warning("figures cache unavailable; not storing %s", name, exc_info=True)
    return value


def changed(municipality_id: int | None) -> None:
    """Data of the municipality changed (None: possibly of any): new figures after the commit."""
    if not enabled():
        return
    scope: int | str = _ALL if municipality_id is None else municipality_id
    transaction.on_commit(lambda: _bump(scope))


def changed_many(municipality_ids: Iterable[int | None]) -> None:
    for municipality_id in set(municipality_ids):
        changed(municipality_id)


def _bump(scope: int | str) -> None:
    try:
        caches[ALIAS].set(_version_key(scope), secrets.token_hex(8), timeout=TIMEOUT)
    except Exception:
        # Entries under the old version may be read until they expire (TIMEOUT).
        logger.error("figures cache unavailable; could not invalidate %s", scope, exc_info=True)


# --- what counts as a change -------------------------------------------------------------

#: Models whose writes never feed a figure (sessions, login throttling, background task
#: bookkeeping, the audit trail itself): they do not invalidate anything.
IGNORED_APPS = frozenset({"sessions", "axes", "django_tasks_db", "admin", "otp_totp", "otp_static"})


def model_changed(sender: type[Any], instance: Any, **kwargs: Any) -> None:
    """Receiver of post_save, post_delete and m2m_changed (connected in CoreConfig.ready)."""
    if kwargs.get("action", "post_").split("_")[0] != "post":
        return  # m2m_changed also sends pre_add, pre_remove, pre_clear
    meta = sender._meta
    if meta.app_label in IGNORED_APPS or meta.label == "audit.AuditEvent":
        return
    if kwargs.get("update_fields") == frozenset({"last_login"}):
        return  # a login, nothing any figure shows
    if meta.label == "tenancy.Municipality":
        changed(instance.pk)
    elif hasattr(instance, "municipality_id"):
        changed(instance.municipality_id)
    else:  # users, reference data: may appear in any municipality's figures
        changed(None)
