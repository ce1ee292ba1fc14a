"""Demo bestuurlijke agenda of "Gemeente Voorbeeld": college and raad moments of a few running
initiatives, three toezeggingen (one past its due date), a motie and an amendement, and two
decisions on the public decision list (Woo). Dates are relative to today, so the planning
always shows the next months and exactly one toezegging is overdue. Idempotent: records are
found again by their natural keys."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from koersvast.council.choices import ItemKind, ItemStatus, MomentKind
from koersvast.council.models import AgendaMoment, CouncilItem
from koersvast.intake.models import Decision, DecisionBody
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality

# number, kind, title, summary, days since, days until due, status, resolution
ITEMS: list[tuple[str, str, str, str, int, int, str, str]] = [
    (
        "T-2026-011",
        ItemKind.COMMITMENT,
        "Raad informeren over de aanbesteding",
        "De wethouder zegt toe de raad per brief te informeren over de uitkomst van de "
        "aanbesteding, voordat het contract wordt getekend.",
        75,
        -14,
        ItemStatus.OPEN,
        "",
    ),
    (
        "T-2026-014",
        ItemKind.COMMITMENT,
        "Evaluatie na het eerste jaar",
        "De raad ontvangt een evaluatie van de eerste twaalf maanden, met de gerealiseerde baten.",
        30,
        120,
        ItemStatus.OPEN,
        "",
    ),
    (
        "T-2026-006",
        ItemKind.COMMITMENT,
        "Technische sessie voor raadsleden",
        "Een technische sessie over de planning en de risico's voor de commissie.",
        140,
        -40,
        ItemStatus.DONE,
        "Sessie gehouden in de commissie Bestuur en Middelen.",
    ),
    (
        "M2026-07",
        ItemKind.MOTION,
        "Inwoners betrekken bij de uitvoering",
        "Verzoekt het college inwoners vanaf de ontwerpfase te betrekken en de raad over de "
        "participatie te rapporteren.",
        60,
        90,
        ItemStatus.OPEN,
        "",
    ),
    (
        "A2026-03",
        ItemKind.AMENDMENT,
        "Extra krediet voor toegankelijkheid",
        "Verhoogt het krediet met € 150.000 voor digitale toegankelijkheid (WCAG).",
        45,
        180,
        ItemStatus.OPEN,
        "",
    ),
]

# kind, body kind, days from today (planned), held (days from today or None)
MOMENTS: list[tuple[str, str, int, int | None]] = [
    (MomentKind.INFORMATION_LETTER, "college", -30, -28),
    (MomentKind.COLLEGE_DECISION, "college", 21, None),
    (MomentKind.COMMITTEE, "raad", 42, None),
    (MomentKind.COUNCIL_PROPOSAL, "raad", 63, None),
]


def load_council(municipality: Municipality, *, users: dict[str, Any]) -> None:
    today = timezone.localdate()
    running = list(
        Initiative.objects.filter(municipality=municipality, state="in_uitvoering").order_by(
            "reference"
        )[:3]
    )
    if not running:
        return
    bodies = {b.kind: b for b in DecisionBody.objects.filter(municipality=municipality)}
    _load_moments(municipality, running, bodies, today)
    for index, (number, kind, title, summary, since, due, status, resolution) in enumerate(ITEMS):
        item, _created = CouncilItem.objects.update_or_create(
            municipality=municipality,
            number=number,
            defaults={
                "kind": kind,
                "title": title,
                "summary": summary,
                "dated_on": today - dt.timedelta(days=since),
                "due_on": today + dt.timedelta(days=due),
                "status": status,
                "resolution": resolution,
                "owner": users["opdrachtgever" if index % 2 else "portfoliomanager"],
            },
        )
        item.initiatives.set([running[index % len(running)]])
    # Two decisions on the public decision list (Woo), the oldest ones.
    for decision in Decision.objects.filter(municipality=municipality).order_by("created_at", "pk")[
        :2
    ]:
        if not decision.is_public:
            decision.is_public = True
            decision.save(update_fields=["is_public", "updated_at"])


def _load_moments(
    municipality: Municipality,
    initiatives: list[Initiative],
    bodies: dict[str, DecisionBody],
    today: dt.date,
) -> None:
    for position, initiative in enumerate(initiatives):
        for kind, body_kind, planned, held in MOMENTS[position % 2 :]:
            AgendaMoment.objects.update_or_create(
                municipality=municipality,
                initiative=initiative,
                kind=kind,
                defaults={
                    "body": bodies.get(body_kind),
                    "planned_on": today + dt.timedelta(days=planned + 7 * position),
                    "held_on": None if held is None else today + dt.timedelta(days=held),
                },
            )
