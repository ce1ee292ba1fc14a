"""Scenario run time (demo municipality) and comparison page cost (2,000 initiatives).

Usage: python benchmarks/web/bench_scenarios.py [--initiatives 2000] [--runs 10]
Uses a throwaway SQLite database under /tmp unless DATABASE_URL is set. Prints:
- the run time of the demo municipality's plan of record (translate + solve + check + store),
  several times, through the service the background task calls;
- for a municipality with --initiatives initiatives (a third of them plannable, with demand,
  krediet and scores): the run time of the demo's four scenarios, and the comparison page's
  median / p95 server time and query count (Django test client: middleware, view, queries,
  template).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pages import setup_django


def demo_runs(repeat: int) -> tuple[object, dict[str, object], list[float]]:
    from django.contrib.auth import get_user_model

    from koersvast.demo.planning_demo import PLAN, load_planning
    from koersvast.demo.services import demo_load
    from koersvast.planning.models import Scenario
    from koersvast.planning.services.runs import scenario_run_now

    municipality, _logins = demo_load()
    users = {u.username: u for u in get_user_model().objects.all()}
    started = time.perf_counter()
    load_planning(municipality, users=users)
    print(f"load_planning (first time): {time.perf_counter() - started:.2f} s")
    plan = Scenario.objects.get(municipality=municipality, name=PLAN)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run = scenario_run_now(scenario=plan, by=users["portfoliomanager"])
        timings.append(time.perf_counter() - started)
        assert run.status == "done", run.failure_reason
    return municipality, users, timings


def populate(municipality: object, count: int) -> None:
    from koersvast.capacity.models import CapacityPool, Demand
    from koersvast.intake.models import PriorityScore
    from koersvast.intake.services.scoring import published_framework
    from koersvast.portfolio.models import Domain, Initiative

    rng = random.Random(7)
    domains = list(Domain.objects.filter(municipality=municipality))
    pools = list(CapacityPool.objects.filter(municipality=municipality))
    existing = Initiative.objects.filter(municipality=municipality).count()
    states = ["opgenomen", "gepland", "idee", "ingediend", "intake", "afgerond"]
    Initiative.objects.bulk_create(
        Initiative(
            municipality=municipality,
            domain=rng.choice(domains),
            reference=f"BENCH-{n:05d}",
            title=f"Benchmarkinitiatief {n}",
            state=rng.choice(states),
            start_year=2027 + rng.randint(0, 2),
            start_quarter=rng.randint(1, 4),
            duration_quarters=rng.randint(1, 6),
            # Krediet too, so that the demo's budget room per year binds as well.
            budget_capital=Decimal(rng.choice([0, 0, 50, 150, 400]) * 1000),
        )
        for n in range(max(0, count - existing))
    )
    plannable = list(
        Initiative.objects.filter(
            municipality=municipality,
            reference__startswith="BENCH-",
            state__in=["opgenomen", "gepland"],
        )
    )
    demand = []
    for initiative in plannable:
        for pool in rng.sample(pools, k=2):
            for offset in range(initiative.duration_quarters):
                demand.append(
                    Demand(
                        municipality=municipality,
                        initiative=initiative,
                        pool=pool,
                        offset=offset,
                        hours=Decimal(rng.choice([10, 20, 40, 80])),
                    )
                )
    Demand.objects.bulk_create(demand)
    framework = published_framework(municipality.pk)  # type: ignore[attr-defined]
    PriorityScore.objects.bulk_create(
        PriorityScore(
            municipality=municipality,
            initiative=i,
            framework=framework,
            total=Decimal(rng.randint(10, 90)),
            value_part=Decimal(0),
            impact_part=Decimal(0),
        )
        for i in plannable
    )
    print(f"{len(plannable)} plannable initiatives of {count}")


def compare_page(municipality: object, users: dict[str, object], runs: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from koersvast.planning.models import Scenario
    from koersvast.planning.services.runs import scenario_run_now

    manager = users["portfoliomanager"]
    scenarios = list(Scenario.objects.filter(municipality=municipality).order_by("pk"))
    for scenario in scenarios:
        started = time.perf_counter()
        run = scenario_run_now(scenario=scenario, by=manager, time_limit=10.0)
        print(
            f"run {scenario.name!r}: {time.perf_counter() - started:.2f} s, "
            f"{run.status} {run.solver_status} gap {run.gap}"
        )
    client = Client()
    client.force_login(manager)
    url = reverse("planning:compare") + "?" + "&".join(f"s={s.pk}" for s in scenarios)
    client.get(url)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    p95 = sorted(timings)[max(0, int(len(timings) * 0.95) - 1)]
    print(
        f"compare page ({len(scenarios)} scenarios): median {statistics.median(timings):.1f} ms, "
        f"p95 {p95:.1f} ms, {len(queries)} queries"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--initiatives", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    setup_django()
    municipality, users, timings = demo_runs(5)
    print(
        f"demo scenario run: median {statistics.median(timings):.3f} s, "
        f"max {max(timings):.3f} s ({len(timings)} runs)"
    )
    populate(municipality, args.initiatives)
    compare_page(municipality, users, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
