"""KOERSVAST_LOCAL_LOGIN=false: no password form, password logins refused, superusers excepted."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from koersvast.tenancy.choices import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_off(settings):
    settings.KOERSVAST_LOCAL_LOGIN = False
    return settings


def test_the_form_disappears(local_off, client):
    page = client.get(reverse("login")).content.decode()
    assert 'name="password"' not in page
    assert "wachtwoorden zijn uitgeschakeld" in page


def test_a_password_post_is_refused_and_recorded(local_off, client, personas):
    user = personas[Role.READER]
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200
    assert "Inloggen met een wachtwoord is uitgeschakeld" in response.content.decode()
    assert client.get(reverse("home")).url.startswith(reverse("login"))


def test_a_superuser_keeps_an_emergency_door_with_mfa(local_off, client, settings):
    settings.KOERSVAST_MFA_REQUIRED = True
    get_user_model().objects.create_superuser("nood", password=PASSWORD)
    response = client.post(reverse("login"), {"username": "nood", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).url.startswith(reverse("identity:enrol"))


def test_the_sso_endpoints_are_off_without_configuration(client):
    assert client.get(reverse("identity:sso_start")).status_code == 404
    assert client.get(reverse("identity:sso_callback")).status_code == 404
    assert "organisatieaccount" not in client.get(reverse("login")).content.decode()
