"""Committed query counts per page (NetBox-style baselines), next to the "does not grow" checks.

The per-page tests elsewhere prove that a page's query count does not grow with the data; they
cannot see a page that gains fixed queries (a lookup added to the page shell, a panel that
forgets its `select_related`). This test renders the main pages of the demo municipality as the
portfolio manager and compares each page's count with `query_baselines.json`, which has a
section per database (PostgreSQL runs a few statements SQLite has no use for, such as switching
off the JIT for one aggregate):
- more queries than the baseline fails: find the new query, or raise the baseline in the same
  commit with the reason in its message;
- fewer fails too, so the baseline follows an improvement and cannot hide a later regression.

Rewrite the file after a deliberate change with
`KOERSVAST_WRITE_QUERY_BASELINES=1 pytest tests/core/test_query_baselines.py -n 0`, once on
SQLite and once with `DATABASE_URL` set to PostgreSQL (each run writes its own section).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.demo_snapshot import load_demo

pytestmark = pytest.mark.django_db

BASELINES = Path(__file__).with_name("query_baselines.json")
WRITE = os.environ.get("KOERSVAST_WRITE_QUERY_BASELINES") == "1"

# Pages without arguments, by URL name.
PLAIN = [
    "home",
    "dashboards:index",
    "portfolio:list",
    "intake:board",
    "intake:backlog",
    "intake:decisions",
    "intake:meetings",
    "framework:index",
    "planning:scenarios",
    "planning:roadmap",
    "planning:capacity_map",
    "planning:plan_versions",
    "capacity:index",
    "capacity:people",
    "monitoring:index",
    "monitoring:programmes",
    "monitoring:risks",
    "monitoring:benefits",
    "monitoring:lessons",
    "monitoring:budget",
    "finance:index",
    "finance:mip",
    "finance:budget",
    "finance:weerstandsvermogen",
    "reports:index",
    "council:index",
    "council:items",
    "library:index",
    "benchmarking:index",
    "notifications:list",
]


def _first(url_name: str, model_path: str, **filters: Any) -> Callable[[Any], str]:
    """The detail page of the demo's first object of a model (by primary key)."""

    def url(municipality: Any) -> str:
        from django.apps import apps

        app, _, name = model_path.partition(".")
        model = apps.get_model(app, name)
        obj = model.objects.filter(municipality=municipality, **filters).order_by("pk").first()
        assert obj is not None, f"the demo has no {model_path}"
        return reverse(url_name, args=[obj.pk])

    return url


DETAILS = [
    _first("portfolio:initiative_detail", "portfolio.Initiative", state="in_uitvoering"),
    _first("monitoring:programme_detail", "monitoring.Programme"),
    _first("planning:scenario", "planning.Scenario"),
    _first("planning:plan_version", "planning.PlanVersion"),
    _first("finance:initiative", "portfolio.Initiative", state="in_uitvoering"),
]
DETAIL_NAMES = [
    "portfolio:initiative_detail",
    "monitoring:programme_detail",
    "planning:scenario",
    "planning:plan_version",
    "finance:initiative",
]


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with django_db_blocker.unblock(), transaction.atomic():
        municipality, _logins = load_demo()
        yield municipality
        transaction.set_rollback(True)


def _count(client: Client, url: str) -> int:
    for alias in caches:  # a warm cache from the page before would lower the count
        caches[alias].clear()
    client.get(url)  # the session and the menu's lookups settle on the first visit
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return len(queries)


def _measure(demo: Any, django_db_blocker: Any) -> dict[str, int]:
    with django_db_blocker.unblock():
        client = Client()
        client.force_login(get_user_model().objects.get(username="portfoliomanager"))
        urls = {name: reverse(name) for name in PLAIN}
        urls |= {name: url(demo) for name, url in zip(DETAIL_NAMES, DETAILS, strict=True)}
        return {name: _count(client, url) for name, url in urls.items()}


def test_each_main_page_keeps_its_committed_query_count(demo, django_db_blocker) -> None:
    counts = _measure(demo, django_db_blocker)
    stored = json.loads(BASELINES.read_text())
    if WRITE:
        stored[connection.vendor] = dict(sorted(counts.items()))
        BASELINES.write_text(json.dumps(dict(sorted(stored.items())), indent=2) + "\n")
    baselines = stored[connection.vendor]
    changed = {
        name: f"{baselines.get(name)} → {count}"
        for name, count in counts.items()
        if baselines.get(name) != count
    }
    assert not changed, (
        f"query counts changed (baseline → now): {changed}. Fix the page, or rewrite the "
        "baselines (see this module's docstring) and say why in the commit."
    )
    assert set(baselines) == set(counts), "baselines for pages no longer measured"
