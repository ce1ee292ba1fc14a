"""Switching between the municipalities a user belongs to."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
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
    assert response["Location"] == reverse("home")


def test_a_lost_membership_falls_back_to_the_first_municipality(
    municipality, other_municipality, client_for
):
    user = UserFactory()
    membership_grant(user=user, municipality=municipality, roles=[Role.READER])
    membership_grant(user=user, municipality=other_municipality, roles=[Role.READER])
    InitiativeFactory(municipality=municipality, title="Alleen in Utrecht")
    InitiativeFactory(municipality=other_municipality, title="Alleen in Amsterdam")
    client = client_for(user)
    client.post(reverse("tenancy:switch"), {"municipality": municipality.pk, "next": "/"})
    user.memberships.filter(municipality=municipality).delete()

    page = client.get(reverse("portfolio:list")).content.decode()
    assert "Alleen in Amsterdam" in page
    assert "Alleen in Utrecht" not in page
    assert 'id="municipality-switch"' not in page  # one municipality left: no switcher


def test_switcher_and_active_municipality_come_from_one_query(
    municipality, other_municipality, client_for
):
    user = UserFactory()
    membership_grant(user=user, municipality=municipality, roles=[Role.READER])
    membership_grant(user=user, municipality=other_municipality, roles=[Role.READER])
    client = client_for(user)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("portfolio:list")).content.decode()
    assert f'<option value="{other_municipality.pk}" selected>Amsterdam</option>' in page
    assert f'<option value="{municipality.pk}">Utrecht</option>' in page
    reads = [
        q for q in queries.captured_queries if q["sql"].startswith('SELECT "tenancy_municipality"')
    ]
    assert len(reads) == 1
