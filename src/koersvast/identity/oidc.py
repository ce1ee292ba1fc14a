"""OIDC configuration: whether single sign-on is on, and the provider's endpoints.

Endpoints may be set one by one (OIDC_OP_*_ENDPOINT) or found in the provider's discovery
document (OIDC_OP_DISCOVERY), which is fetched on first use and kept for an hour.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# mozilla-django-oidc setting -> key in the discovery document.
DISCOVERY_KEYS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_ISSUER": "issuer",
}
DISCOVERY_TTL_SECONDS = 3600

_lock = threading.Lock()
_documents: dict[str, tuple[float, dict[str, Any]]] = {}


def sso_enabled() -> bool:
    """Single sign-on is on when a client id and the provider (discovery or endpoints) are set."""
    return bool(settings.OIDC_RP_CLIENT_ID) and bool(
        settings.OIDC_OP_DISCOVERY or settings.OIDC_OP_AUTHORIZATION_ENDPOINT
    )


def discovery_document(url: str) -> dict[str, Any]:
    """The provider's `.well-known/openid-configuration`, cached for an hour."""
    with _lock:
        cached = _documents.get(url)
        if cached and time.monotonic() - cached[0] < DISCOVERY_TTL_SECONDS:
            return cached[1]
    response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
    response.raise_for_status()
    document: dict[str, Any] = response.json()
    with _lock:
        _documents[url] = (time.monotonic(), document)
    return document


def forget_discovery() -> None:
    """Drop cached discovery documents (tests start providers on new ports)."""
    with _lock:
        _documents.clear()


def oidc_setting(name: str, *default: Any) -> Any:
    """A mozilla-django-oidc setting; endpoints come from discovery when not set explicitly."""
    value = getattr(settings, name, None)
    if value not in (None, ""):
        return value
    if name in DISCOVERY_KEYS and settings.OIDC_OP_DISCOVERY:
        document = discovery_document(settings.OIDC_OP_DISCOVERY)
        if DISCOVERY_KEYS[name] in document:
            return document[DISCOVERY_KEYS[name]]
    if default:
        return default[0]
    raise ImproperlyConfigured(f"Setting {name} not found (and not in the discovery document).")
