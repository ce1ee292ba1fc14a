"""Token authentication: missing, wrong and revoked keys; one municipality per token; audit."""

from __future__ import annotations

from typing import Any

from koersvast import __version__
from koersvast.api.models import ApiToken
from koersvast.api.tokens import token_revoke
from koersvast.audit.models import AuditEvent
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.choices import Role
from koersvast.tenancy.services import membership_grant
from tests.factories import DomainFactory, InitiativeFactory

from .conftest import ApiClient


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert {"type", "title", "status", "detail", "instance"} <= body.keys()
    assert body["status"] == status
    assert response["API-Version"] == __version__
    return body


def test_no_token_is_401_problem(db: Any) -> None:
    response = ApiClient(None).get("/api/v1/initiatives")
    body = assert_problem(response, 401)
    assert body["instance"] == "/api/v1/initiatives"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_wrong_token_is_401(db: Any) -> None:
    assert_problem(ApiClient("kv_not-a-real-key").get("/api/v1/initiatives"), 401)
    assert_problem(ApiClient("something-else").get("/api/v1/initiatives"), 401)


def test_revoked_token_is_rejected(personas: dict[Role, Any], municipality: Any, token_for: Any):
    user = personas[Role.READER]
    key = token_for(user, municipality)
    client = ApiClient(key)
    assert client.get("/api/v1/initiatives").status_code == 200
    token_revoke(token=ApiToken.objects.get(user=user), by=user)
    assert_problem(client.get("/api/v1/initiatives"), 401)


def test_inactive_user_token_is_rejected(personas: dict[Role, Any], municipality: Any, token_for):
    user = personas[Role.READER]
    client = ApiClient(token_for(user, municipality))
    user.is_active = False
    user.save()
    assert_problem(client.get("/api/v1/initiatives"), 401)


def test_only_a_hash_and_a_prefix_are_stored(personas: dict[Role, Any], municipality, token_for):
    key = token_for(personas[Role.READER], municipality)
    token = ApiToken.objects.get()
    assert key not in (token.key_hash, token.prefix)
    assert key.startswith(token.prefix) and len(token.prefix) < 16
    assert len(token.key_hash) == 64


def test_token_acts_in_its_own_municipality_only(
    personas: dict[Role, Any], municipality: Any, other_municipality: Any, token_for: Any
) -> None:
    """A member of A and B with a token for A sees nothing of B, not even by id."""
    user = personas[Role.PORTFOLIO_MANAGER]
    membership_grant(user=user, municipality=other_municipality, roles=[Role.PORTFOLIO_MANAGER])
    mine = InitiativeFactory(municipality=municipality)
    theirs = InitiativeFactory(municipality=other_municipality)
    client = ApiClient(token_for(user, municipality))
    ids = [row["id"] for row in client.get("/api/v1/initiatives").json()["results"]]
    assert ids == [mine.pk]
    assert_problem(client.get(f"/api/v1/initiatives/{theirs.pk}"), 404)
    # Writing into B by naming B's domain fails as if that domain did not exist.
    response = client.post_json(
        "/api/v1/initiatives",
        {"title": "Via A in B", "domain": DomainFactory(municipality=other_municipality).pk},
    )
    body = assert_problem(response, 400)
    assert "domain" in body["errors"]
    assert not Initiative.objects.filter(title="Via A in B").exists()


def test_last_used_is_recorded(personas: dict[Role, Any], municipality: Any, token_for: Any):
    client = ApiClient(token_for(personas[Role.READER], municipality))
    assert ApiToken.objects.get().last_used is None
    client.get("/api/v1/initiatives")
    assert ApiToken.objects.get().last_used is not None


def test_changes_are_audited_with_the_token_owner(
    personas: dict[Role, Any], municipality: Any, token_for: Any
) -> None:
    user = personas[Role.SUBMITTER]
    client = ApiClient(token_for(user, municipality))
    domain = DomainFactory(municipality=municipality)
    response = client.post_json("/api/v1/initiatives", {"title": "Nieuw", "domain": domain.pk})
    assert response.status_code == 201, response.content
    initiative = Initiative.objects.get(pk=response.json()["id"])
    event = AuditEvent.objects.for_object(initiative).get()
    assert event.actor == user
    assert event.origin == "api"
    assert event.municipality_id == municipality.pk


def test_creating_and_revoking_tokens_is_audited(personas, municipality, token_for) -> None:
    user = personas[Role.READER]
    token_for(user, municipality)
    token = ApiToken.objects.get()
    token_revoke(token=token, by=user)
    events = AuditEvent.objects.for_object(token).order_by("id")
    assert [e.action for e in events] == ["create", "update"]
    assert all("key_hash" not in e.changes for e in events)
