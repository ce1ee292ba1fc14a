"""A lifecycle history for the demo's initiatives that agrees with their states.

Every initiative gets the transitions that brought it to its state (docs/domain.md §4), by the
people who take them, dated so that the "Verloop" panel, lead times and the benchmark read a
plausible past: running work went *in uitvoering* at its actual start (a quarter before the
plan), the rest moved in the months before today. Initiatives that already have a history are
left alone, so loading the demo again changes nothing.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from koersvast.intake.models import Decision, Transition
from koersvast.portfolio.choices import LifecycleState as S
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality

INTAKE = [S.SUBMITTED, S.INTAKE, S.ADVICE, S.DECISION]
RUNNING = [*INTAKE, S.ADMITTED, S.PLANNED, S.IN_PROGRESS]
PATHS: dict[str, list[S]] = {  # the states an initiative in this state went through, in order
    S.SUBMITTED: [S.SUBMITTED],
    S.INTAKE: [S.SUBMITTED, S.INTAKE],
    S.ADVICE: [S.SUBMITTED, S.INTAKE, S.ADVICE],
    S.DECISION: INTAKE,
    S.ADMITTED: [*INTAKE, S.ADMITTED],
    S.PLANNED: [*INTAKE, S.ADMITTED, S.PLANNED],
    S.IN_PROGRESS: RUNNING,
    S.COMPLETED: [*RUNNING, S.COMPLETED],
    S.BENEFITS: [*RUNNING, S.COMPLETED, S.BENEFITS],
    S.RETURNED: [S.SUBMITTED, S.INTAKE, S.RETURNED],
    S.PARKED: [*INTAKE, S.PARKED],
    S.REJECTED: [*INTAKE, S.REJECTED],
    S.STOPPED: [*RUNNING, S.STOPPED],
}
# Days a move takes after the previous one (intake is quick, a decision and a start take longer).
GAPS: dict[str, tuple[int, int]] = {
    S.INTAKE: (3, 20),
    S.ADVICE: (7, 30),
    S.DECISION: (14, 45),
    S.ADMITTED: (7, 30),
    S.PARKED: (7, 30),
    S.REJECTED: (7, 30),
    S.PLANNED: (20, 90),
    S.IN_PROGRESS: (30, 120),
    S.COMPLETED: (200, 500),
    S.BENEFITS: (20, 60),
    S.STOPPED: (60, 200),
}
REASONS = {
    S.RETURNED: "Het voorstel mist een onderbouwing van de kosten; graag aanvullen.",
    S.STOPPED: "De aanleiding is vervallen na een nieuwe rijksregeling.",
}
ROLE_OF_MOVE = {  # who takes the move (a demo username)
    S.SUBMITTED: "indiener",
    S.ADMITTED: "boardlid",
    S.PARKED: "boardlid",
    S.REJECTED: "boardlid",
    S.IN_PROGRESS: "opdrachtgever",
    S.COMPLETED: "opdrachtgever",
    S.BENEFITS: "opdrachtgever",
    S.STOPPED: "opdrachtgever",
}


def load_history(municipality: Municipality, *, users: dict[str, Any], seed: int) -> None:
    """Give every initiative without a history the transitions that led to its state."""
    rng = random.Random(f"{seed}-verloop")
    today = timezone.localdate()
    rationales = dict(
        Decision.objects.in_municipality(municipality).values_list("initiative_id", "rationale")
    )
    initiatives = (
        Initiative.objects.in_municipality(municipality)
        .filter(transitions__isnull=True)
        .order_by("reference")
    )
    transitions = []
    for initiative in initiatives:
        path = PATHS.get(initiative.state, [])
        dates = _dates(initiative, path, rng, today)
        previous = S.IDEA
        for state, day in zip(path, dates, strict=True):
            by = initiative.submitted_by if state == S.SUBMITTED else None
            transitions.append(
                Transition(
                    municipality=municipality,
                    initiative=initiative,
                    from_state=previous,
                    to_state=state,
                    by=by or users.get(ROLE_OF_MOVE.get(state, "portfoliomanager")),
                    reason=REASONS.get(state) or _decision_reason(state, initiative, rationales),
                    created_at=_moment(day, rng),
                )
            )
            previous = state
    bulk_create_dated(transitions)


def bulk_create_dated(transitions: Iterable[Transition]) -> list[Transition]:
    """Create transitions keeping their `created_at` (auto_now_add would overwrite it)."""
    transitions = list(transitions)
    stamps = [t.created_at for t in transitions]
    created = Transition.objects.bulk_create(transitions, batch_size=500)
    for transition, stamp in zip(created, stamps, strict=True):
        transition.created_at = stamp
    Transition.objects.bulk_update(created, ["created_at"], batch_size=500)
    return created


def _dates(
    initiative: Initiative, path: list[S], rng: random.Random, today: datetime.date
) -> list[datetime.date]:
    """The day of each move. Running work went in uitvoering at its actual start; the rest
    reached its state some weeks before today. Earlier moves go back from there."""
    if not path:
        return []
    gaps = [rng.randint(*GAPS.get(state, (5, 30))) for state in path]
    anchor, anchor_index = today - datetime.timedelta(days=rng.randint(7, 60)), len(path) - 1
    if initiative.state == S.IN_PROGRESS and initiative.start_year and initiative.start_quarter:
        start = datetime.date(initiative.start_year, 3 * initiative.start_quarter - 2, 1)
        if start <= today:
            anchor = start + datetime.timedelta(days=rng.randint(0, 14))
            anchor, anchor_index = min(anchor, today), path.index(S.IN_PROGRESS)
    days = [anchor] * len(path)
    for index in range(anchor_index - 1, -1, -1):
        days[index] = days[index + 1] - datetime.timedelta(days=gaps[index + 1])
    return days


def _moment(day: datetime.date, rng: random.Random) -> datetime.datetime:
    """A working-hours moment on the day."""
    hour, minute = rng.randint(8, 16), rng.choice([0, 15, 30, 45])
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _decision_reason(state: S, initiative: Initiative, rationales: dict[int, str]) -> str:
    if state in (S.ADMITTED, S.PARKED, S.REJECTED):
        return rationales.get(initiative.pk, "")
    return ""
