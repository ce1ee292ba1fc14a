"""The one place that decides what each role may do (rights per role, docs/domain.md §2).

Views, selectors and (later) the API ask `can()` or filter with `municipality_ids_for()`;
nothing else hard-codes a role. Ownership rules that depend on a single record (a submitter
follows only their own initiatives) live in that model's queryset, on top of this table.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from .choices import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class Action(StrEnum):
    """Something a member may be allowed to do within a municipality."""

    PORTFOLIO_VIEW = "portfolio.view"
    INITIATIVE_SUBMIT = "initiative.submit"
    INITIATIVE_MANAGE = "initiative.manage"
    URGENCY_RAISE = "initiative.raise_urgency"
    ADVICE_GIVE = "advice.give"
    DECISION_RECORD = "decision.record"
    FRAMEWORK_VIEW = "framework.view"
    FRAMEWORK_MANAGE = "framework.manage"
    CAPACITY_VIEW = "capacity.view"
    CAPACITY_MANAGE = "capacity.manage"
    SCENARIO_MANAGE = "scenario.manage"
    PROGRESS_REPORT = "progress.report"
    REPORTS_VIEW = "reports.view"
    REPORT_PUBLISH = "reports.publish"
    AUDIT_VIEW = "audit.view"
    MEMBERS_MANAGE = "members.manage"
    # Domains, decision bodies, budget programmes, advice kinds; the first-run guide (Beheer).
    SETTINGS_MANAGE = "settings.manage"
    TEMPLATE_PUBLISH = "template.publish"
    # Investeringen, exploitatie, dekking, risks in euros and weerstandscapaciteit (finance).
    FINANCE_MANAGE = "finance.manage"
    # Bestuurlijke agenda: college and raad moments, toezeggingen, moties, the Woo list.
    COUNCIL_MANAGE = "council.manage"


A = Action
_READ = {A.PORTFOLIO_VIEW, A.FRAMEWORK_VIEW, A.CAPACITY_VIEW, A.REPORTS_VIEW}

GRANTS: dict[Role, frozenset[Action]] = {
    Role.SUBMITTER: frozenset({A.INITIATIVE_SUBMIT}),
    Role.PORTFOLIO_MANAGER: frozenset(
        _READ
        | {
            A.INITIATIVE_SUBMIT,
            A.INITIATIVE_MANAGE,
            A.URGENCY_RAISE,
            A.DECISION_RECORD,
            A.FRAMEWORK_MANAGE,
            A.CAPACITY_MANAGE,
            A.SCENARIO_MANAGE,
            A.AUDIT_VIEW,
            A.REPORT_PUBLISH,
            A.TEMPLATE_PUBLISH,
            A.FINANCE_MANAGE,
            A.COUNCIL_MANAGE,
        }
    ),
    Role.OFFICIAL_SPONSOR: frozenset(
        _READ
        | {
            A.INITIATIVE_SUBMIT,
            A.DECISION_RECORD,
            A.CAPACITY_MANAGE,
            A.REPORT_PUBLISH,
            A.FINANCE_MANAGE,
            A.COUNCIL_MANAGE,
        }
    ),
    Role.POLITICAL_SPONSOR: frozenset(_READ | {A.INITIATIVE_SUBMIT, A.URGENCY_RAISE}),
    Role.PROJECT_LEADER: frozenset(_READ | {A.INITIATIVE_SUBMIT, A.PROGRESS_REPORT}),
    Role.ADVISER: frozenset(_READ | {A.INITIATIVE_SUBMIT, A.ADVICE_GIVE}),
    Role.BOARD_MEMBER: frozenset(_READ | {A.INITIATIVE_SUBMIT, A.DECISION_RECORD}),
    Role.READER: frozenset(_READ),
    Role.ADMINISTRATOR: frozenset(
        {A.MEMBERS_MANAGE, A.SETTINGS_MANAGE, A.AUDIT_VIEW, A.TEMPLATE_PUBLISH}
    ),
}


# Who opens Beheer (the menu entry and its page): anyone with one of these rights.
BEHEER_ACTIONS: tuple[Action, ...] = (A.MEMBERS_MANAGE, A.SETTINGS_MANAGE, A.AUDIT_VIEW)


def role_allows(role: Role | str, action: Action) -> bool:
    """Whether a single role grants an action."""
    return action in GRANTS.get(Role(role), frozenset())


def roles_by_municipality(user: AbstractBaseUser | AnonymousUser) -> dict[int, frozenset[Role]]:
    """The user's roles per municipality id, cached on the user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return {}
    cached: dict[int, frozenset[Role]] | None = getattr(user, "_koersvast_roles", None)
    if cached is None:
        from .models import Membership

        collected: dict[int, set[Role]] = {}
        # Only roles in force today: ended, withdrawn and future roles grant nothing.
        for municipality_id, role in (
            Membership.objects.current()
            .filter(user_id=user.pk)
            .values_list("municipality_id", "role")
        ):
            collected.setdefault(municipality_id, set()).add(Role(role))
        cached = {key: frozenset(value) for key, value in collected.items()}
        user._koersvast_roles = cached  # type: ignore[attr-defined]  # a per-request cache
    return cached


def forget_roles(user: AbstractBaseUser | AnonymousUser) -> None:
    """Drop the cached roles (after a membership change in the same request)."""
    if hasattr(user, "_koersvast_roles"):
        del user._koersvast_roles


def can(
    user: AbstractBaseUser | AnonymousUser, municipality_id: int | None, action: Action
) -> bool:
    """Whether the user may perform the action within the municipality."""
    if municipality_id is None:
        return False
    roles = roles_by_municipality(user).get(municipality_id, frozenset())
    return any(action in GRANTS[role] for role in roles)


def require(
    user: AbstractBaseUser | AnonymousUser,
    municipality_id: int | None,
    *actions: Action,
    message: str = "",
) -> None:
    """The one permission guard of the services: PermissionDenied unless the user holds one of
    `actions` in the municipality."""
    if not any(can(user, municipality_id, action) for action in actions):
        raise PermissionDenied(message) if message else PermissionDenied


def municipality_ids_for(user: AbstractBaseUser | AnonymousUser, action: Action) -> list[int]:
    """Ids of the municipalities in which the user may perform the action."""
    return sorted(
        municipality_id
        for municipality_id, roles in roles_by_municipality(user).items()
        if any(action in GRANTS[role] for role in roles)
    )


def is_operator(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """An operator of the installation (decision 1001): an active superuser. Operators add
    municipalities and use the Django admin; they hold no role through this table."""
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))
