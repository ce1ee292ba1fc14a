"""Server time and query count of the main pages for a municipality with 2,000 initiatives.

Usage: python benchmarks/web/bench_pages.py [--initiatives 2000] [--runs 20]
Uses a throwaway SQLite database under /tmp unless DATABASE_URL is set (then that database is
used as is: point it to an empty PostgreSQL database). Prints one line per page: median and p95
server time (Django test client: middleware, view, queries and template rendering) and queries.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

PAGES = [
    ("overzicht", "core:home"),
    ("portfolio (lijst)", "portfolio:list"),
    ("intake (kanban)", "intake:board"),
    ("backlog (gerangschikt)", "intake:backlog"),
]


def setup_django() -> None:
    if "DATABASE_URL" not in os.environ:
        path = Path(tempfile.mkdtemp()) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koersvast.config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def populate(count: int) -> object:
    from koersvast.demo.services import demo_load
    from koersvast.framework.models import ImpactAxis, Objective
    from koersvast.intake.models import Contribution, ImpactScore
    from koersvast.intake.services.scoring import priority_recompute, published_framework
    from koersvast.portfolio.choices import LifecycleState
    from koersvast.portfolio.models import Domain, Initiative

    municipality, _logins = demo_load()
    rng = random.Random(7)
    domains = list(Domain.objects.filter(municipality=municipality))
    states = [s.value for s in LifecycleState]
    existing = Initiative.objects.filter(municipality=municipality).count()
    Initiative.objects.bulk_create(
        Initiative(
            municipality=municipality,
            domain=rng.choice(domains),
            reference=f"BENCH-{n:05d}",
            title=f"Benchmarkinitiatief {n}",
            state=rng.choice(states),
            budget_operating=Decimal(rng.randint(1, 50) * 10_000),
        )
        for n in range(max(0, count - existing))
    )
    framework = published_framework(municipality.pk)
    leaves = list(Objective.objects.filter(framework=framework, children__isnull=True))
    axes = list(ImpactAxis.objects.filter(framework=framework))
    scored = Initiative.objects.filter(
        municipality=municipality,
        reference__startswith="BENCH-",
        state__in=["advies", "besluitvorming", "opgenomen", "gepland"],
    )
    Contribution.objects.bulk_create(
        Contribution(municipality=municipality, initiative=i, objective=o, score=rng.randint(-1, 3))
        for i in scored
        for o in leaves
    )
    ImpactScore.objects.bulk_create(
        ImpactScore(
            municipality=municipality,
            initiative=i,
            axis=a,
            score=rng.randint(a.scale_min, a.scale_max),
        )
        for i in scored
        for a in axes
    )
    for initiative in scored:
        priority_recompute(initiative=initiative, framework=framework)
    return municipality


def measure(
    runs: int, pages: list[tuple[str, str]] | None = None
) -> list[tuple[str, float, float, int]]:
    """Median and p95 server time and the query count of named pages (URL names)."""
    from django.urls import reverse

    return measure_urls(runs, [(label, reverse(name)) for label, name in pages or PAGES])


def measure_urls(runs: int, urls: list[tuple[str, str]]) -> list[tuple[str, float, float, int]]:
    """Median and p95 server time and the query count of each URL, as the portfolio manager."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(get_user_model().objects.get(username="portfoliomanager"))
    results = []
    for label, url in urls:
        client.get(url)  # warm up caches and templates
        timings = []
        for _ in range(runs):
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        p95 = sorted(timings)[max(0, int(len(timings) * 0.95) - 1)]
        results.append((label, statistics.median(timings), p95, len(queries)))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--initiatives", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    setup_django()
    from koersvast.portfolio.models import Initiative

    municipality = populate(args.initiatives)
    total = Initiative.objects.filter(municipality=municipality).count()
    engine = os.environ["DATABASE_URL"].split(":")[0]
    print(f"{total} initiatives, {args.runs} runs per page, database {engine}")
    print(f"{'page':<26}{'median ms':>10}{'p95 ms':>10}{'queries':>9}")
    for label, median, p95, queries in measure(args.runs):
        print(f"{label:<26}{median:>10.1f}{p95:>10.1f}{queries:>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
