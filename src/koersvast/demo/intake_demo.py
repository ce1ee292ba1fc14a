"""The demo municipality's intake: criteria, bodies, advice, scores and decisions.

Records are created directly (the demo's initiatives already sit in their lifecycle states), by
natural keys so that a second run changes nothing; the scores are computed by the same service
the app uses. Deterministic: a fixed seed, independent of the portfolio's own draws.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from koersvast.framework.models import Framework, ImpactAxis, Objective
from koersvast.intake.models import (
    Advice,
    Contribution,
    Decision,
    DecisionBody,
    EntryCriterion,
    ImpactScore,
    Meeting,
)
from koersvast.intake.services.scoring import priority_recompute
from koersvast.portfolio.choices import CustomFieldKind
from koersvast.portfolio.choices import LifecycleState as S
from koersvast.portfolio.models import CustomField, Domain, Initiative
from koersvast.tenancy.models import Municipality

SEED = 2027
SCORED_STATES = {
    S.ADVICE,
    S.DECISION,
    S.ADMITTED,
    S.PLANNED,
    S.IN_PROGRESS,
    S.COMPLETED,
    S.BENEFITS,
    S.PARKED,
    S.REJECTED,
}
DECIDED = {
    S.ADMITTED: "admit",
    S.PLANNED: "admit",
    S.IN_PROGRESS: "admit",
    S.COMPLETED: "admit",
    S.BENEFITS: "admit",
    S.REJECTED: "reject",
    S.PARKED: "park",
}

# name, kind, mandate (None: no limit)
BODIES: list[tuple[str, str, int | None]] = [
    ("Portfolioboard", "portfolioboard", 500_000),
    ("Managementteam", "mt", 1_500_000),
    ("College van B&W", "college", 10_000_000),
    ("Gemeenteraad", "raad", None),
]

ADVICE_TEXTS = {
    "positive": ("Geen bezwaren; sluit aan bij de kaders.", "", ""),
    "conditional": (
        "Akkoord als de risico's vooraf worden afgedekt.",
        "Eerst een DPIA en een pentest van de leverancier.",
        "Persoonsgegevens bij een externe leverancier\nAfhankelijkheid van één leverancier",
    ),
    "negative": (
        "In deze vorm niet verantwoord: de gekozen oplossing draait buiten de EU.",
        "Wel haalbaar met een leverancier die binnen de EU host, of met de bestaande "
        "Common Ground-component; dan vervalt dit bezwaar.",
        "Doorgifte van persoonsgegevens buiten de EU",
    ),
}


def load_intake(
    municipality: Municipality,
    *,
    framework: Framework,
    domains: dict[str, Domain],
    users: dict[str, Any],
) -> None:
    """Create or complete the intake content of the demo municipality."""
    rng = random.Random(SEED)
    criteria = _load_criteria(municipality, domains)
    bodies = _load_bodies(municipality)
    leaves = list(
        Objective.objects.filter(framework=framework, children__isnull=True).order_by("code")
    )
    axes = list(ImpactAxis.objects.filter(framework=framework).order_by("order", "code"))
    initiatives = Initiative.objects.filter(municipality=municipality).order_by("reference")
    for initiative in initiatives:
        state = S(initiative.state)
        if state in SCORED_STATES:
            _advise(initiative, criteria, users, rng, pending=state == S.ADVICE)
            _score(initiative, framework, leaves, axes, rng)
        if state in DECIDED:
            _decide(initiative, bodies, framework, users, DECIDED[state])
    meeting, _created = Meeting.objects.get_or_create(
        municipality=municipality,
        body=bodies["portfolioboard"],
        date=dt.date(2026, 12, 3),
        defaults={"title": "Portfolioboard december"},
    )
    meeting.agenda.set(initiatives.filter(state=S.DECISION))
    _load_own_fields(municipality, initiatives)


# An own intake field of the demo municipality, filled on every initiative by its position.
DISTRICTS = ["Centrum", "Noord", "Oost", "Zuid", "West"]


def _load_own_fields(municipality: Municipality, initiatives: Any) -> None:
    """The demo's own intake field (Wijk), with a value on each initiative that has none."""
    CustomField.objects.update_or_create(
        municipality=municipality,
        code="wijk",
        defaults={
            "name": "Wijk",
            "kind": CustomFieldKind.CHOICE,
            "options": DISTRICTS,
            "help_text": "De wijk waar het initiatief vooral speelt.",
        },
    )
    for index, initiative in enumerate(initiatives):
        if "wijk" not in (initiative.custom_values or {}):
            initiative.custom_values = {
                **(initiative.custom_values or {}),
                "wijk": DISTRICTS[index % len(DISTRICTS)],
            }
            initiative.save(update_fields=["custom_values", "updated_at"])


def _load_criteria(municipality: Municipality, domains: dict[str, Domain]) -> list[EntryCriterion]:
    it = domains["informatievoorziening"]
    rows: list[tuple[str, str, dict[str, Any]]] = [
        (
            "probleem",
            "Probleem of behoefte beschreven",
            {"kind": "field", "required_field": "problem"},
        ),
        (
            "opdrachtgever",
            "Ambtelijk opdrachtgever bekend",
            {"kind": "field", "required_field": "official_sponsor"},
        ),
        ("capaciteit", "Capaciteitsvraag geschat", {"kind": "field", "required_field": "demand"}),
        (
            "ciso",
            "CISO-advies bij informatievoorziening",
            {"kind": "advice", "advice_kind": "ciso", "if_domain": it},
        ),
        (
            "privacy",
            "Privacyadvies bij informatievoorziening",
            {"kind": "advice", "advice_kind": "privacy", "if_domain": it},
        ),
        (
            "controller",
            "Advies controller boven € 500.000",
            {"kind": "advice", "advice_kind": "controller", "if_budget_over": Decimal(500_000)},
        ),
        (
            "urgentie",
            "Bestuurlijke urgentie besproken in het MT",
            {"kind": "check", "if_political_urgency": True},
        ),
    ]
    criteria = []
    for order, (code, name, fields) in enumerate(rows):
        criterion, _created = EntryCriterion.objects.update_or_create(
            municipality=municipality, code=code, defaults={"name": name, "order": order, **fields}
        )
        criteria.append(criterion)
    return criteria


def _load_bodies(municipality: Municipality) -> dict[str, DecisionBody]:
    bodies = {}
    for order, (name, kind, mandate) in enumerate(BODIES):
        body, _created = DecisionBody.objects.update_or_create(
            municipality=municipality,
            kind=kind,
            defaults={
                "name": name,
                "order": order,
                "mandate_max_budget": Decimal(mandate) if mandate is not None else None,
            },
        )
        bodies[kind] = body
    return bodies


def _advise(
    initiative: Initiative,
    criteria: list[EntryCriterion],
    users: dict[str, Any],
    rng: random.Random,
    *,
    pending: bool,
) -> None:
    from koersvast.intake.criteria import applies_to

    kinds = [c.advice_kind for c in criteria if c.kind == "advice" and applies_to(c, initiative)]
    for index, kind in enumerate(kinds):
        verdict = rng.choices(["positive", "conditional", "negative"], weights=[6, 3, 1])[0]
        leave_open = pending and index == len(kinds) - 1
        explanation, conditions, risks = ADVICE_TEXTS[verdict]
        Advice.objects.update_or_create(
            municipality=initiative.municipality,
            initiative=initiative,
            kind=kind,
            defaults={
                "requested_by": users["portfoliomanager"],
                "adviser": None if leave_open else users["adviseur"],
                "verdict": "" if leave_open else verdict,
                "explanation": "" if leave_open else explanation,
                "conditions": "" if leave_open else conditions,
                "risks": "" if leave_open else risks,
                "given_at": None if leave_open else dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC),
            },
        )


def _score(
    initiative: Initiative,
    framework: Framework,
    leaves: list[Objective],
    axes: list[ImpactAxis],
    rng: random.Random,
) -> None:
    for objective in leaves:
        value = rng.choices([-2, -1, 0, 1, 2, 3], weights=[1, 2, 10, 5, 4, 2])[0]
        Contribution.objects.update_or_create(
            municipality=initiative.municipality,
            initiative=initiative,
            objective=objective,
            defaults={"score": value, "reason": "" if value == 0 else "Ingeschat bij de intake."},
        )
    for axis in axes:
        ImpactScore.objects.update_or_create(
            municipality=initiative.municipality,
            initiative=initiative,
            axis=axis,
            defaults={"score": rng.randint(axis.scale_min, axis.scale_max), "reason": ""},
        )
    priority_recompute(initiative=initiative, framework=framework)


def _decide(
    initiative: Initiative,
    bodies: dict[str, DecisionBody],
    framework: Framework,
    users: dict[str, Any],
    outcome: str,
) -> None:
    body = next(b for b in bodies.values() if b.within_mandate(initiative.total_budget))
    rationale = {
        "admit": "Draagt bij aan het coalitieakkoord en past binnen de capaciteit.",
        "reject": "Te weinig bijdrage aan de doelen in verhouding tot de benodigde capaciteit.",
        "park": "Waardevol, maar dit jaar geen capaciteit; opnieuw bij de kadernota.",
    }[outcome]
    Decision.objects.update_or_create(
        municipality=initiative.municipality,
        initiative=initiative,
        body=body,
        defaults={
            "outcome": outcome,
            "rationale": rationale,
            "framework": framework,
            "recorded_by": users["boardlid"],
        },
    )
