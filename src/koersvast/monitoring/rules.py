"""Who may do what in monitoring: the record rules on top of the role table (tenancy.policy).

Views use them to show or hide actions, services to refuse (`require`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from koersvast.portfolio.models import Initiative
from koersvast.tenancy.policy import Action, can

from .models import Benefit, Risk


def may_manage(user: Any, municipality_id: int) -> bool:
    return can(user, municipality_id, Action.INITIATIVE_MANAGE)


def may_report(user: Any, initiative: Initiative) -> bool:
    """The portfolio manager for any initiative; a project leader for the ones they lead."""
    if may_manage(user, initiative.municipality_id):
        return True
    return initiative.contractor_id == user.pk and can(
        user, initiative.municipality_id, Action.PROGRESS_REPORT
    )


def may_report_programme(user: Any, programme: Any) -> bool:
    """The portfolio manager for any programme; a programme manager for the ones they lead."""
    if may_manage(user, programme.municipality_id):
        return True
    return programme.owner_id == user.pk and can(
        user, programme.municipality_id, Action.PROGRESS_REPORT
    )


def may_decide_phase(user: Any, initiative: Initiative) -> bool:
    """The opdrachtgever decides on a phase gate: the official sponsor, or the portfolio manager."""
    if may_manage(user, initiative.municipality_id):
        return True
    return initiative.official_sponsor_id == user.pk and can(
        user, initiative.municipality_id, Action.DECISION_RECORD
    )


def may_edit_risk(user: Any, risk: Risk) -> bool:
    if risk.initiative is not None:
        return may_report(user, risk.initiative)
    return may_manage(user, risk.municipality_id)


def may_measure(user: Any, benefit: Benefit) -> bool:
    """The owner in the line keeps measuring after the project closes; so may the reporters."""
    if benefit.owner_id == user.pk or may_manage(user, benefit.municipality_id):
        return True
    return benefit.initiative is not None and may_report(user, benefit.initiative)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def may_record_lesson(user: Any, initiative: Initiative | None, municipality_id: int) -> bool:
    """Lessons of an initiative: who reports on it; portfolio lessons: the portfolio manager."""
    if initiative is not None:
        return may_report(user, initiative)
    return may_manage(user, municipality_id)


def may_edit_lesson(user: Any, lesson: Any) -> bool:
    if lesson.recorded_by_id == user.pk and can(
        user, lesson.municipality_id, Action.PORTFOLIO_VIEW
    ):
        return True
    return may_record_lesson(user, lesson.initiative, lesson.municipality_id)
