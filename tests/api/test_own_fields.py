"""Own intake fields in the API: `customValues` on an initiative, checked like the form."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from koersvast.portfolio.models import CustomField, Initiative
from koersvast.tenancy.choices import Role
from tests.factories import DomainFactory, InitiativeFactory

from .test_auth import assert_problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_fields(municipality: Any) -> list[CustomField]:
    return [
        CustomField.objects.create(
            municipality=municipality,
            code="wijk",
            name="Wijk",
            kind="keuze",
            options=["Noord", "Zuid"],
            required=True,
        ),
        CustomField.objects.create(
            municipality=municipality, code="inwoners", name="Inwoners", kind="getal"
        ),
        CustomField.objects.create(
            municipality=municipality, code="privacy", name="Privacy", kind="janee"
        ),
    ]


def test_submitter_sends_and_reads_own_values(
    api_for: Any, personas: dict[Role, Any], municipality: Any, own_fields: Any
) -> None:
    client = api_for(personas[Role.SUBMITTER])
    domain = DomainFactory(municipality=municipality)
    body = assert_problem(
        client.post_json("/api/v1/initiatives", {"title": "Speeltuin", "domain": domain.pk}), 400
    )
    assert body["errors"]["customValues"] == ["wijk: Dit veld is vereist."]

    response = client.post_json(
        "/api/v1/initiatives",
        {
            "title": "Speeltuin",
            "domain": domain.pk,
            "customValues": {"wijk": "Zuid", "inwoners": "1250", "privacy": True},
        },
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["customValues"] == {"wijk": "Zuid", "inwoners": "1250", "privacy": True}
    initiative = Initiative.objects.get(pk=created["id"])
    assert initiative.custom_values["inwoners"] == "1250"

    # A change of one value keeps the others; null clears one.
    url = f"/api/v1/initiatives/{created['id']}"
    response = client.patch_json(url, {"customValues": {"inwoners": "1300.5", "privacy": None}})
    assert response.status_code == 200, response.content
    assert response.json()["customValues"] == {"wijk": "Zuid", "inwoners": "1300.5"}


def test_unknown_codes_and_wrong_values_are_400(
    pm_api: Any, world: dict[str, Any], own_fields: Any
) -> None:
    url = f"/api/v1/initiatives/{world['initiative'].pk}"
    body = assert_problem(pm_api.patch_json(url, {"customValues": {"kleur": "rood"}}), 400)
    assert body["errors"]["customValues"] == ["Onbekend eigen veld: kleur."]
    body = assert_problem(
        pm_api.patch_json(url, {"customValues": {"wijk": "Oost", "inwoners": "veel"}}), 400
    )
    messages = body["errors"]["customValues"]
    assert any(m.startswith("wijk: ") for m in messages)
    assert "inwoners: Voer een getal in." in messages
    # Strict JSON types: a number or an object is not a value.
    for wrong in ({"inwoners": 12}, {"wijk": {"a": 1}}, ["wijk"]):
        assert_problem(pm_api.patch_json(url, {"customValues": wrong}), 400)


def test_another_municipality_never_sees_the_values(
    api_for: Any, outsider: Any, other_municipality: Any, municipality: Any, own_fields: Any
) -> None:
    initiative = InitiativeFactory(municipality=municipality, custom_values={"wijk": "Noord"})
    client = api_for(outsider, other_municipality)
    response = client.get(f"/api/v1/initiatives/{initiative.pk}")
    assert response.status_code == 404
    response = client.patch_json(
        f"/api/v1/initiatives/{initiative.pk}", {"customValues": {"wijk": "Zuid"}}
    )
    assert response.status_code == 404


def test_the_document_describes_custom_values(db: Any) -> None:
    document = Client().get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]
    prop = schemas["Initiative"]["properties"]["customValues"]
    assert prop["type"] == "object"
    assert prop["additionalProperties"]["nullable"] is True
    assert "customValues" in schemas["InitiativeRequest"]["properties"]


def test_intake_fields_are_for_the_portfolio_manager(
    api_for: Any, personas: dict[Role, Any], municipality: Any, own_fields: Any
) -> None:
    CustomField.objects.create(
        municipality=municipality,
        code="zaaknummer",
        name="Zaaknummer",
        kind="tekst",
        stage="intake",
    )
    domain = DomainFactory(municipality=municipality)
    payload = {
        "title": "Speeltuin",
        "domain": domain.pk,
        "customValues": {"wijk": "Zuid", "zaaknummer": "Z-1"},
    }
    body = assert_problem(
        api_for(personas[Role.SUBMITTER]).post_json("/api/v1/initiatives", payload), 400
    )
    assert "tijdens de intake" in body["errors"]["customValues"][0]
    response = api_for(personas[Role.PORTFOLIO_MANAGER]).post_json("/api/v1/initiatives", payload)
    assert response.status_code == 201, response.content
    assert response.json()["customValues"] == {"wijk": "Zuid", "zaaknummer": "Z-1"}
