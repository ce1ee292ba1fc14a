"""The bestuurlijke agenda in the API: toezeggingen (`commitments`), moties and amendementen
(`motions`) through the register's own form and service, and the college and raad moments
(`council-moments`, read only), each checked against the OpenAPI document."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from koersvast.audit.models import AuditEvent
from koersvast.council.models import CouncilItem
from koersvast.tenancy.choices import Role

from .test_auth import assert_problem
from .test_finance_api import assert_matches


@pytest.fixture
def document(db: Any) -> dict[str, Any]:
    return Client().get("/api/v1/openapi.json").json()


def _payload(world: dict[str, Any], owner: Any, **changes: Any) -> dict[str, Any]:
    return {
        "title": "Raad informeren",
        "summary": "Per brief.",
        "datedOn": "2026-10-01",
        "dueOn": "2026-11-01",
        "owner": owner.pk,
        "initiatives": [world["initiative"].pk],
        **changes,
    }


def test_create_update_and_read_a_commitment(
    pm_api: Any, world: dict[str, Any], personas: Any, document: dict[str, Any]
) -> None:
    owner = personas[Role.OFFICIAL_SPONSOR]
    response = pm_api.post_json("/api/v1/commitments", _payload(world, owner))
    assert response.status_code == 201, response.content
    created = response.json()
    assert_matches(document, "/commitments", "post", "201", created)
    assert created["status"] == "open" and created["isOverdue"] is True
    assert created["initiatives"] == [world["initiative"].pk]
    item = CouncilItem.objects.get(pk=created["id"])
    assert item.kind == "toezegging" and item.owner == owner
    url = f"/api/v1/commitments/{created['id']}"
    # Done needs a resolution: the register's form says so.
    body = assert_problem(pm_api.patch_json(url, {"status": "afgedaan"}), 400)
    assert "resolution" in body["errors"]
    response = pm_api.patch_json(url, {"status": "afgedaan", "resolution": "Brief verstuurd."})
    assert response.status_code == 200, response.content
    assert_matches(document, "/commitments/{id}", "patch", "200", response.json())
    assert response.json()["isOverdue"] is False
    assert AuditEvent.objects.filter(object_id=str(item.pk), content_type__model="councilitem")
    listing = pm_api.get("/api/v1/commitments", {"status": "afgedaan"})
    assert listing.status_code == 200
    assert_matches(document, "/commitments", "get", "200", listing.json())
    assert [r["id"] for r in listing.json()["results"]] == [item.pk]
    # A commitment is no motion.
    assert pm_api.get(f"/api/v1/motions/{item.pk}").status_code == 404


def test_a_motion_needs_its_number(
    pm_api: Any, world: dict[str, Any], personas: Any, document: dict[str, Any]
) -> None:
    owner = personas[Role.PORTFOLIO_MANAGER]
    body = assert_problem(
        pm_api.post_json("/api/v1/motions", _payload(world, owner, kind="motie")), 400
    )
    assert "number" in body["errors"]
    response = pm_api.post_json(
        "/api/v1/motions", _payload(world, owner, kind="amendement", number="A2026-03")
    )
    assert response.status_code == 201, response.content
    assert_matches(document, "/motions", "post", "201", response.json())
    listing = pm_api.get("/api/v1/motions", {"kind": "amendement"}).json()
    assert [r["number"] for r in listing["results"]] == ["A2026-03"]


def test_a_commitment_links_only_initiatives_and_owners_of_the_municipality(
    pm_api: Any, world: dict[str, Any], other_world: dict[str, Any], outsider: Any, personas: Any
) -> None:
    owner = personas[Role.PORTFOLIO_MANAGER]
    payload = _payload(world, owner, initiatives=[other_world["initiative"].pk])
    assert_problem(pm_api.post_json("/api/v1/commitments", payload), 400)
    assert_problem(pm_api.post_json("/api/v1/commitments", _payload(world, outsider)), 400)
    assert_problem(
        pm_api.post_json("/api/v1/commitments", _payload(world, owner, initiatives=[])), 400
    )


def test_readers_read_and_may_not_write(
    reader_api: Any, api_for: Any, world: dict[str, Any], personas: Any
) -> None:
    assert reader_api.get("/api/v1/commitments").status_code == 200
    assert reader_api.get("/api/v1/council-moments").status_code == 200
    payload = _payload(world, personas[Role.READER])
    assert_problem(reader_api.post_json("/api/v1/commitments", payload), 403)
    sponsor = api_for(personas[Role.OFFICIAL_SPONSOR])
    assert sponsor.post_json("/api/v1/commitments", payload).status_code == 201


def test_council_moments_are_read_only(
    pm_api: Any, world: dict[str, Any], document: dict[str, Any]
) -> None:
    moment = world["council_moment"]
    response = pm_api.get("/api/v1/council-moments", {"initiative": moment.initiative_id})
    assert response.status_code == 200
    assert_matches(document, "/council-moments", "get", "200", response.json())
    (row,) = response.json()["results"]
    assert row["kind"] == "bw_besluit" and row["body"] == moment.body_id
    assert pm_api.post_json("/api/v1/council-moments", {}).status_code == 405
