"""Beheer › Gebruikers en rollen: give and withdraw roles with dates, make and deactivate
accounts, reset a second factor with a reason; never outside the beheerder's municipality."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from koersvast.audit.models import AuditEvent
from koersvast.tenancy.choices import Role
from koersvast.tenancy.models import Membership
from koersvast.tenancy.services import membership_grant
from tests.conftest import PASSWORD
from tests.factories import UserFactory
from tests.identity.helpers import enrol_device

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def admin_client(personas, client_for) -> Client:
    return client_for(personas[Role.ADMINISTRATOR])


def _logs_in(username: str, password: str) -> bool:
    response = Client().post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


def _user_url(user) -> str:
    return reverse("administration:user", args=[user.pk])


def test_beheerder_sees_the_members_and_their_roles(admin_client, personas) -> None:
    page = admin_client.get(reverse("administration:users")).content.decode()
    for role, user in personas.items():
        assert user.username in page
        assert str(role.label) in page


def test_beheerder_gives_a_role_with_dates(admin_client, personas, municipality) -> None:
    reader = personas[Role.READER]
    start, end = TODAY + timedelta(days=7), TODAY + timedelta(days=60)
    response = admin_client.post(
        _user_url(reader),
        {"role": Role.ADVISER, "starts_on": start.isoformat(), "ends_on": end.isoformat()},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=reader, role=Role.ADVISER)
    assert (membership.starts_on, membership.ends_on, membership.municipality) == (
        start,
        end,
        municipality,
    )
    assert membership.granted_by == personas[Role.ADMINISTRATOR]
    event = AuditEvent.objects.get(content_type__model="membership", object_id=str(membership.pk))
    assert (event.action, event.municipality_id) == ("create", municipality.pk)
    assert "gepland" in admin_client.get(_user_url(reader)).content.decode()


def test_beheerder_withdraws_and_ends_roles(admin_client, personas) -> None:
    reader = personas[Role.READER]
    membership = Membership.objects.get(user=reader)
    end = TODAY + timedelta(days=30)
    admin_client.post(
        reverse("administration:role_end", args=[membership.pk]), {"ends_on": end.isoformat()}
    )
    membership.refresh_from_db()
    assert membership.ends_on == end
    admin_client.post(reverse("administration:role_withdraw", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.withdrawn_by == personas[Role.ADMINISTRATOR]
    assert not Membership.objects.current().filter(user=reader).exists()
    page = admin_client.get(_user_url(reader)).content.decode()
    assert "ingetrokken" in page


def test_the_last_beheerder_stays(admin_client, personas) -> None:
    admin = personas[Role.ADMINISTRATOR]
    own = Membership.objects.get(user=admin, role=Role.ADMINISTRATOR)
    response = admin_client.post(
        reverse("administration:role_withdraw", args=[own.pk]), follow=True
    )
    assert "laatste beheerder" in response.content.decode()
    own.refresh_from_db()
    assert own.withdrawn_at is None


def test_no_role_in_another_municipality(
    admin_client, outsider, other_municipality, personas
) -> None:
    """The beheerder of A cannot reach B's accounts or roles, and a municipality sent along in
    the form is ignored: the role lands in A."""
    response = admin_client.post(_user_url(outsider), {"role": Role.READER})
    assert response.status_code == 404
    outsider_role = Membership.objects.filter(user=outsider).first()
    for name in ("role_withdraw", "role_end"):
        url = reverse(f"administration:{name}", args=[outsider_role.pk])
        assert admin_client.post(url, {"ends_on": ""}).status_code == 404
    reader = personas[Role.READER]
    admin_client.post(
        _user_url(reader), {"role": Role.PORTFOLIO_MANAGER, "municipality": other_municipality.pk}
    )
    assert not Membership.objects.filter(user=reader, municipality=other_municipality).exists()
    assert (
        not Membership.objects.filter(municipality=other_municipality)
        .exclude(user=outsider)
        .exists()
    )


def test_operators_are_never_managed_here(admin_client, municipality) -> None:
    operator = UserFactory(username="operator", is_superuser=True, is_staff=True)
    membership_grant(user=operator, municipality=municipality, roles=[Role.READER])
    assert admin_client.get(_user_url(operator)).status_code == 404
    membership = Membership.objects.get(user=operator)
    assert (
        admin_client.post(reverse("administration:role_withdraw", args=[membership.pk])).status_code
        == 404
    )
    assert (
        admin_client.post(reverse("administration:user_deactivate", args=[operator.pk])).status_code
        == 404
    )


def test_only_beheerders_manage_users(personas, client_for) -> None:
    for role, user in personas.items():
        if role == Role.ADMINISTRATOR:
            continue
        client = client_for(user)
        assert client.get(reverse("administration:users")).status_code == 403
        assert client.post(reverse("administration:user_create"), {}).status_code == 403


def test_an_account_made_directly_is_never_a_superuser(admin_client, municipality) -> None:
    response = admin_client.post(
        reverse("administration:user_create"),
        {
            "username": "jan",
            "first_name": "Jan",
            "last_name": "Jansen",
            "email": "jan@utrecht.example",
            "password1": "een-lang-wachtwoord-42",
            "password2": "een-lang-wachtwoord-42",
            "roles": [Role.SUBMITTER, Role.READER],
            "is_superuser": "on",
            "is_staff": "on",
        },
    )
    assert response.status_code == 302
    jan = get_user_model().objects.get(username="jan")
    assert not jan.is_superuser and not jan.is_staff
    assert set(Membership.objects.filter(user=jan).values_list("role", flat=True)) == {
        Role.SUBMITTER,
        Role.READER,
    }
    assert _logs_in("jan", "een-lang-wachtwoord-42")
    assert AuditEvent.objects.filter(
        object_id=str(jan.pk),
        content_type__model="user",
        action="create",
        municipality=municipality,
    ).exists()


def test_a_weak_password_or_a_taken_name_makes_no_account(admin_client, personas) -> None:
    data = {"username": "kees", "password1": "123", "password2": "123", "roles": [Role.READER]}
    response = admin_client.post(reverse("administration:user_create"), data)
    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="kees").exists()
    taken = {**data, "username": personas[Role.READER].username.upper()}
    taken["password1"] = taken["password2"] = "een-lang-wachtwoord-42"
    response = admin_client.post(reverse("administration:user_create"), taken)
    assert "al in gebruik" in response.content.decode()


def test_deactivating_an_account_that_works_only_here(admin_client, personas, municipality) -> None:
    reader = personas[Role.READER]
    admin_client.post(reverse("administration:user_deactivate", args=[reader.pk]))
    reader.refresh_from_db()
    assert not reader.is_active
    assert not Membership.objects.current().filter(user=reader).exists()
    assert not _logs_in(reader.username, PASSWORD)
    assert AuditEvent.objects.filter(
        object_id=str(reader.pk), changes={"actief": [True, False]}, municipality=municipality
    ).exists()
    admin_client.post(reverse("administration:user_reactivate", args=[reader.pk]))
    reader.refresh_from_db()
    assert reader.is_active


def test_deactivating_an_account_of_two_municipalities_only_ends_the_roles_here(
    admin_client, personas, other_municipality
) -> None:
    reader = personas[Role.READER]
    membership_grant(user=reader, municipality=other_municipality, roles=[Role.READER])
    admin_client.post(reverse("administration:user_deactivate", args=[reader.pk]))
    reader.refresh_from_db()
    assert reader.is_active
    assert list(
        Membership.objects.current().filter(user=reader).values_list("municipality", flat=True)
    ) == [other_municipality.pk]


def test_a_beheerder_cannot_deactivate_the_last_beheerder_or_themselves(
    admin_client, personas, municipality
) -> None:
    admin = personas[Role.ADMINISTRATOR]
    response = admin_client.post(
        reverse("administration:user_deactivate", args=[admin.pk]), follow=True
    )
    assert "eigen account" in response.content.decode()
    other = UserFactory(username="tweede-beheerder")
    membership_grant(user=other, municipality=municipality, roles=[Role.ADMINISTRATOR])
    client = Client()
    client.force_login(other)
    # `other` may deactivate `admin` (two beheerders), and is then the last one.
    client.post(reverse("administration:user_deactivate", args=[admin.pk]))
    admin.refresh_from_db()
    assert not admin.is_active
    assert admin_client.get(reverse("administration:users")).status_code == 302  # logged out
    own = Membership.objects.get(user=other)
    response = client.post(reverse("administration:role_withdraw", args=[own.pk]), follow=True)
    assert "laatste beheerder" in response.content.decode()


def test_reset_a_second_factor_from_the_member_page_with_a_reason(admin_client, personas) -> None:
    reader = personas[Role.READER]
    enrol_device(reader)
    url = _user_url(reader)
    assert "Tweestapsverificatie herstellen" in admin_client.get(url).content.decode()
    response = admin_client.post(
        reverse("identity:member_mfa_reset", args=[reader.pk]),
        {"reason": "Nieuwe telefoon", "next": url},
    )
    assert response["Location"] == url
    event = AuditEvent.objects.get(object_id=str(reader.pk), changes__has_key="reden")
    assert event.changes["reden"] == [None, "Nieuwe telefoon"]
