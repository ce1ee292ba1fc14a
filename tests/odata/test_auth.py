"""Keys: how they authenticate, that revoking works at once, and tenant isolation."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from koersvast.audit.models import AuditEvent
from koersvast.core.keys import fingerprint
from koersvast.odata.entities import ENTITY_SETS
from koersvast.odata.models import ODataKey
from koersvast.odata.services import key_authenticate, key_create, key_revoke

from .conftest import FEED, Feed, basic

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["", "$metadata", "Initiatives", "Initiatives/$count"])
def test_no_key_is_401_with_a_basic_challenge(path: str) -> None:
    response = Client().get(FEED + path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic realm=")
    assert response.json()["error"]["code"] == "Unauthorized"


@pytest.mark.parametrize(
    "header",
    [
        basic("kvo_00000000_wrong"),
        basic("not-a-key"),
        "Basic !!!",
        "Bearer kvo_nope",
        "Digest abc",
    ],
)
def test_wrong_keys_are_401(secret_a: str, header: str) -> None:
    response = Client().get(FEED + "Initiatives", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_a_tampered_secret_with_a_real_prefix_is_401(secret_a: str) -> None:
    tampered = secret_a[:-2] + ("AA" if not secret_a.endswith("AA") else "BB")
    assert Client().get(FEED, HTTP_AUTHORIZATION=basic(tampered)).status_code == 401


def test_basic_bearer_and_query_parameter_all_work(secret_a: str) -> None:
    client = Client()
    assert client.get(FEED, HTTP_AUTHORIZATION=basic(secret_a)).status_code == 200
    assert client.get(FEED, HTTP_AUTHORIZATION=basic(secret_a, username="")).status_code == 200
    # Tools with a single field may send the key as the user name.
    assert client.get(FEED, HTTP_AUTHORIZATION=basic("", username=secret_a)).status_code == 200
    assert client.get(FEED, HTTP_AUTHORIZATION=f"Bearer {secret_a}").status_code == 200
    assert client.get(FEED, {"key": secret_a}).status_code == 200


def test_the_query_parameter_key_survives_paging(secret_a: str, data_a: Any, settings: Any) -> None:
    settings.ODATA_PAGE_SIZE = 3
    client = Client()
    body = client.get(FEED + "Initiatives", {"key": secret_a}).json()
    rows = list(body["value"])
    while "@odata.nextLink" in body:
        body = client.get(body["@odata.nextLink"]).json()
        rows += body["value"]
    assert len(rows) == 7


def test_revoked_key_is_401_at_once(secret_a: str, municipality: Any) -> None:
    feed = Feed(secret_a)
    assert feed.get("").status_code == 200
    key_revoke(key=ODataKey.objects.get(municipality=municipality))
    assert feed.get("").status_code == 401
    assert feed.get("Initiatives").status_code == 401


def test_only_the_hash_is_stored_and_use_is_recorded(municipality: Any) -> None:
    new = key_create(municipality=municipality, name="Rapport")
    key = ODataKey.objects.get(pk=new.key.pk)
    assert new.secret.startswith(f"kvo_{key.prefix}_")
    assert key.secret_hash == fingerprint(new.secret)
    assert new.secret not in str(ODataKey.objects.filter(pk=key.pk).values().get())
    assert key.last_used is None
    assert key_authenticate(new.secret) is not None
    key.refresh_from_db()
    assert key.last_used is not None


def test_creation_and_revocation_are_audited_without_the_secret(municipality: Any) -> None:
    new = key_create(municipality=municipality, name="Rapport")
    key_revoke(key=new.key)
    events = AuditEvent.objects.for_object(new.key).order_by("pk")
    assert [e.action for e in events] == ["create", "update"]
    assert "secret_hash" not in events[0].changes
    assert "revoked_at" in events[1].changes
    assert all(new.secret not in str(e.changes) for e in events)


# --- tenant isolation ---------------------------------------------------------------------


@pytest.mark.parametrize("entity_set", ENTITY_SETS, ids=lambda s: s.name)
def test_a_key_never_returns_another_municipalitys_rows(
    feed_a: Feed, feed_b: Feed, data_a: Any, data_b: Any, entity_set: Any, settings: Any
) -> None:
    settings.ODATA_PAGE_SIZE = 2
    rows_a = feed_a.all(entity_set.name)
    rows_b = feed_b.all(entity_set.name)
    key = entity_set.key_name
    ids_a, ids_b = {r[key] for r in rows_a}, {r[key] for r in rows_b}
    assert ids_a and ids_b
    assert not ids_a & ids_b
    # B's ids are 404 with A's key, A's own ids are 200.
    for value in sorted(ids_b, key=str)[:3]:
        literal = f"'{value}'" if isinstance(value, str) else str(value)
        assert feed_a.get(f"{entity_set.name}({literal})").status_code == 404
        assert feed_b.get(f"{entity_set.name}({literal})").status_code == 200
    # A filter that names B's ids finds nothing.
    some_b = sorted(ids_b, key=str)[0]
    literal = f"'{some_b}'" if isinstance(some_b, str) else str(some_b)
    assert feed_a.all(entity_set.name, {"$filter": f"{key} eq {literal}"}) == []


def test_initiative_references_of_b_never_show_in_a(feed_a: Feed, data_a: Any, data_b: Any) -> None:
    refs = {r["Reference"] for r in feed_a.all("Initiatives")}
    assert refs and all(ref.startswith("A-") for ref in refs)
    plan = {r["InitiativeReference"] for r in feed_a.all("Plan")}
    assert plan and all(ref.startswith("A-") for ref in plan)
