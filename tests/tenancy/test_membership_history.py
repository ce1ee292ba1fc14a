"""Roles with start and end dates, withdrawn instead of deleted: only roles in force count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from koersvast.tenancy.choices import Role
from koersvast.tenancy.models import Membership
from koersvast.tenancy.policy import Action, can, forget_roles
from koersvast.tenancy.services import (
    MembershipError,
    membership_grant,
    membership_set_end,
    membership_withdraw,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = timedelta(days=1)


def _can_view(user, municipality) -> bool:
    forget_roles(user)
    return can(user, municipality.pk, Action.PORTFOLIO_VIEW)


def test_only_roles_in_force_give_rights(municipality) -> None:
    future, ended, open_ended = UserFactory(), UserFactory(), UserFactory()
    membership_grant(
        user=future, municipality=municipality, roles=[Role.READER], starts_on=TODAY + DAY
    )
    Membership.objects.create(
        user=ended,
        municipality=municipality,
        role=Role.READER,
        starts_on=TODAY - 10 * DAY,
        ends_on=TODAY - DAY,
    )
    membership_grant(user=open_ended, municipality=municipality, roles=[Role.READER], ends_on=TODAY)
    assert not _can_view(future, municipality)
    assert not _can_view(ended, municipality)
    assert _can_view(open_ended, municipality)  # the end date is the last day in force


def test_a_withdrawn_role_stays_as_history_and_can_be_given_again(municipality, personas) -> None:
    admin = personas[Role.ADMINISTRATOR]
    reader = UserFactory()
    (membership,) = membership_grant(user=reader, municipality=municipality, roles=[Role.READER])
    membership_withdraw(membership=membership, by=admin)
    assert not _can_view(reader, municipality)
    membership.refresh_from_db()
    assert (membership.status, membership.withdrawn_by) == ("ingetrokken", admin)
    (again,) = membership_grant(user=reader, municipality=municipality, roles=[Role.READER])
    assert again.pk != membership.pk
    assert _can_view(reader, municipality)
    assert Membership.objects.filter(user=reader).count() == 2


def test_granting_a_role_held_keeps_the_existing_one(municipality) -> None:
    user = UserFactory()
    (first,) = membership_grant(user=user, municipality=municipality, roles=[Role.READER])
    (second,) = membership_grant(user=user, municipality=municipality, roles=[Role.READER])
    assert first == second


def test_an_end_date_before_the_start_is_refused(municipality) -> None:
    user = UserFactory()
    with pytest.raises(MembershipError):
        membership_grant(
            user=user,
            municipality=municipality,
            roles=[Role.READER],
            starts_on=TODAY,
            ends_on=TODAY - DAY,
        )
    (membership,) = membership_grant(user=user, municipality=municipality, roles=[Role.READER])
    with pytest.raises(MembershipError):
        membership_set_end(membership=membership, ends_on=TODAY - DAY, by=None)
    assert not Membership.objects.filter(ends_on__isnull=False).exists()


def test_the_last_beheerder_cannot_be_removed(municipality, personas) -> None:
    admin = personas[Role.ADMINISTRATOR]
    (membership,) = Membership.objects.filter(user=admin)
    with pytest.raises(MembershipError, match="laatste beheerder"):
        membership_withdraw(membership=membership, by=admin)
    with pytest.raises(MembershipError, match="laatste beheerder"):
        membership_set_end(membership=membership, ends_on=TODAY + 30 * DAY, by=admin)
    colleague = UserFactory()
    membership_grant(
        user=colleague,
        municipality=municipality,
        roles=[Role.ADMINISTRATOR],
        ends_on=TODAY + 10 * DAY,
    )
    # A colleague whose role ends first does not stand in for an end date after it.
    with pytest.raises(MembershipError):
        membership_set_end(membership=membership, ends_on=TODAY + 30 * DAY, by=admin)
    membership_set_end(membership=membership, ends_on=TODAY + 5 * DAY, by=admin)
    membership_withdraw(membership=membership, by=admin)
    membership.refresh_from_db()
    assert membership.withdrawn_at is not None


def test_the_rights_report_shows_the_role_history(municipality, personas, client_for) -> None:
    admin = personas[Role.ADMINISTRATOR]
    former = UserFactory(username="vertrokken")
    (membership,) = membership_grant(user=former, municipality=municipality, roles=[Role.ADVISER])
    membership_withdraw(membership=membership, by=admin)
    membership_grant(
        user=former, municipality=municipality, roles=[Role.READER], starts_on=TODAY + DAY
    )
    page = client_for(admin).get(reverse("tenancy:members")).content.decode()
    row_texts = [row for row in page.split("<tr>") if "vertrokken" in row]
    assert any(
        "Adviseur" in row and "ingetrokken" in row and admin.username in row for row in row_texts
    )
    assert any("Lezer" in row and "gepland" in row for row in row_texts)
