"""What the intake workflows share: the error a user sees, and the people a step notifies."""

from __future__ import annotations

from typing import Any

from koersvast.core.errors import DomainError
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.choices import Role
from koersvast.tenancy.models import Membership


class IntakeError(DomainError):
    """A workflow step that cannot be taken, with a message for the user."""


def people_involved(initiative: Initiative) -> list[Any]:
    """Whom a step on the initiative concerns: submitter, sponsors and contractor."""
    return [
        initiative.submitted_by,
        initiative.official_sponsor,
        initiative.political_sponsor,
        initiative.contractor,
    ]


def members_with_role(initiative: Initiative, role: Role | str) -> list[Any]:
    """The active users who hold `role` now in the initiative's municipality."""
    memberships = (
        Membership.objects.current()
        .filter(municipality_id=initiative.municipality_id, role=role)
        .select_related("user")
    )
    return [membership.user for membership in memberships if membership.user.is_active]
