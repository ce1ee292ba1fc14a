"""The role × action matrix: every role gets exactly the rights the policy promises.

The expected table is written out here by hand (not derived from GRANTS), so a change to the
policy module must be mirrored here deliberately.
"""

from __future__ import annotations

import pytest

from koersvast.tenancy.choices import Role
from koersvast.tenancy.policy import GRANTS, Action, can, role_allows

R = Role
A = Action
READ = {"portfolio.view", "framework.view", "capacity.view", "reports.view"}

EXPECTED: dict[Role, set[str]] = {
    R.SUBMITTER: {"initiative.submit"},
    R.PORTFOLIO_MANAGER: READ
    | {
        "initiative.submit",
        "initiative.manage",
        "initiative.raise_urgency",
        "decision.record",
        "framework.manage",
        "capacity.manage",
        "scenario.manage",
        "audit.view",
        "reports.publish",
        "template.publish",
        "finance.manage",
        "council.manage",
    },
    R.OFFICIAL_SPONSOR: READ
    | {
        "initiative.submit",
        "decision.record",
        "capacity.manage",
        "reports.publish",
        "finance.manage",
        "council.manage",
    },
    R.POLITICAL_SPONSOR: READ | {"initiative.submit", "initiative.raise_urgency"},
    R.PROJECT_LEADER: READ | {"initiative.submit", "progress.report"},
    R.ADVISER: READ | {"initiative.submit", "advice.give"},
    R.BOARD_MEMBER: READ | {"initiative.submit", "decision.record"},
    R.READER: READ,
    R.ADMINISTRATOR: {"members.manage", "settings.manage", "audit.view", "template.publish"},
}


def test_every_role_is_in_the_policy() -> None:
    assert set(GRANTS) == set(Role)
    assert set(EXPECTED) == set(Role)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_role_action_matrix(role: Role, action: Action) -> None:
    assert role_allows(role, action) is (action.value in EXPECTED[role])


@pytest.mark.django_db
def test_can_is_scoped_to_the_municipality(personas, municipality, other_municipality) -> None:
    manager = personas[Role.PORTFOLIO_MANAGER]
    assert can(manager, municipality.pk, Action.FRAMEWORK_MANAGE)
    assert not can(manager, other_municipality.pk, Action.PORTFOLIO_VIEW)
    assert not can(manager, None, Action.PORTFOLIO_VIEW)


@pytest.mark.django_db
def test_roles_accumulate(municipality) -> None:
    from koersvast.tenancy.services import membership_grant
    from tests.factories import UserFactory

    user = UserFactory()
    membership_grant(user=user, municipality=municipality, roles=[Role.READER, Role.ADVISER])
    assert can(user, municipality.pk, Action.ADVICE_GIVE)
    assert can(user, municipality.pk, Action.PORTFOLIO_VIEW)
    assert not can(user, municipality.pk, Action.MEMBERS_MANAGE)


@pytest.mark.django_db
def test_inactive_and_anonymous_users_have_no_rights(personas, municipality) -> None:
    from django.contrib.auth.models import AnonymousUser

    manager = personas[Role.PORTFOLIO_MANAGER]
    manager.is_active = False
    assert not can(manager, municipality.pk, Action.PORTFOLIO_VIEW)
    assert not can(AnonymousUser(), municipality.pk, Action.PORTFOLIO_VIEW)
