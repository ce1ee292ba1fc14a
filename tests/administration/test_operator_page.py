"""The operator's page (Installatie): add a municipality from the CBS list and invite its
first beheerder; nobody but an operator sees it."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from koersvast.identity.models import Invitation
from koersvast.tenancy.choices import Role
from koersvast.tenancy.models import Membership, Municipality
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("administration:installation")
PASSWORD = "een-lang-wachtwoord-42"


@pytest.fixture
def operator_client(client_for) -> Client:
    return client_for(UserFactory(username="operator", is_staff=True, is_superuser=True))


def test_only_an_operator_sees_the_page(personas, client_for, operator_client) -> None:
    for user in personas.values():
        assert client_for(user).get(PAGE).status_code == 404
    staff = UserFactory(username="staff", is_staff=True)
    assert client_for(staff).get(PAGE).status_code == 404
    assert operator_client.get(PAGE).status_code == 200
    assert Client().get(PAGE).status_code == 302  # to the login


def test_an_operator_lands_on_the_installation_page(operator_client) -> None:
    assert operator_client.get(reverse("home")).url == PAGE


def test_operator_adds_a_municipality_and_its_beheerder_sets_a_password(operator_client) -> None:
    response = operator_client.post(
        PAGE,
        {"cbs_code": "GM0344", "email": "beheer@utrecht.example", "first_name": "Bea"},
    )
    assert response.status_code == 302
    utrecht = Municipality.objects.get(cbs_code="GM0344")
    assert (utrecht.name, utrecht.province) == ("Utrecht", "Utrecht")
    invitation = Invitation.objects.get(municipality=utrecht)
    assert invitation.roles == [Role.ADMINISTRATOR]
    page = operator_client.get(PAGE).content.decode()
    link = re.search(r"https?://\S+/uitnodiging/[^\"/]+/", mail.outbox[-1].body).group(0)
    assert link in page
    assert "GM0344" not in [
        c for c, _ in operator_client.get(PAGE).context["form"].fields["cbs_code"].choices
    ]

    client = Client()
    path = "/" + link.split("/", 3)[3]
    client.post(path, {"password1": PASSWORD, "password2": PASSWORD})
    membership = Membership.objects.get(municipality=utrecht)
    assert membership.role == Role.ADMINISTRATOR
    assert not membership.user.is_superuser and not membership.user.is_staff
    assert client.get(reverse("administration:index")).status_code == 200
    # The operator holds no role anywhere.
    assert not Membership.objects.filter(user__username="operator").exists()


def test_operator_may_make_the_first_beheerder_portfolio_manager_too(operator_client) -> None:
    operator_client.post(
        PAGE,
        {"cbs_code": "GM0363", "email": "b@amsterdam.example", "also_portfolio_manager": "on"},
    )
    assert Invitation.objects.get().roles == [Role.ADMINISTRATOR, Role.PORTFOLIO_MANAGER]


def test_unknown_or_existing_municipalities_are_refused(operator_client, municipality) -> None:
    for code in ("GM9999", municipality.cbs_code):
        response = operator_client.post(PAGE, {"cbs_code": code, "email": "x@example.nl"})
        assert response.status_code == 200
    assert not Invitation.objects.exists()


def test_operator_invites_a_new_beheerder_for_an_existing_municipality(
    operator_client, municipality
) -> None:
    url = reverse("administration:beheerder_invite", args=[municipality.pk])
    operator_client.post(url, {"email": "nieuw@utrecht.example"})
    invitation = Invitation.objects.get()
    assert (invitation.municipality, invitation.roles) == (municipality, [Role.ADMINISTRATOR])
