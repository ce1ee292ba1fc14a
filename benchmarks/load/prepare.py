"""Data for the load test: the demo completed to N initiatives, sessions and targets.json.

Called by run.py in a subprocess with the production settings and the load database in the
environment. The initiatives are made as in benchmarks/web/bench_pages.py (the demo
municipality plus bulk-created, scored initiatives); a few hundred running ones are given to
the demo project leader so that leaders have their own projects to report on.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SESSIONS_PER_ROLE = 120
LEADER_INITIATIVES = 300
ACCOUNTS = {"manager": "portfoliomanager", "leader": "projectleider", "reader": "lezer"}


def _django() -> None:
    import django

    django.setup()


def main(initiatives: int) -> None:
    _django()
    sys.path.insert(0, str(ROOT / "benchmarks" / "web"))
    from bench_pages import populate
    from django.contrib.auth import get_user_model

    from koersvast.portfolio.models import Initiative

    municipality: Any = populate(initiatives)
    leader = get_user_model().objects.get(username=ACCOUNTS["leader"])
    running = Initiative.objects.filter(
        municipality=municipality, state="in_uitvoering", reference__startswith="BENCH-"
    ).order_by("pk")[:LEADER_INITIATIVES]
    Initiative.objects.filter(pk__in=list(running.values_list("pk", flat=True))).update(
        contractor=leader
    )
    analyze()
    targets(setup=False)


def analyze() -> None:
    """Fresh planner statistics after the bulk load, as autovacuum keeps them in production.

    Without them PostgreSQL plans every query for near-empty tables (a server with autovacuum
    off, as on the benchmark machine, never gathers them), which is not what production sees.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _session(user: Any) -> str:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend

    # The backend a password login would have recorded (the first that knows the user).
    backend = next(
        path
        for path in settings.AUTHENTICATION_BACKENDS
        if "axes" not in path and load_backend(path).get_user(user.pk) is not None
    )
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = backend
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def _pattern(name: str) -> str:
    from django.urls import reverse

    return reverse(name, args=[987654321]).replace("987654321", "{}")


def targets(setup: bool = True) -> None:
    """Sessions for each kind of user and what they will open, written to $LOAD_TARGETS."""
    if setup:
        _django()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from koersvast.demo import content
    from koersvast.portfolio.choices import LifecycleState
    from koersvast.portfolio.models import Domain, Initiative
    from koersvast.reports.forms import initial_parameters
    from koersvast.tenancy.models import Municipality

    municipality = Municipality.objects.get(cbs_code=content.DEMO_CODE)
    users = get_user_model().objects.in_bulk(list(ACCOUNTS.values()), field_name="username")
    leader = users[ACCOUNTS["leader"]]
    initiatives = Initiative.objects.filter(municipality=municipality)
    document = {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "sessions": {
            role: [_session(users[name]) for _ in range(SESSIONS_PER_ROLE)]
            for role, name in ACCOUNTS.items()
        },
        "initiatives": list(initiatives.values_list("pk", flat=True)),
        "leader_initiatives": list(
            initiatives.filter(contractor=leader, state="in_uitvoering").values_list(
                "pk", flat=True
            )
        ),
        "domains": list(
            Domain.objects.filter(municipality=municipality).values_list("pk", flat=True)
        ),
        "states": [state.value for state in LifecycleState],
        "report": {key: str(value) for key, value in initial_parameters().items()},
        "urls": {
            "home": reverse("core:home"),
            "dashboard": reverse("dashboards:index"),
            "portfolio": reverse("portfolio:list"),
            "monitoring": reverse("monitoring:index"),
            "backlog": reverse("intake:backlog"),
            "report": reverse("reports:report"),
            "initiative": _pattern("portfolio:initiative_detail"),
            "monitoring_initiative": _pattern("monitoring:initiative"),
            "report_create": _pattern("monitoring:report_create"),
        },
    }
    Path(os.environ["LOAD_TARGETS"]).write_text(json.dumps(document))
    print(
        f"{len(document['initiatives'])} initiatives, "
        f"{len(document['leader_initiatives'])} led by the project leader"
    )
