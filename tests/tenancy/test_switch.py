"""Switching between the municipalities a user belongs to."""

from __future__ import annotations

import pytest
from django.urls import reverse

from koersvast.tenancy.choices import Role
from koersvast.tenancy.services import membership_grant
from tests.factories import InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_user_of_two_municipalities_switches(municipality, other_municipality, client_for):
    user = UserFactory()
    membership_grant(user=user, municipality=municipality, roles=[Role.READER])
    membership_grant(user=user, municipality=other_municipality, roles=[Role.READER])
    InitiativeFactory(municipality=municipality, title="Alleen in Utrecht")
    InitiativeFactory(municipality=other_municipality, title="Alleen in Amsterdam")
    client = client_for(user)

    # Default: the first municipality by name (Amsterdam).
    page = client.get(reverse("portfolio:list")).content.decode()
    assert "Alleen in Amsterdam" in page
    assert "Alleen in Utrecht" not in page
    assert 'id="municipality-switch"' in page

    response = client.post(
        reverse("tenancy:switch"), {"municipality": municipality.pk, "next": "/portfolio/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/portfolio/"
    page = client.get(reverse("portfolio:list")).content.decode()
    assert "Alleen in Utrecht" in page
    assert "Alleen in Amsterdam" not in page


def test_cannot_switch_to_a_municipality_without_membership(municipality, outsider, client_for):
    client = client_for(outsider)
    response = client.post(reverse("tenancy:switch"), {"municipality": municipality.pk})
    assert response.status_code == 404
    assert client.post(reverse("tenancy:switch"), {"municipality": "x"}).status_code == 404


def test_switch_ignores_foreign_redirects(municipality, personas, client_for):
    client = client_for(personas[Role.READER])
    response = client.post(
        reverse("tenancy:switch"),
        {"municipality": municipality.pk, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("core:home")
