"""The demo's group comparison (decision 0202) and lessons learned (decision 0302).

The published framework (version 1) was weighed in 2026 by a round with three participants:
the wethouder, the ambtelijk opdrachtgever and a portfolio board member compared the themes
and the impact axes; the weights below the themes were set directly (they are not in the
round). Their judgements are spread around the version's own judgements so that the geometric
mean of the three is exactly that judgement (r/k, r, r·k): the applied round reproduces the
published weights, while the page shows real differences of opinion. The version records the
college decision that adopted it. Idempotent: everything is found by natural keys.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from koersvast.framework.choices import ComparisonGroup, RoundStatus
from koersvast.framework.models import ComparisonRound, Framework, RoundParticipant
from koersvast.intake.choices import BodyKind
from koersvast.intake.models import DecisionBody
from koersvast.monitoring.models import Lesson
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality

from .framework_demo import AXIS_JUDGEMENTS, PUBLISHED_AT, THEME_JUDGEMENTS

ROUND_TITLE = "Weging coalitieakkoord 2026"
PARTICIPANTS = ("wethouder", "opdrachtgever", "boardlid")
SAATY = (-9, -8, -7, -6, -5, -4, -3, -2, 1, 2, 3, 4, 5, 6, 7, 8, 9)


def _ratio(judgement: int) -> float:
    return float(judgement) if judgement >= 1 else 1.0 / -judgement


def _judgement(ratio: float) -> int:
    return min(SAATY, key=lambda j: abs(_ratio(j) - ratio))


def _spread(judgement: int, turn: int) -> tuple[int, int, int]:
    """Three judgements whose geometric mean is `judgement`: r/k, r, r·k (k = 2, or 3 for
    r = 3), rotated over the participants by `turn` so that each disagrees somewhere."""
    r = _ratio(judgement)
    k = 3.0 if judgement in (3, -3) else 2.0
    if not (r / k >= 1 / 9 and r * k <= 9):
        k = 1.0
    values = [_judgement(r / k), judgement, _judgement(r * k)]
    shift = turn % 3
    return tuple(values[shift:] + values[:shift])  # type: ignore[return-value]


def load_group_ahp(municipality: Municipality, *, framework: Framework, users: dict) -> None:
    """The applied round on the published version and its college decision."""
    college = (
        DecisionBody.objects.in_municipality(municipality).filter(kind=BodyKind.COLLEGE).first()
    )
    if college is not None and framework.decision_body_id is None:
        framework.decision_body = college
        framework.decision_date = PUBLISHED_AT.date()
        framework.decision_rationale = (
            "Collegebesluit over het afwegingskader, na de groepsvergelijking van "
            "wethouder, ambtelijk opdrachtgever en portfolioboard."
        )
        framework.save()
    comparison_round, _created = ComparisonRound.objects.get_or_create(
        municipality=municipality,
        framework=framework,
        title=ROUND_TITLE,
        defaults={
            "status": RoundStatus.APPLIED,
            "created_by": users["portfoliomanager"],
            "applied_by": users["portfoliomanager"],
            "applied_at": PUBLISHED_AT - dt.timedelta(days=14),
        },
    )
    objectives = {o.code: o.pk for o in framework.objectives.filter(parent=None)}
    axes = {a.code: a.pk for a in framework.axes.all()}
    for position, username in enumerate(PARTICIPANTS):
        stored: dict[str, dict[str, int]] = {"objectives": {}, "axes": {}}
        groups: list[tuple[str, dict[tuple[str, str], int], dict[str, int]]] = [
            (ComparisonGroup.OBJECTIVES, THEME_JUDGEMENTS, objectives),
            (ComparisonGroup.AXES, AXIS_JUDGEMENTS, axes),
        ]
        for key, judgements, ids in groups:
            for turn, ((first, second), judgement) in enumerate(judgements.items()):
                value = _spread(judgement, turn + position)[position]
                stored[key][f"{ids[first]}-{ids[second]}"] = value
        RoundParticipant.objects.update_or_create(
            municipality=municipality,
            round=comparison_round,
            user=users[username],
            defaults={
                "judgements": stored,
                "submitted_at": PUBLISHED_AT - dt.timedelta(days=21 - position),
            },
        )


#: title, what happened, repeat, avoid, tags
LESSONS: list[tuple[str, str, str, str, str]] = [
    (
        "Aanbesteding pas starten na een vastgesteld programma van eisen",
        "De aanbesteding liep vier maanden uit omdat de eisen tijdens de gunning nog wijzigden.",
        "Eerst het programma van eisen laten vaststellen door de opdrachtgever.",
        "Aanbesteden op een concept-PvE.",
        "aanbesteding, planning",
    ),
    (
        "Bewoners vroeg betrekken voorkomt bezwaren",
        "Twee bewonersavonden in de definitiefase leidden tot een ontwerp zonder bezwaarschriften.",
        "Participatie plannen vóór het ontwerp, met een vaste contactpersoon.",
        "",
        "participatie, communicatie",
    ),
]
PORTFOLIO_LESSON = (
    "Capaciteit van informatieadviseurs eerder reserveren",
    "Drie projecten wachtten in hetzelfde kwartaal op dezelfde informatieadviseurs.",
    "De capaciteitsvraag per pool al bij de intake laten opgeven.",
    "Projecten starten zonder toegewezen informatieadviseur.",
    "capaciteit, planning",
)


def load_lessons(municipality: Municipality, *, users: dict[str, Any]) -> None:
    """Lessons of the first closed projects, and one for the whole portfolio."""
    closed = list(
        Initiative.objects.in_municipality(municipality)
        .filter(state__in=("afgerond", "batenrealisatie"))
        .order_by("reference")[: len(LESSONS)]
    )
    rows: list[tuple[Initiative | None, tuple[str, str, str, str, str]]] = list(
        zip(closed, LESSONS, strict=False)
    )
    rows.append((None, PORTFOLIO_LESSON))
    for initiative, (title, happened, repeat, avoid, tags) in rows:
        Lesson.objects.update_or_create(
            municipality=municipality,
            title=title,
            defaults={
                "initiative": initiative,
                "domain": initiative.domain if initiative else None,
                "what_happened": happened,
                "to_repeat": repeat,
                "to_avoid": avoid,
                "tags": "|" + "|".join(t.strip() for t in tags.split(",")) + "|",
                "recorded_by": (
                    initiative.contractor if initiative and initiative.contractor_id else None
                )
                or users["portfoliomanager"],
            },
        )
