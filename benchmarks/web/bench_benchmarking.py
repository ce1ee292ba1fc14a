"""Time of the benchmark aggregation: 342 municipalities × 300 initiatives, all opted in.

Usage: python benchmarks/web/bench_benchmarking.py [--initiatives 300] [--runs 5]
Uses a throwaway SQLite database under /tmp unless DATABASE_URL is set. Bulk-creates every
municipality of the CBS list with a domain set, capacity pools (four quarters), initiatives
over the lifecycle and their transitions (with dates), milestones, and benefits with
measurements (for the finished-on-time and realised-benefits figures), then times the
aggregation (all figures for all municipalities, in the database) and the full report for one
municipality (figures + domain shares + quartiles). Target: < 2 s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pages import setup_django

PATH = ["intake", "besluitvorming", "opgenomen", "gepland", "in_uitvoering"]
STATES = ["ingediend", *PATH, "afgerond", "afgewezen"]


@contextmanager
def explicit_created_at(*models: type) -> object:
    """Let bulk_create keep the given created_at (a benchmark-only shortcut)."""
    fields = [m._meta.get_field("created_at") for m in models]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f in fields:
            f.auto_now_add = True


def populate(per_municipality: int) -> None:
    from koersvast.benchmarking.models import BenchmarkSettings
    from koersvast.capacity.models import CapacityPool, PoolCapacity
    from koersvast.intake.models import Transition
    from koersvast.monitoring.models import Benefit, BenefitMeasurement, Milestone
    from koersvast.portfolio.models import Domain, Initiative
    from koersvast.tenancy.models import Municipality
    from koersvast.tenancy.services import cbs_municipalities

    rng = random.Random(342)
    start = datetime(2025, 1, 6, tzinfo=UTC)
    towns = Municipality.objects.bulk_create(
        Municipality(cbs_code=m.cbs_code, name=m.name, inhabitants=m.inhabitants)
        for m in cbs_municipalities().values()
    )
    BenchmarkSettings.objects.bulk_create(
        BenchmarkSettings(municipality=t, opted_in=True) for t in towns
    )
    domains = Domain.objects.bulk_create(
        Domain(municipality=t, code=code, name=code)
        for t in towns
        for code in ("sociaal", "ruimte", "openbare-ruimte", "bedrijfsvoering")
    )
    by_town: dict[int, list] = {}
    for d in domains:
        by_town.setdefault(d.municipality_id, []).append(d)
    pools = CapacityPool.objects.bulk_create(
        CapacityPool(municipality=t, code=f"p{n}", name=f"Pool {n}")
        for t in towns
        for n in range(3)
    )
    PoolCapacity.objects.bulk_create(
        PoolCapacity(
            municipality_id=p.municipality_id,
            pool=p,
            year=2027,
            quarter=q,
            fte=Decimal(rng.randint(5, 200)) / 10,
        )
        for p in pools
        for q in range(1, 5)
    )
    for town in towns:
        initiatives = Initiative.objects.bulk_create(
            Initiative(
                municipality=town,
                domain=rng.choice(by_town[town.pk]),
                reference=f"B-{n:04d}",
                title=f"Initiatief {n}",
                state=rng.choice(STATES),
                has_political_urgency=rng.random() < 0.1,
            )
            for n in range(per_municipality)
        )
        transitions, milestones, benefits = [], [], []
        for i in initiatives:
            moment = start + timedelta(days=rng.randint(0, 500))
            steps = PATH[: PATH.index(i.state) + 1] if i.state in PATH else []
            steps = [*PATH, "afgerond"] if i.state == "afgerond" else steps
            for to_state in steps:
                moment += timedelta(days=rng.randint(5, 90))
                transitions.append(
                    Transition(
                        municipality=town,
                        initiative=i,
                        from_state="x",
                        to_state=to_state,
                        created_at=moment,
                        updated_at=moment,
                    )
                )
            if i.state in ("in_uitvoering", "afgerond"):
                baseline = date(2026, 1, 1) + timedelta(days=rng.randint(0, 300))
                milestones.append(
                    Milestone(
                        municipality=town,
                        initiative=i,
                        name="M",
                        baseline_date=baseline,
                        actual_date=baseline + timedelta(days=rng.randint(-30, 30)),
                    )
                )
                benefits.append(
                    Benefit(
                        municipality=town,
                        initiative=i,
                        name="Baat",
                        kpi="KPI",
                        unit="%",
                        baseline=Decimal(0),
                        target=Decimal(100),
                        target_date=baseline + timedelta(days=rng.randint(0, 400)),
                    )
                )
        with explicit_created_at(Transition):
            Transition.objects.bulk_create(transitions)
        Milestone.objects.bulk_create(milestones)
        BenefitMeasurement.objects.bulk_create(
            BenefitMeasurement(
                municipality=town,
                benefit=benefit,
                measured_on=date(2026, 1, 1) + timedelta(days=90 * n),
                value=Decimal(rng.randint(0, 120)),
            )
            for benefit in Benefit.objects.bulk_create(benefits)
            for n in range(2)
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--initiatives", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from koersvast.benchmarking.selectors import benchmark_report, figure_rows, participant_ids
    from koersvast.intake.models import Transition
    from koersvast.portfolio.models import Initiative
    from koersvast.tenancy.models import Municipality

    t0 = time.perf_counter()
    if not Municipality.objects.exists():  # a DATABASE_URL with data from an earlier run is reused
        populate(args.initiatives)
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE"
        )  # fresh planner statistics, as autovacuum keeps them in production
    print(
        f"data: {Municipality.objects.count()} gemeenten, {Initiative.objects.count()} "
        f"initiatieven, {Transition.objects.count()} overgangen "
        f"({time.perf_counter() - t0:.1f} s opbouw, {connection.vendor})"
    )
    own = Municipality.objects.get(cbs_code="GM0344")
    for label, run in [
        (
            "aggregatie (alle kengetallen, alle gemeenten)",
            lambda: figure_rows(participant_ids()),
        ),
        ("rapport voor één gemeente (incl. kwartielen)", lambda: benchmark_report(own)),
    ]:
        times = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                run()
                times.append(time.perf_counter() - started)
        print(
            f"{label}: mediaan {statistics.median(times):.3f} s, max {max(times):.3f} s, "
            f"{len(queries)} queries"
        )


if __name__ == "__main__":
    main()
