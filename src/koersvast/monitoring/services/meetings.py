"""Project meetings and their action items."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from koersvast.portfolio.models import Initiative

from ..models import MeetingAction, ProjectMeeting
from ..rules import may_report, require


@transaction.atomic
def project_meeting_record(
    *,
    initiative: Initiative,
    kind: str,
    held_on: datetime.date,
    notes: str,
    actions: Iterable[tuple[str, Any, datetime.date | None]],
    by: Any,
) -> Any:
    """Record a project start-up or koersvast-gesprek with its new action items.

    Open actions of earlier meetings stay open and are shown again (follow-up at the next one).
    """
    require(may_report(by, initiative))
    meeting = ProjectMeeting.objects.create(
        municipality_id=initiative.municipality_id,
        initiative=initiative,
        kind=kind,
        held_on=held_on,
        notes=notes,
    )
    for description, owner, due_date in actions:
        if description.strip():
            MeetingAction.objects.create(
                municipality_id=initiative.municipality_id,
                meeting=meeting,
                description=description.strip()[:300],
                owner=owner,
                due_date=due_date,
            )
    return meeting


@transaction.atomic
def meeting_action_done(*, action: Any, by: Any, done: bool = True) -> Any:
    require(may_report(by, action.meeting.initiative))
    action.done = done
    action.save()
    return action
