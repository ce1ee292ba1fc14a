"""The key management page: rights, create (secret shown once), revoke, pagination, isolation."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from koersvast.odata.models import ODataKey
from koersvast.odata.services import key_create, key_revoke
from koersvast.tenancy.choices import Role

from .conftest import FEED, basic

pytestmark = pytest.mark.django_db
URL = "/odata/sleutels/"
REVOKE = "/odata/sleutels/intrekken/"


def test_empty_state_and_link_in_the_user_menu(pm_client: Client) -> None:
    response = pm_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Er zijn nog geen sleutels" in html
    assert f'href="{URL}"' in html  # the header link
    assert "http://testserver/odata/v4/" in html


def test_anonymous_is_sent_to_login() -> None:
    response = Client().get(URL)
    assert response.status_code == 302
    assert "/inloggen/" in response["Location"]


def test_a_submitter_gets_403(
    personas: dict[Role, Any], client_for: Any, municipality: Any
) -> None:
    new = key_create(municipality=municipality, name="Rapport")
    client = client_for(personas[Role.SUBMITTER])
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"name": "x"}).status_code == 403
    assert client.post(REVOKE, {"key_id": new.key.pk}).status_code == 403
    assert ODataKey.objects.count() == 1
    assert f'href="{URL}"' not in client.get("/").content.decode()


def test_an_administrator_may_revoke_but_not_create(
    personas: dict[Role, Any], client_for: Any, municipality: Any
) -> None:
    new = key_create(municipality=municipality, name="Rapport")
    client = client_for(personas[Role.ADMINISTRATOR])
    page = client.get(URL)
    assert page.status_code == 200
    assert "Sleutel aanmaken" not in page.content.decode()
    assert "Rapport" in page.content.decode()
    assert client.post(URL, {"name": "x"}).status_code == 403
    assert client.post(REVOKE, {"key_id": new.key.pk}).status_code == 302
    new.key.refresh_from_db()
    assert new.key.revoked_at is not None


def test_create_shows_the_secret_once_and_it_works(
    personas: dict[Role, Any], client_for: Any, municipality: Any
) -> None:
    client = client_for(personas[Role.READER])
    response = client.post(URL, {"name": "Power BI dashboard MT", "description": "Voor het MT"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = response.context["secret"]
    assert secret in response.content.decode()
    key = ODataKey.objects.get()
    assert (key.municipality, key.created_by, key.name) == (
        municipality,
        personas[Role.READER],
        "Power BI dashboard MT",
    )
    assert Client().get(FEED, HTTP_AUTHORIZATION=basic(secret)).status_code == 200
    again = client.get(URL).content.decode()
    assert secret not in again
    assert "Power BI dashboard MT" in again
    assert f"kvo_{key.prefix}_" in again


def test_a_key_needs_a_name(pm_client: Client) -> None:
    response = pm_client.post(URL, {"name": "  "})
    assert response.status_code == 200
    assert "Geef de sleutel een naam." in response.content.decode()
    assert ODataKey.objects.count() == 0


def test_revoke(pm_client: Client, municipality: Any, personas: dict[Role, Any]) -> None:
    new = key_create(municipality=municipality, name="Rapport", by=personas[Role.PORTFOLIO_MANAGER])
    response = pm_client.post(REVOKE, {"key_id": new.key.pk}, follow=True)
    assert response.status_code == 200
    assert "is ingetrokken" in response.content.decode()
    new.key.refresh_from_db()
    assert new.key.revoked_at is not None
    assert Client().get(FEED, HTTP_AUTHORIZATION=basic(new.secret)).status_code == 401
    assert "Ingetrokken op" in pm_client.get(URL).content.decode()


def test_revoke_needs_a_valid_id(pm_client: Client) -> None:
    assert pm_client.post(REVOKE, {"key_id": "abc"}).status_code == 400
    assert pm_client.get(REVOKE).status_code == 405


def test_outsider_cannot_see_or_revoke_a_key(
    client_for: Any, outsider: Any, municipality: Any
) -> None:
    new = key_create(municipality=municipality, name="Geheim rapport")
    client = client_for(outsider)
    assert client.post(REVOKE, {"key_id": new.key.pk}).status_code == 404
    new.key.refresh_from_db()
    assert new.key.revoked_at is None
    assert "Geheim rapport" not in client.get(URL).content.decode()


def test_pagination(pm_client: Client, municipality: Any, personas: dict[Role, Any]) -> None:
    for i in range(23):
        key_create(
            municipality=municipality, name=f"Rapport {i:02d}", by=personas[Role.PORTFOLIO_MANAGER]
        )
    first = pm_client.get(URL).content.decode()
    assert "Pagina 1 van 2" in first
    second = pm_client.get(URL, {"page": 2}).content.decode()
    assert second.count("Intrekken<span") == 3


def test_active_keys_are_listed_first(pm_client: Client, municipality: Any) -> None:
    old = key_create(municipality=municipality, name="Oud rapport")
    key_create(municipality=municipality, name="Nieuw rapport")
    key_revoke(key=key_create(municipality=municipality, name="Nieuwste, ingetrokken").key)
    html = pm_client.get(URL).content.decode()
    assert html.index("Nieuw rapport") < html.index("Oud rapport") < html.index("Nieuwste")
    assert old.key.is_active


def test_a_reader_may_not_revoke_someone_elses_key(
    personas: dict[Role, Any], client_for: Any, municipality: Any
) -> None:
    """Issue 19 item 11: the MT's Power BI key must survive any reader's click."""
    mt_key = key_create(
        municipality=municipality, name="Power BI dashboard MT", by=personas[Role.PORTFOLIO_MANAGER]
    )
    reader = client_for(personas[Role.READER])
    page = reader.get(URL).content.decode()
    assert "Power BI dashboard MT" in page  # readers still see every key of the municipality
    assert "Intrekken<span" not in page
    assert reader.post(REVOKE, {"key_id": mt_key.key.pk}).status_code == 403
    mt_key.key.refresh_from_db()
    assert mt_key.key.revoked_at is None
    assert Client().get(FEED, HTTP_AUTHORIZATION=basic(mt_key.secret)).status_code == 200


def test_a_reader_may_revoke_their_own_key(
    personas: dict[Role, Any], client_for: Any, municipality: Any
) -> None:
    own = key_create(municipality=municipality, name="Mijn rapport", by=personas[Role.READER])
    reader = client_for(personas[Role.READER])
    assert "Intrekken<span" in reader.get(URL).content.decode()
    assert reader.post(REVOKE, {"key_id": own.key.pk}).status_code == 302
    own.key.refresh_from_db()
    assert own.key.revoked_by == personas[Role.READER]


def test_the_service_refuses_a_revocation_without_the_right(
    personas: dict[Role, Any], municipality: Any
) -> None:
    new = key_create(municipality=municipality, name="Rapport", by=personas[Role.ADVISER])
    with pytest.raises(PermissionDenied):
        key_revoke(key=new.key, by=personas[Role.READER])
    key_revoke(key=new.key, by=personas[Role.ADMINISTRATOR])
    new.key.refresh_from_db()
    assert new.key.revoked_by == personas[Role.ADMINISTRATOR]
