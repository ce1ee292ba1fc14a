"""Finance in the API: investments, exploitatie lines and dekking through the Financiën forms and
services, and the meerjarenraming, checked against the OpenAPI document."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from openapi_schema_validator import OAS30Validator

from koersvast.audit.models import AuditEvent
from koersvast.finance.models import Investment

from .test_auth import assert_problem


@pytest.fixture
def document(db: Any) -> dict[str, Any]:
    return Client().get("/api/v1/openapi.json").json()


def assert_matches(document: dict[str, Any], path: str, method: str, status: str, body: Any):
    """The response body is what the OpenAPI document promises for this operation."""
    content = document["paths"][path][method]["responses"][status]["content"]
    # The components beside the schema, so its `#/components/...` references resolve.
    schema = {**content["application/json"]["schema"], "components": document["components"]}
    OAS30Validator(schema).validate(body)


def test_create_and_update_an_investment(
    pm_api: Any, world: dict[str, Any], document: dict[str, Any]
) -> None:
    payload = {
        "initiative": world["initiative"].pk,
        "description": "Nieuwe servers",
        "amount": "1.00",  # one euro, never a thousand
        "activationYear": 2028,
        "category": world["asset_category"].pk,
        "method": "lineair",
        "utility": "economisch",
    }
    response = pm_api.post_json("/api/v1/investments", payload)
    assert response.status_code == 201, response.content
    created = response.json()
    assert_matches(document, "/investments", "post", "201", created)
    assert created["amount"] == "1.00"
    assert created["effectiveTerm"] == 5
    assert created["residualValue"] == "0.00"
    url = f"/api/v1/investments/{created['id']}"
    # Amounts are JSON strings (exact), as everywhere in the API; a number is refused with the
    # number of decimals in the message.
    body = assert_problem(pm_api.patch_json(url, {"amount": 2_000_000}), 400)
    assert body["errors"]["amount"] == [
        "Geef het getal als tekst, zoals '12.50', met ten hoogste 2 decimalen."
    ]
    response = pm_api.patch_json(url, {"amount": "2000000", "term": 4})
    assert response.status_code == 200, response.content
    assert_matches(document, "/investments/{id}", "patch", "200", response.json())
    investment = Investment.objects.get(pk=created["id"])
    assert (investment.amount, investment.effective_term) == (Decimal(2_000_000), 4)
    assert AuditEvent.objects.filter(object_id=str(investment.pk)).count() >= 2
    # The initiative of an investment is fixed after creation.
    listed = pm_api.get(f"/api/v1/investments?initiative={world['initiative'].pk}")
    assert_matches(document, "/investments", "get", "200", listed.json())
    assert listed.json()["count"] == 2


def test_investment_errors_are_the_forms_in_dutch(pm_api: Any, world: dict[str, Any]) -> None:
    payload = {
        "initiative": world["initiative"].pk,
        "description": "Te hoge restwaarde",
        "amount": "1000",
        "residualValue": "2000",
        "activationYear": 2028,
        "category": world["asset_category"].pk,
    }
    body = assert_problem(pm_api.post_json("/api/v1/investments", payload), 400)
    assert body["errors"]["residualValue"] == [
        "De restwaarde kan niet hoger zijn dan het investeringsbedrag."
    ]


def test_a_category_of_another_municipality_does_not_exist(
    pm_api: Any, world: dict[str, Any], other_world: dict[str, Any]
) -> None:
    payload = {
        "initiative": world["initiative"].pk,
        "description": "x",
        "amount": "10",
        "activationYear": 2028,
        "category": other_world["asset_category"].pk,
    }
    body = assert_problem(pm_api.post_json("/api/v1/investments", payload), 400)
    assert "category" in body["errors"]


def test_dekking_from_a_reserve_must_name_it(
    pm_api: Any, world: dict[str, Any], document: dict[str, Any]
) -> None:
    payload = {
        "initiative": world["initiative"].pk,
        "source": "bestemmingsreserve",
        "year": 2028,
        "nature": "structureel",
        "amount": "25000",
    }
    body = assert_problem(pm_api.post_json("/api/v1/fundings", payload), 400)
    assert "sourceName" in body["errors"]
    response = pm_api.post_json("/api/v1/fundings", {**payload, "sourceName": "Reserve ICT"})
    assert response.status_code == 201, response.content
    assert_matches(document, "/fundings", "post", "201", response.json())


def test_an_exploitation_line(pm_api: Any, world: dict[str, Any], document: dict[str, Any]):
    payload = {
        "initiative": world["initiative"].pk,
        "year": 2029,
        "side": "baten",
        "nature": "incidenteel",
        "amount": "12500.50",
    }
    response = pm_api.post_json("/api/v1/exploitation-lines", payload)
    assert response.status_code == 201, response.content
    assert response.json()["amount"] == "12500.50"
    assert_matches(document, "/exploitation-lines", "post", "201", response.json())


def test_a_reader_reads_but_does_not_write(reader_api: Any, world: dict[str, Any]) -> None:
    assert reader_api.get("/api/v1/investments").status_code == 200
    url = f"/api/v1/investments/{world['investment'].pk}"
    assert_problem(reader_api.patch_json(url, {"amount": "1"}), 403)


def test_the_meerjarenraming(pm_api: Any, world: dict[str, Any], document: dict[str, Any]):
    response = pm_api.get("/api/v1/multi-year-estimate?budgetYear=2028")
    assert response.status_code == 200, response.content
    body = response.json()
    assert_matches(document, "/multi-year-estimate", "get", "200", body)
    assert body["years"] == [2028, 2029, 2030, 2031]
    lines = {line["key"]: line for line in body["lines"]}
    # € 2 mln ICT in 2027, five years at 2 %: 400.000 afschrijving from 2028.
    assert lines["afschrijving"]["values"] == ["400000.00"] * 4
    assert lines["rente"]["values"][0] == "40000.00"
    assert lines["lasten_structureel"]["values"] == ["50000.00"] * 4
    assert lines["dekking_incidenteel"]["values"] == ["100000.00", "0.00", "0.00", "0.00"]
    assert body["uncovered"][0] == "390000.00"


def test_the_meerjarenraming_shows_only_the_own_municipality(
    pm_api: Any, world: dict[str, Any], other_world: dict[str, Any]
) -> None:
    Investment.objects.filter(municipality=world["initiative"].municipality).delete()
    body = pm_api.get("/api/v1/multi-year-estimate?budgetYear=2028").json()
    lines = {line["key"]: line for line in body["lines"]}
    assert lines["afschrijving"]["values"] == ["0.00"] * 4  # B's investment is not counted


def test_the_meerjarenraming_refuses_unknown_parameters_and_needs_rights(
    pm_api: Any, api_for: Any, personas: Any, world: dict[str, Any]
) -> None:
    from koersvast.tenancy.choices import Role

    assert_problem(pm_api.get("/api/v1/multi-year-estimate?jaar=2028"), 400)
    assert_problem(pm_api.get("/api/v1/multi-year-estimate?budgetYear=twintig"), 400)
    assert_problem(api_for(personas[Role.SUBMITTER]).get("/api/v1/multi-year-estimate"), 403)
    assert_problem(Client().get("/api/v1/multi-year-estimate"), 401)


def test_budget_lines_with_their_version(
    pm_api: Any, world: dict[str, Any], document: dict[str, Any]
) -> None:
    version, line = world["budget_version"], world["budget_version_line"]
    listed = pm_api.get(f"/api/v1/budget-version-lines?version={version.pk}")
    assert listed.status_code == 200, listed.content
    assert_matches(document, "/budget-version-lines", "get", "200", listed.json())
    (row,) = listed.json()["results"]
    assert row["id"] == line.pk and row["version"] == version.pk
    assert (row["budgetYear"], row["versionKind"]) == (2027, "primitief")
    assert (row["key"], row["year"], row["amount"]) == ("lasten_structureel", 2027, "50000.00")
    detail = pm_api.get(f"/api/v1/budget-versions/{version.pk}")
    assert_matches(document, "/budget-versions/{id}", "get", "200", detail.json())
    assert detail.json()["decisionReference"] == "RB-2026-114"
    # read only: the raad adopts versions, recorded on the Financiën pages
    assert pm_api.post_json("/api/v1/budget-versions", {}).status_code == 405
