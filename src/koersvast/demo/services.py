"""Loads the demo municipality: idempotent (natural keys) and deterministic (seeded)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from koersvast.audit.context import AuditContext, acting_as
from koersvast.capacity.models import BudgetCapacity, CapacityPool, Demand, PoolCapacity
from koersvast.intake.configuration import advice_kinds_seed
from koersvast.library.demo import load_library
from koersvast.portfolio.models import Domain, Initiative
from koersvast.reference.loaders import load_taakvelden
from koersvast.reference.models import Taakveld
from koersvast.tenancy.choices import Role
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.services import membership_grant

from . import content
from .benchmark_demo import load_benchmark_peers, peer_codes
from .council_demo import load_council
from .finance_demo import load_finance
from .framework_demo import load_framework
from .group_ahp_demo import load_group_ahp, load_lessons
from .history_demo import load_history
from .intake_demo import load_intake
from .monitoring_demo import load_monitoring
from .people_demo import load_people
from .planning_demo import load_planning

SEED = 2026


@dataclass(frozen=True)
class DemoLogin:
    """A demo account and what it is for."""

    username: str
    password: str
    roles: list[str]


@transaction.atomic
def demo_load() -> tuple[Municipality, list[DemoLogin]]:
    """Create or complete "Gemeente Voorbeeld"; running it again changes nothing."""
    with acting_as(AuditContext(origin="demo")):
        rng = random.Random(SEED)
        municipality, _ = Municipality.objects.update_or_create(
            cbs_code=content.DEMO_CODE,
            defaults={
                "name": content.DEMO_NAME,
                "province": "Utrecht",
                "inhabitants": content.DEMO_INHABITANTS,
                # Pinned: the demo's initiatives are found again by their reference.
                "reference_prefix": content.REFERENCE_PREFIX,
            },
        )
        advice_kinds_seed(municipality=municipality)
        users = _load_users(municipality)
        domains = _load_domains(municipality)
        pools = _load_pools(municipality)
        framework = load_framework(municipality)
        _load_initiatives(municipality, domains, pools, users, rng)
        load_intake(municipality, framework=framework, domains=domains, users=users)
        load_group_ahp(municipality, framework=framework, users=users)
        load_history(municipality, users=users, seed=SEED)
        load_monitoring(municipality, users=users)
        load_lessons(municipality, users=users)
        # Finance before planning: the finance figures are budget demand and room taken in the
        # optimiser's problem (decision 1102), so the plan of record, the scenarios and the
        # urgency options are computed on the data as it stands. Loaded afterwards, they
        # changed the problem under options already computed, and deciding was refused as
        # stale (rightly: the checker found the stored plans over the budget room).
        load_finance(municipality)
        load_planning(municipality, users=users)
        load_people(municipality)
        load_council(municipality, users=users)
        load_benchmark_peers()
        load_library(municipality, peer_codes())
    logins = [
        DemoLogin(username, content.DEMO_PASSWORD, [str(Role(r).label) for r in roles])
        for username, _first, _last, roles in content.USERS
    ]
    return municipality, logins


def _load_users(municipality: Municipality) -> dict[str, Any]:
    user_model = get_user_model()
    hashed = make_password(content.DEMO_PASSWORD)  # hashing is slow on purpose: do it once
    users = {}
    for username, first, last, roles in content.USERS:
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@voorbeeld.example",
            },
        )
        if created:
            user.password = hashed
            user.save(update_fields=["password"])
        membership_grant(user=user, municipality=municipality, roles=[Role(r) for r in roles])
        users[username] = user
    return users


def _load_domains(municipality: Municipality) -> dict[str, Domain]:
    domains = {}
    for order, (code, name, description) in enumerate(content.DOMAINS):
        domains[code], _ = Domain.objects.update_or_create(
            municipality=municipality,
            code=code,
            defaults={"name": name, "description": description, "order": order},
        )
    return domains


def _load_pools(municipality: Municipality) -> dict[str, CapacityPool]:
    pools = {}
    for code, name, description, hours, going_concern, fte in content.POOLS:
        pool, _ = CapacityPool.objects.update_or_create(
            municipality=municipality,
            code=code,
            defaults={
                "name": name,
                "description": description,
                "hours_per_fte": Decimal(hours),
                "going_concern_pct": going_concern,
                "cost_per_fte": Decimal(content.COST_PER_FTE[code]),
            },
        )
        for index in range(content.QUARTERS):
            year, quarter = content.FIRST_YEAR + index // 4, index % 4 + 1
            # Capacity grows a little after the first year (vacancies filled).
            staffed = Decimal(str(fte)) + (Decimal("0.5") if index >= 4 else Decimal(0))
            PoolCapacity.objects.update_or_create(
                municipality=municipality,
                pool=pool,
                year=year,
                quarter=quarter,
                defaults={"fte": staffed},
            )
        pools[code] = pool
    for kind, years in content.BUDGET_PER_YEAR.items():
        for year, amount in years.items():
            BudgetCapacity.objects.update_or_create(
                municipality=municipality, kind=kind, year=year, defaults={"amount": amount}
            )
    return pools


# Running work drawn to start in one of the plan's first quarters started as many quarters
# before the plan instead (so no running work starts in the future).
RUNNING_DRAWN_UNTIL = 2


def _load_initiatives(
    municipality: Municipality,
    domains: dict[str, Domain],
    pools: dict[str, CapacityPool],
    users: dict[str, Any],
    rng: random.Random,
) -> None:
    load_taakvelden(Taakveld)  # normally loaded by a migration; a flushed test database has none
    taakvelden = {t.code: t for t in Taakveld.objects.all()}
    states, weights = zip(*content.STATE_WEIGHTS, strict=True)
    number = 0
    for domain_code, items in content.INITIATIVES.items():
        for title, work_form, taakveld_code, programme in items:
            number += 1
            state = rng.choices(states, weights=weights)[0]
            duration = rng.randint(2, 8)
            start_index = rng.randint(0, 8)
            capital = Decimal(rng.choice([0, 0, 50, 150, 400, 900, 2500]) * 1000)
            operating = Decimal(rng.randint(2, 60) * 10_000)
            urgent = title.startswith("Opvang ontheemden")
            if state == "in_uitvoering":
                # Running work started in the past (before the plan's first quarter) and runs
                # into the plan, which keeps its actual start; drawn to start later, it is
                # planned work instead.
                if start_index <= RUNNING_DRAWN_UNTIL:
                    start_index = -1 - start_index
                    duration = max(duration, 1 - start_index)
                else:
                    state = "gepland"
            values = {
                "title": title,
                "problem": f"Aanleiding voor '{title.lower()}': de huidige situatie "
                "voldoet niet aan wat inwoners, raad en wetgeving vragen.",
                "intended_result": f"'{title}' is gerealiseerd en overgedragen aan de lijn.",
                "domain": domains[domain_code],
                "work_form": work_form,
                "taakveld": taakvelden[taakveld_code],
                "budget_programme": programme,
                "is_continuity": work_form == "lijn",
                "is_statutory": rng.random() < 0.15,
                "has_political_urgency": urgent,
                "urgency_requested_by": "Wethouder W. Smit" if urgent else "",
                "urgency_reason": "Rijksverzoek tot extra opvangplekken binnen drie maanden."
                if urgent
                else "",
                "submitted_by": users["indiener"] if number % 4 == 0 else users["opdrachtgever"],
                "political_sponsor": users["wethouder"],
                "official_sponsor": users["opdrachtgever"],
                "contractor": users["projectleider"],
                "start_year": content.URGENT_START[0]
                if urgent
                else content.FIRST_YEAR + start_index // 4,
                "start_quarter": content.URGENT_START[1] if urgent else start_index % 4 + 1,
                "duration_quarters": content.URGENT_DURATION if urgent else duration,
                "budget_capital": capital,
                "budget_operating": content.URGENT_OPERATING if urgent else operating,
            }
            initiative, _ = Initiative.objects.update_or_create(
                municipality=municipality,
                reference=municipality.reference(number),
                defaults=values,
                # The state is drawn once: adopting the plan moves admitted work to gepland,
                # and loading the demo again must not undo that.
                create_defaults={**values, "state": content.URGENT_STATE if urgent else state},
            )
            profile = _demand_profile(domain_code, duration, rng)  # drawn always: same sequence
            if urgent:
                profile = {
                    code: [hours] * content.URGENT_DURATION
                    for code, hours in content.URGENT_DEMAND.items()
                }
            _store_demand(initiative, pools, profile)


def _demand_profile(domain_code: str, duration: int, rng: random.Random) -> dict[str, list[int]]:
    """A ramp-up / plateau / ramp-down profile for the project leader and 1–2 specialist pools."""
    pool_codes = ["pl", *rng.sample(content.DOMAIN_POOLS[domain_code], k=rng.randint(1, 2))]
    profile = {}
    for pool_code in pool_codes:
        plateau = rng.choice([40, 60, 80, 120, 160])
        profile[pool_code] = [
            round(plateau * (0.5 if offset in (0, duration - 1) else 1.0))
            for offset in range(duration)
        ]
    return profile


def _store_demand(
    initiative: Initiative, pools: dict[str, CapacityPool], profile: dict[str, list[int]]
) -> None:
    for pool_code, hours in profile.items():
        for offset, value in enumerate(hours):
            Demand.objects.update_or_create(
                municipality=initiative.municipality,
                initiative=initiative,
                pool=pools[pool_code],
                offset=offset,
                defaults={"hours": Decimal(value)},
            )
