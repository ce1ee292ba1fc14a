"""Shared fixtures: a municipality with one persona per role, and an outsider from another one."""

from __future__ import annotations

import os
from typing import Any

import hypothesis
import pytest
from django.core.cache import caches
from django.test import Client

from koersvast.tenancy.choices import Role
from koersvast.tenancy.services import membership_grant

from .factories import MunicipalityFactory, UserFactory

pytest_plugins = ["tests.playwright_support", "tests.storage_support"]

# Playwright's sync API runs an event loop in the test thread; the Django ORM calls made by
# fixtures in that thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct-horse-battery"

SHARED_CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "figures": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "f"},
}

# Property-based tests judge results, not speed: on a shared 2-core machine a slow example is
# no failure (a deadline there only makes builds flaky). In CI (`.ci/run` sets CI) they use a
# fixed seed, so a red build can be reproduced exactly; locally they explore new examples.
hypothesis.settings.register_profile(
    "koersvast", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow]
)
hypothesis.settings.register_profile(
    "ci",
    parent=hypothesis.settings.get_profile("koersvast"),
    derandomize=True,
    database=None,
)
hypothesis.settings.load_profile("ci" if os.environ.get("CI") else "koersvast")


@pytest.fixture
def municipality(db: Any) -> Any:
    return MunicipalityFactory(cbs_code="GM0344", name="Utrecht", inhabitants=374_238)


@pytest.fixture
def other_municipality(db: Any) -> Any:
    return MunicipalityFactory(cbs_code="GM0363", name="Amsterdam", inhabitants=931_298)


@pytest.fixture
def personas(municipality: Any) -> dict[Role, Any]:
    """One user per role in `municipality`, named after the role."""
    users = {}
    for role in Role:
        user = UserFactory(username=role.value)
        membership_grant(user=user, municipality=municipality, roles=[role])
        users[role] = user
    return users


@pytest.fixture
def outsider(other_municipality: Any) -> Any:
    """A portfolio manager of another municipality: must see nothing of `municipality`."""
    user = UserFactory(username="outsider")
    membership_grant(
        user=user,
        municipality=other_municipality,
        roles=[Role.PORTFOLIO_MANAGER, Role.ADMINISTRATOR],
    )
    return user


@pytest.fixture
def client_for() -> Any:
    """A logged-in test client for a user."""

    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def pm_client(personas: dict[Role, Any], client_for: Any) -> Client:
    return client_for(personas[Role.PORTFOLIO_MANAGER])


@pytest.fixture
def shared_cache(settings: Any) -> Any:
    """A memory cache standing in for the shared one of production (KOERSVAST_CACHE_URL), so the
    figures cache (core/figures.py) is on; empty at the start and the end of the test."""
    settings.CACHES = SHARED_CACHES
    caches["figures"].clear()
    yield caches["figures"]
    caches["figures"].clear()
