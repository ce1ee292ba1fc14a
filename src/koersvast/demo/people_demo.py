"""Named people of the demo municipality: a handful in two pools (projectleiders, juristen),
with leave, an end of contract, one who left (anonymised), and allocations proposed from the
plan of record, one of them beyond availability (decision 0406).

The pools keep their entered formation (the plan of record was made on it); their pages show
what the people add up to beside it. Idempotent: people by name, allocations only once.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from koersvast.capacity.models import Allocation, CapacityPool, Leave, Person
from koersvast.capacity.selectors import (
    PEOPLE_PREFETCH,
    allocation_suggestions,
    person_workload,
)
from koersvast.core.periods import Quarter
from koersvast.portfolio.choices import LifecycleState
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality

from . import content

# pool code, name, function, fte, end of contract
PEOPLE: list[tuple[str, str, str, str, date | None]] = [
    ("pl", "Sanne de Wit", "Senior projectleider", "1.00", None),
    ("pl", "Youssef Benali", "Projectleider", "0.89", None),
    ("pl", "Marieke Post", "Projectleider", "0.78", date(content.FIRST_YEAR, 9, 30)),
    ("pl", "Ruud Kramer", "Projectleider", "1.00", None),
    ("jur", "Eva Dijkstra", "Jurist bestuursrecht", "1.00", None),
    ("jur", "Thomas Verbeek", "Inkoopjurist", "0.67", None),
    ("jur", "Noor Hermans", "Jurist privacy", "0.89", None),
]
# Parental leave, half days, in the plan's first half year.
LEAVE = ("Noor Hermans", date(content.FIRST_YEAR, 1, 1), date(content.FIRST_YEAR, 6, 30), 50)
# Someone who left before the plan: anonymised, the allocation of their last quarter kept.
LEFT = ("jur", "Karin Mol", "Jurist omgevingsrecht", "1.00", date(content.FIRST_YEAR - 1, 12, 31))
# An over-allocation to show: in the first plan quarter, 40 hours beyond what this person has.
OVER = ("Ruud Kramer", Decimal(40))


def load_people(municipality: Municipality) -> None:
    """Create or complete the demo's people and their allocations."""
    pools = {p.code: p for p in CapacityPool.objects.in_municipality(municipality)}
    first = (content.FIRST_YEAR, 1)
    for code, name, function, fte, end in PEOPLE:
        Person.objects.get_or_create(
            municipality=municipality,
            pool=pools[code],
            name=name,
            defaults={"function": function, "fte": Decimal(fte), "end_date": end},
        )
    leaver = _leaver(municipality, pools["jur"])
    person = Person.objects.get(municipality=municipality, name=LEAVE[0])
    Leave.objects.get_or_create(
        municipality=municipality,
        person=person,
        start=LEAVE[1],
        end=LEAVE[2],
        defaults={"percentage": LEAVE[3]},
    )
    if Allocation.objects.filter(municipality=municipality).exclude(person=leaver).exists():
        return
    periods: list[tuple[int, int]] = list(Quarter.series(first, 4))
    for code in ("pl", "jur"):
        for suggestion in allocation_suggestions(pool=pools[code], periods=periods).rows:
            Allocation.objects.create(
                municipality=municipality,
                person=suggestion.person,
                initiative=suggestion.initiative,
                year=suggestion.period[0],
                quarter=suggestion.period[1],
                hours=suggestion.hours,
            )
    busy = Person.objects.prefetch_related(*PEOPLE_PREFETCH).get(
        municipality=municipality, name=OVER[0]
    )
    load = person_workload(person=busy, periods=[first])[0]
    if load.allocations:
        mine = load.allocations[0]
        mine.hours += load.available - load.allocated + OVER[1]
        mine.save()


def _leaver(municipality: Municipality, pool: CapacityPool) -> Person:
    person = Person.objects.filter(
        municipality=municipality, pool=pool, function=LEFT[2], anonymised_at__isnull=False
    ).first()
    if person is not None:
        return person
    person = Person.objects.create(
        municipality=municipality,
        pool=pool,
        name=LEFT[1],
        function=LEFT[2],
        fte=Decimal(LEFT[3]),
        end_date=LEFT[4],
    )
    initiative = (
        Initiative.objects.in_municipality(municipality)
        .filter(state=LifecycleState.IN_PROGRESS)
        .order_by("reference")
        .first()
    )
    if initiative is not None:
        Allocation.objects.create(
            municipality=municipality,
            person=person,
            initiative=initiative,
            year=LEFT[4].year,
            quarter=4,
            hours=Decimal(200),
        )
    person.name = ""
    person.anonymised_at = timezone.now()
    person.save()
    return person
