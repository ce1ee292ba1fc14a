"""Time of the finance figures (issue 16).

Usage: python benchmarks/finance.py [--initiatives 2000] [--investments 3000] [--risks 200]
       [--runs 5]
Uses a throwaway SQLite database under /tmp unless DATABASE_URL is set. Bulk-creates one
municipality with the given numbers of initiatives and investments (activation years 2015–2032,
both methods, some residual values), one exploitatie line and one dekking per initiative, then
times the meerjarenraming and the MIP (selectors, the work behind the pages) and counts their
queries; then records the figures as the primitieve begroting and times the meerjarenraming page's
work again (the prognose with its difference against the actuele begroting); and times the
Monte Carlo of `--risks` risks × 10,000 runs.
Targets: meerjarenraming and MIP < 500 ms each, Monte Carlo < 1 s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "web"))
from bench_pages import setup_django

BUDGET_YEAR = 2028


def populate(initiatives: int, investments: int) -> object:
    from koersvast.finance.models import AssetCategory, ExploitationLine, Funding, Investment
    from koersvast.finance.services import categories_ensure
    from koersvast.portfolio.models import Domain, Initiative
    from koersvast.tenancy.models import Municipality

    rng = random.Random(16)
    town = Municipality.objects.create(cbs_code="GM9016", name="Benchstad", inhabitants=90_000)
    categories_ensure(municipality=town)
    categories = list(AssetCategory.objects.filter(municipality=town))
    domain = Domain.objects.create(municipality=town, code="d", name="Domein")
    rows = Initiative.objects.bulk_create(
        Initiative(
            municipality=town,
            domain=domain,
            reference=f"B-{n:05d}",
            title=f"Initiatief {n}",
            state="in_uitvoering",
            budget_programme=rng.choice(["Bestuur", "Wonen", "Zorg", "Openbare ruimte"]),
        )
        for n in range(initiatives)
    )
    Investment.objects.bulk_create(
        Investment(
            municipality=town,
            initiative=rows[n % initiatives],
            description=f"Investering {n}",
            amount=(amount := Decimal(rng.randint(1, 500) * 10_000)),
            activation_year=rng.randint(2015, 2032),
            category=rng.choice(categories),
            method=rng.choice(["lineair", "annuiteit"]),
            residual_value=amount / 10 if rng.random() < 0.2 else Decimal(0),
        )
        for n in range(investments)
    )
    ExploitationLine.objects.bulk_create(
        ExploitationLine(
            municipality=town,
            initiative=i,
            year=rng.randint(2026, 2031),
            side=rng.choice(["lasten", "baten"]),
            nature=rng.choice(["incidenteel", "structureel"]),
            amount=Decimal(rng.randint(1, 100) * 1000),
        )
        for i in rows
    )
    Funding.objects.bulk_create(
        Funding(
            municipality=town,
            initiative=i,
            source="algemene_middelen",
            year=rng.randint(2026, 2031),
            nature=rng.choice(["incidenteel", "structureel"]),
            amount=Decimal(rng.randint(1, 100) * 1000),
        )
        for i in rows
    )
    return town


def adopt_primitive(town: object) -> None:
    """The portfolio's figures now as the primitieve begroting, adopted by the raad."""
    import datetime

    from django.contrib.auth import get_user_model

    from koersvast.finance.services import CouncilDecision, budget_primitive_adopt
    from koersvast.intake.models import DecisionBody
    from koersvast.tenancy.choices import Role
    from koersvast.tenancy.models import Membership

    raad = DecisionBody.objects.create(municipality=town, name="Gemeenteraad", kind="raad")
    manager = get_user_model().objects.create(username="bench-manager")
    Membership.objects.create(user=manager, municipality=town, role=Role.PORTFOLIO_MANAGER)
    budget_primitive_adopt(
        municipality=town,  # type: ignore[arg-type]
        budget_year=BUDGET_YEAR,
        decision=CouncilDecision(body=raad, decided_on=datetime.date(BUDGET_YEAR - 1, 11, 7)),
        by=manager,
    )


def timed(function: object, runs: int) -> tuple[float, int]:
    """Median milliseconds over `runs` and the number of queries of one call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        function()  # type: ignore[operator]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()  # type: ignore[operator]
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(queries.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--initiatives", type=int, default=2000)
    parser.add_argument("--investments", type=int, default=3000)
    parser.add_argument("--risks", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup_django()
    from koersvast.finance import montecarlo
    from koersvast.finance.selectors.estimate import meerjarenraming
    from koersvast.finance.selectors.investments import mip
    from koersvast.finance.selectors.versions import PROGNOSE, versioned_raming

    town = populate(args.initiatives, args.investments)
    raming_ms, raming_q = timed(
        lambda: meerjarenraming(municipality=town, budget_year=BUDGET_YEAR, filters={}),
        args.runs,
    )
    mip_ms, mip_q = timed(
        lambda: mip(municipality=town, budget_year=BUDGET_YEAR, filters={}), args.runs
    )
    adopt_primitive(town)
    versioned_ms, versioned_q = timed(
        lambda: versioned_raming(
            municipality=town, budget_year=BUDGET_YEAR, filters={}, choice=PROGNOSE
        ),
        args.runs,
    )
    rng = random.Random(200)
    risks = [
        montecarlo.RiskInput(
            n, rng.uniform(0.05, 0.9), (low := rng.uniform(1e4, 1e6)), low * rng.uniform(1, 3)
        )
        for n in range(args.risks)
    ]
    mc_times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        montecarlo.required_capacity(risks, runs=montecarlo.DEFAULT_RUNS)
        mc_times.append((time.perf_counter() - started) * 1000)
    mc_ms = statistics.median(mc_times)
    print(f"{args.initiatives} initiatives, {args.investments} investments")
    print(f"meerjarenraming: {raming_ms:.0f} ms, {raming_q} queries (target < 500 ms)")
    print(f"MIP:             {mip_ms:.0f} ms, {mip_q} queries (target < 500 ms)")
    print(
        f"meerjarenraming with the difference to the primitieve begroting: {versioned_ms:.0f} ms, "
        f"{versioned_q} queries (target < 500 ms)"
    )
    print(
        f"Monte Carlo {args.risks} risks × {montecarlo.DEFAULT_RUNS} runs: {mc_ms:.0f} ms "
        "(target < 1000 ms)"
    )
    ok = raming_ms < 500 and mip_ms < 500 and mc_ms < 1000
    print("OK" if ok else "TOO SLOW")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
