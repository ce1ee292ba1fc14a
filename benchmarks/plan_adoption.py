"""Time of adopting a plan (scenario_adopt) with 2,000 initiatives, and its query count.

Usage: python benchmarks/plan_adoption.py [--sizes 200 2000] [--repeat 3]
Uses a throwaway SQLite database under /tmp unless DATABASE_URL is set (PostgreSQL:
DATABASE_URL=postgres://postgres@127.0.0.1:5432/kv_bench).

For each size: a municipality with four pools (16 quarters of capacity), budget room, and that
many admitted initiatives with demand; a finished run of a scenario with a +1 fte lever and a
budget lever, whose plan schedules nine in ten initiatives and leaves the rest out with the
optimiser's reason (the documents are built in the optimiser's format, so the timing is the
adoption's alone, not the solver's). Each repetition adopts a new scenario, so every adoption
writes a new plan version with all its items, state changes and capacity changes, replacing
the previous plan. Prints the median and maximum time (wall clock, and the CPU time of this
process, which with SQLite includes the database's work), the query count per adoption, and
the load average.
Target: < 2 s at 2,000 initiatives, and a query count that does not grow with the size.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent / "web"))
from bench_pages import setup_django

QUARTERS = 16
POOLS = ("pl", "jur", "ib", "fin")


def world(size: int, tag: str) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from koersvast.capacity.models import BudgetCapacity, CapacityPool, Demand, PoolCapacity
    from koersvast.intake.models import DecisionBody
    from koersvast.planning.models import PlanningSettings
    from koersvast.portfolio.models import Domain, Initiative
    from koersvast.tenancy.choices import Role
    from koersvast.tenancy.models import Municipality
    from koersvast.tenancy.services import membership_grant

    municipality = Municipality.objects.create(
        cbs_code=f"GM{9000 + size % 1000:04d}"[:6], name=f"Bench {tag}", reference_prefix="B"
    )
    PlanningSettings.objects.create(
        municipality=municipality, first_year=2027, first_quarter=1, horizon=QUARTERS
    )
    manager = get_user_model().objects.create_user(username=f"pm-{tag}")
    membership_grant(user=manager, municipality=municipality, roles=[Role.PORTFOLIO_MANAGER])
    body = DecisionBody.objects.create(municipality=municipality, name="College")
    domain = Domain.objects.create(municipality=municipality, name="Ruimte", code="ruimte")
    pools = CapacityPool.objects.bulk_create(
        CapacityPool(municipality=municipality, code=code, name=code.upper()) for code in POOLS
    )
    PoolCapacity.objects.bulk_create(
        PoolCapacity(
            municipality=municipality,
            pool=pool,
            year=2027 + index // 4,
            quarter=index % 4 + 1,
            fte=Decimal(40),
        )
        for pool in pools
        for index in range(QUARTERS)
    )
    BudgetCapacity.objects.bulk_create(
        BudgetCapacity(municipality=municipality, kind="krediet", year=year, amount=10**8)
        for year in range(2027, 2031)
    )
    rng = random.Random(size)
    initiatives = Initiative.objects.bulk_create(
        Initiative(
            municipality=municipality,
            domain=domain,
            reference=f"B-{n:05d}",
            title=f"Initiatief {n}",
            state="opgenomen",
            start_year=2027 + rng.randint(0, 2),
            start_quarter=rng.randint(1, 4),
            duration_quarters=rng.randint(1, 4),
        )
        for n in range(size)
    )
    Demand.objects.bulk_create(
        Demand(
            municipality=municipality,
            initiative=initiative,
            pool=rng.choice(pools),
            offset=offset,
            hours=Decimal(rng.choice([20, 40, 80])),
        )
        for initiative in initiatives
        for offset in range(initiative.duration_quarters)
    )
    return {
        "municipality": municipality,
        "manager": manager,
        "body": body,
        "pools": pools,
        "initiatives": initiatives,
    }


def finished_run(w: dict[str, Any], name: str, seed: int) -> Any:
    """A scenario with a capacity and a budget lever and a finished run in the optimiser's
    format: nine in ten initiatives scheduled, the rest left out with a capacity reason."""
    from django.utils import timezone

    from koersvast.planning.models import Lever, Scenario, ScenarioRun

    municipality = w["municipality"]
    scenario = Scenario.objects.create(municipality=municipality, name=name)
    Lever.objects.create(
        municipality=municipality,
        scenario=scenario,
        kind="capacity",
        pool=w["pools"][1],
        year=2027,
        quarter=3,
        fte=Decimal(1),
    )
    Lever.objects.create(
        municipality=municipality,
        scenario=scenario,
        kind="budget",
        budget_kind="krediet",
        year=2028,
        quarter=1,
        amount=Decimal(2_000_000),
    )
    rng = random.Random(seed)
    periods = [f"{2027 + i // 4}-Q{i % 4 + 1}" for i in range(QUARTERS)]
    items, selected, explanations = [], [], []
    for initiative in w["initiatives"]:
        duration = initiative.duration_quarters
        items.append(
            {
                "id": initiative.reference,
                "name": initiative.title,
                "x-pk": initiative.pk,
                "x-domain": "Ruimte",
                "duration": duration,
                "earliest_start": 0,
                "value": float(rng.randint(1, 100)),
                "demand": {"jur": [40.0] * duration},
            }
        )
        if rng.random() < 0.9:
            start = rng.randint(0, QUARTERS - duration)
            selected.append(
                {"id": initiative.reference, "start": start, "end": start + duration - 1}
            )
        else:
            explanations.append(
                {
                    "id": initiative.reference,
                    "status": "unselected",
                    "reasons": [
                        {
                            "kind": "capacity",
                            "pool": "jur",
                            "period_index": rng.randint(0, QUARTERS - 1),
                            "shortfall": 28.0,
                        }
                    ],
                }
            )
    problem = {
        "format": "koersvast.portfolio-problem/1",
        "periods": periods,
        "pools": [{"id": code, "name": code.upper(), "capacity": 10000.0} for code in POOLS],
        "initiatives": items,
    }
    solution = {"status": "optimal", "selected": selected, "explanations": explanations}
    return ScenarioRun.objects.create(
        municipality=municipality,
        scenario=scenario,
        status="done",
        problem=problem,
        solution=solution,
        finished_at=timezone.now(),
    )


def measure(size: int, repeat: int) -> tuple[list[float], list[float], list[int]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from koersvast.planning.services.adoption import scenario_adopt

    w = world(size, f"{size}")
    timings, cpu, queries = [], [], []
    for index in range(repeat + 1):
        run = finished_run(w, f"Scenario {index}", seed=index)
        # Every initiative admitted again, so each adoption moves all scheduled work.
        type(w["initiatives"][0]).objects.filter(municipality=w["municipality"]).update(
            state="opgenomen"
        )
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            scenario_adopt(scenario=run.scenario, body=w["body"], rationale="x", by=w["manager"])
            elapsed = time.perf_counter() - started
            elapsed_cpu = time.process_time() - started_cpu
        if index:  # the first one warms caches (content types) and has no plan to replace
            timings.append(elapsed)
            cpu.append(elapsed_cpu)
            queries.append(len(captured))
    return timings, cpu, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    print(f"database: {connection.vendor}")
    for size in args.sizes:
        timings, cpu, queries = measure(size, args.repeat)
        print(
            f"{size:>6} initiatives: median {statistics.median(timings):.3f} s, "
            f"max {max(timings):.3f} s (CPU of this process: median "
            f"{statistics.median(cpu):.3f} s), queries {sorted(set(queries))}"
        )
    # The machine may be shared: the load average says how much of a core the run had.
    print("load average:", " ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
