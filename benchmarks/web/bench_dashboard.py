"""Server time and query count of the portfolio dashboard at 200 and 2,000 initiatives.

Usage: python benchmarks/web/bench_dashboard.py [--sizes 200 2000] [--runs 20]
Uses a throwaway SQLite database under /tmp unless DATABASE_URL is set (then that database is
used as is: point it to an empty PostgreSQL database). The demo municipality is loaded (with its
plan of record, so the capacity panel is drawn) and bulk-filled up to each size with initiatives
in every state and work form, programme links, submitted progress reports for running work, risks,
benefits with a measurement, capacity demand, milestones and decisions. For each size it prints
median / p95 server time (Django test client: middleware, view, queries, template) and the
number of queries, unfiltered and with all four filters.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pages import measure_urls, setup_django

PREFIX = "DASH-"


def populate(count: int) -> object:
    """Fill the demo municipality up to `count` initiatives (idempotent per size)."""
    from django.contrib.auth import get_user_model

    from koersvast.capacity.models import CapacityPool, Demand
    from koersvast.demo.services import demo_load
    from koersvast.framework.models import Objective
    from koersvast.intake.models import Decision, DecisionBody
    from koersvast.monitoring.models import (
        Benefit,
        BenefitMeasurement,
        Milestone,
        Programme,
        ProgrammeInitiative,
        ProgressReport,
        Risk,
    )
    from koersvast.portfolio.choices import LifecycleState, WorkForm
    from koersvast.portfolio.models import Domain, Initiative

    municipality, _logins = demo_load()
    existing = Initiative.objects.filter(municipality=municipality).count()
    missing = max(0, count - existing)
    if not missing:
        return municipality
    offset = Initiative.objects.filter(reference__startswith=PREFIX).count()
    rng = random.Random(17 + offset)
    domains = list(Domain.objects.filter(municipality=municipality))
    owners = list(get_user_model().objects.filter(memberships__municipality=municipality))
    pools = list(CapacityPool.objects.filter(municipality=municipality))
    objectives = list(Objective.objects.filter(municipality=municipality)[:8])
    body = DecisionBody.objects.filter(municipality=municipality).first()
    programmes = list(Programme.objects.filter(municipality=municipality))
    programmes += Programme.objects.bulk_create(
        Programme(municipality=municipality, name=f"Benchprogramma {offset + n}")
        for n in range(max(0, 20 - len(programmes)))
    )
    states = [s.value for s in LifecycleState]
    created = Initiative.objects.bulk_create(
        Initiative(
            municipality=municipality,
            domain=rng.choice(domains),
            reference=f"{PREFIX}{offset + n:05d}",
            title=f"Dashboardinitiatief {offset + n}",
            state=LifecycleState.IN_PROGRESS if n % 3 == 0 else rng.choice(states),
            work_form=rng.choice(list(WorkForm)),
            start_year=rng.choice([2026, 2027, 2028]),
            start_quarter=rng.randint(1, 4),
            duration_quarters=rng.randint(1, 8),
            budget_capital=Decimal(rng.randint(0, 40) * 10_000),
            budget_operating=Decimal(rng.randint(1, 30) * 5_000),
            contractor=rng.choice(owners),
            official_sponsor=rng.choice(owners),
        )
        for n in range(missing)
    )
    created = list(Initiative.objects.filter(reference__in=[i.reference for i in created]))
    ProgrammeInitiative.objects.bulk_create(
        ProgrammeInitiative(
            municipality=municipality, programme=rng.choice(programmes), initiative=i
        )
        for i in created
        if rng.random() < 0.6
    )
    now = datetime.datetime.now(datetime.UTC)
    reports = []
    for i in created:
        if i.state != LifecycleState.IN_PROGRESS:
            continue
        for quarter in (1, 2, 3, 4):
            colours = {f: rng.choice(["groen", "groen", "oranje", "rood"]) for f in ASPECTS}
            reports.append(
                ProgressReport(
                    municipality=municipality,
                    initiative=i,
                    year=2026,
                    quarter=quarter,
                    status="ingediend",
                    submitted_at=now,
                    narrative="Loopt.",
                    rag_overall=max(colours.values(), key=["groen", "oranje", "rood"].index),
                    **colours,
                )
            )
    ProgressReport.objects.bulk_create(reports, batch_size=2000)
    Risk.objects.bulk_create(
        Risk(
            municipality=municipality,
            initiative=i,
            title=f"Risico {i.reference}",
            probability=rng.randint(1, 5),
            impact=rng.randint(1, 5),
        )
        for i in created
    )
    benefits = Benefit.objects.bulk_create(
        Benefit(
            municipality=municipality,
            initiative=i,
            objective=rng.choice(objectives) if objectives else None,
            name=f"Baat {i.reference}",
            kpi="Doorlooptijd",
            unit="dagen",
            baseline=Decimal(20),
            target=Decimal(10),
            target_date=datetime.date(2026 + rng.randint(0, 2), 6, 30),
        )
        for i in created
        if i.state in ("in_uitvoering", "afgerond", "batenrealisatie")
    )
    BenefitMeasurement.objects.bulk_create(
        BenefitMeasurement(
            municipality=municipality,
            benefit=b,
            measured_on=datetime.date(2026, 3, 31),
            value=Decimal(rng.randint(8, 20)),
        )
        for b in benefits
    )
    Demand.objects.bulk_create(
        Demand(
            municipality=municipality,
            initiative=i,
            pool=pool,
            offset=offset_q,
            hours=Decimal(rng.randint(20, 200)),
        )
        for i in created
        for pool in rng.sample(pools, k=min(2, len(pools)))
        for offset_q in range(min(4, i.duration_quarters))
    )
    Milestone.objects.bulk_create(
        Milestone(
            municipality=municipality,
            initiative=i,
            name=f"Mijlpaal {n}",
            baseline_date=datetime.date(2026, 3 * n, 1),
            actual_date=datetime.date(2026, 3 * n, 5) if rng.random() < 0.5 else None,
        )
        for i in created
        for n in (1, 2, 3)
    )
    if body is not None:
        Decision.objects.bulk_create(
            Decision(
                municipality=municipality,
                initiative=i,
                body=body,
                outcome="admit",
                rationale="Past in het afwegingskader.",
            )
            for i in created
            if rng.random() < 0.3
        )
    _analyze()
    return municipality


def _analyze() -> None:
    """Refresh the planner's statistics after the bulk load, as autovacuum would in production."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


ASPECTS = [
    "rag_time",
    "rag_money",
    "rag_scope",
    "rag_quality",
    "rag_risks",
    "rag_capacity",
    "rag_support",
]


def filtered_query(municipality: object) -> str:
    from django.utils.http import urlencode

    from koersvast.portfolio.models import Initiative

    sample = (
        Initiative.objects.filter(municipality=municipality, reference__startswith=PREFIX)
        .select_related("domain", "programme_link")
        .exclude(programme_link=None)
        .order_by("reference")
        .first()
    )
    if sample is None:
        return ""
    params = {
        "domain": sample.domain.code,
        "programme": sample.programme_link.programme_id,
        "owner": sample.contractor_id,
        "period": str(sample.start_year),
    }
    return "?" + urlencode(params)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    setup_django()
    from django.urls import reverse

    from koersvast.portfolio.models import Initiative

    engine = os.environ["DATABASE_URL"].split(":")[0]
    url = reverse("dashboards:index")
    print(f"dashboard, {args.runs} runs per page, database {engine}")
    print(f"{'initiatives':>11}  {'page':<24}{'median ms':>10}{'p95 ms':>10}{'queries':>9}")
    for size in sorted(args.sizes):
        municipality = populate(size)
        total = Initiative.objects.filter(municipality=municipality).count()
        urls = [("dashboard", url), ("dashboard (4 filters)", url + filtered_query(municipality))]
        for label, median, p95, queries in measure_urls(args.runs, urls):
            print(f"{total:>11}  {label:<24}{median:>10.1f}{p95:>10.1f}{queries:>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
