"""Peers for the benchmark demo: twelve real municipalities with small generated portfolios.

`load_benchmark_peers()` picks twelve municipalities of the CBS list at evenly spaced ranks by
population (deterministic), gives each a generated portfolio scaled to its inhabitants
(domains as in the demo, three capacity pools, initiatives, lifecycle transitions with dates,
milestones), opts them in, and opts "Gemeente Voorbeeld" in. Peers that already have a
portfolio are left alone, so running it again changes nothing.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.db import transaction

from koersvast.audit.context import AuditContext, acting_as
from koersvast.benchmarking.services import benchmark_opt
from koersvast.capacity.models import CapacityPool, PoolCapacity
from koersvast.intake.configuration import advice_kinds_seed
from koersvast.intake.models import Transition
from koersvast.monitoring.models import Benefit, BenefitMeasurement, Milestone
from koersvast.portfolio.models import Domain, Initiative
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.selectors import cbs_municipalities

from . import content
from .history_demo import bulk_create_dated

PEER_COUNT = 12
PREFIX = "VGL"  # the peers' reference prefix (VGL-001)
START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
# state, weight: a typical spread over the lifecycle
STATES = [
    ("ingediend", 2),
    ("intake", 2),
    ("advies", 1),
    ("besluitvorming", 1),
    ("opgenomen", 2),
    ("gepland", 2),
    ("in_uitvoering", 4),
    ("afgerond", 1),
    ("afgewezen", 1),
]
PATHS = {  # transitions (to_state) an initiative in this state has been through
    "intake": ["intake"],
    "advies": ["intake", "advies"],
    "besluitvorming": ["intake", "advies", "besluitvorming"],
    "opgenomen": ["intake", "besluitvorming", "opgenomen"],
    "gepland": ["intake", "besluitvorming", "opgenomen", "gepland"],
    "in_uitvoering": ["intake", "besluitvorming", "opgenomen", "gepland", "in_uitvoering"],
    "afgerond": ["intake", "opgenomen", "in_uitvoering", "afgerond"],
    "afgewezen": ["intake", "besluitvorming", "afgewezen"],
}
POOLS = [
    ("pl", "Projectleiders", 0.4),
    ("bel", "Beleidsadviseurs", 0.45),
    ("ia", "I-adviseurs", 0.15),
]


def peer_codes() -> list[str]:
    """Twelve CBS codes at evenly spaced population ranks, from small to the largest."""
    ranked = sorted(cbs_municipalities().values(), key=lambda m: (m.inhabitants, m.cbs_code))
    last = len(ranked) - 1
    return [ranked[round(i * last / (PEER_COUNT - 1))].cbs_code for i in range(PEER_COUNT)]


@transaction.atomic
def load_benchmark_peers() -> list[Municipality]:
    """Create the benchmark peers (idempotent) and opt them and the demo municipality in."""
    cbs = cbs_municipalities()
    peers = []
    with acting_as(AuditContext(origin="demo")):
        for code in peer_codes():
            entry = cbs[code]
            town, _created = Municipality.objects.get_or_create(
                cbs_code=code,
                defaults={
                    "name": entry.name,
                    "province": entry.province,
                    "inhabitants": entry.inhabitants,
                    "reference_prefix": PREFIX,
                },
            )
            advice_kinds_seed(municipality=town)
            if not Initiative.objects.filter(
                municipality=town, reference__startswith=f"{PREFIX}-"
            ).exists():
                _portfolio(town, random.Random(code))
            benchmark_opt(municipality=town, opted_in=True)
            peers.append(town)
        demo = Municipality.objects.filter(cbs_code=content.DEMO_CODE).first()
        if demo is not None:
            benchmark_opt(municipality=demo, opted_in=True)
    return peers


def _portfolio(town: Municipality, rng: random.Random) -> None:
    per_10k = town.inhabitants / 10_000
    domains = Domain.objects.bulk_create(
        Domain(municipality=town, code=code, name=name, description=description, order=order)
        for order, (code, name, description) in enumerate(content.DOMAINS)
        if not Domain.objects.filter(municipality=town, code=code).exists()
    ) or list(Domain.objects.filter(municipality=town))
    pools = CapacityPool.objects.bulk_create(
        CapacityPool(municipality=town, code=f"vgl-{code}", name=name) for code, name, _s in POOLS
    )
    fte_per_10k = rng.uniform(2.5, 6.0)
    PoolCapacity.objects.bulk_create(
        PoolCapacity(
            municipality=town,
            pool=pool,
            year=content.FIRST_YEAR,
            quarter=quarter,
            fte=Decimal(str(round(max(0.5, per_10k * fte_per_10k * share), 1))),
        )
        for pool, (_c, _n, share) in zip(pools, POOLS, strict=True)
        for quarter in range(1, 5)
    )
    count = max(6, min(90, round(per_10k * rng.uniform(3.0, 8.0))))
    states = [s for s, weight in STATES for _w in range(weight)]
    initiatives = Initiative.objects.bulk_create(
        Initiative(
            municipality=town,
            domain=rng.choice(domains),
            reference=f"{PREFIX}-{n + 1:03d}",
            title=f"Initiatief {n + 1}",
            state=rng.choice(states),
            has_political_urgency=rng.random() < 0.15,
        )
        for n in range(count)
    )
    transitions, milestones = [], []
    for initiative in initiatives:
        moment = START + timedelta(days=rng.randint(0, 400))
        previous = "ingediend"
        for to_state in PATHS.get(initiative.state, []):
            step = {"opgenomen": (20, 120), "afgewezen": (20, 90), "in_uitvoering": (30, 150)}
            moment += timedelta(days=rng.randint(*step.get(to_state, (5, 40))))
            transitions.append(
                Transition(
                    municipality=town,
                    initiative=initiative,
                    from_state=previous,
                    to_state=to_state,
                    created_at=moment,
                )
            )
            previous = to_state
        if initiative.state in {"in_uitvoering", "afgerond"}:
            baseline = date(2026, 1, 1) + timedelta(days=rng.randint(0, 300))
            milestones.append(
                Milestone(
                    municipality=town,
                    initiative=initiative,
                    name="Eerste oplevering",
                    baseline_date=baseline,
                    actual_date=baseline + timedelta(days=rng.randint(-20, 60)),
                )
            )
    bulk_create_dated(transitions)
    Milestone.objects.bulk_create(milestones)
    _benefits(town, initiatives, random.Random(f"{town.cbs_code}-baten"))


def _benefits(town: Municipality, initiatives: list[Initiative], rng: random.Random) -> None:
    """Running and finished work promised a benefit; most were measured after the target date."""
    benefits = Benefit.objects.bulk_create(
        Benefit(
            municipality=town,
            initiative=initiative,
            name=f"Baat van {initiative.title}",
            kpi="Doelbereik",
            unit="%",
            baseline=Decimal(0),
            target=Decimal(100),
            target_date=date(2025, 6, 1) + timedelta(days=rng.randint(0, 480)),
        )
        for initiative in initiatives
        if initiative.state in {"in_uitvoering", "afgerond"}
    )
    BenefitMeasurement.objects.bulk_create(
        BenefitMeasurement(
            municipality=town,
            benefit=benefit,
            measured_on=benefit.target_date + timedelta(days=rng.randint(1, 30)),
            value=Decimal(rng.randint(30, 110)),
        )
        for benefit in benefits
        if rng.random() < 0.8
    )
