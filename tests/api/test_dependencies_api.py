"""The dependencies and alternatives resources: the services' checks, the OpenAPI schema."""

from __future__ import annotations

from typing import Any

import pytest

from koersvast.portfolio.models import Alternative, AlternativeGroup, Dependency
from tests.factories import InitiativeFactory

from .test_auth import assert_problem


def _links(municipality: Any) -> dict[str, Any]:
    """A dependency and an alternative of a municipality (kept out of `populate`, whose
    one-initiative world other tests count on)."""
    a = InitiativeFactory(municipality=municipality)
    b = InitiativeFactory(municipality=municipality, domain=a.domain)
    group = AlternativeGroup.objects.create(municipality=municipality, name="Varianten")
    return {
        "dependencies": Dependency.objects.create(
            municipality=municipality, predecessor=a, successor=b
        ),
        "alternatives": Alternative.objects.create(
            municipality=municipality, group=group, initiative=b
        ),
    }


@pytest.mark.parametrize("endpoint", ["dependencies", "alternatives"])
def test_other_municipality_is_invisible_and_404(
    pm_api: Any, municipality: Any, other_municipality: Any, endpoint: str
) -> None:
    mine, theirs = _links(municipality)[endpoint], _links(other_municipality)[endpoint]
    listed = pm_api.get(f"/api/v1/{endpoint}?pageSize=100").json()
    assert [row["id"] for row in listed["results"]] == [mine.pk]
    assert pm_api.get(f"/api/v1/{endpoint}/{mine.pk}").status_code == 200
    assert_problem(pm_api.get(f"/api/v1/{endpoint}/{theirs.pk}"), 404)
    assert_problem(pm_api.delete(f"/api/v1/{endpoint}/{theirs.pk}"), 404)
    assert type(theirs).objects.filter(pk=theirs.pk).exists()


def test_dependency_created_read_and_deleted(pm_api: Any, world: dict[str, Any], municipality):
    a = InitiativeFactory(municipality=municipality, reference="KV-014")
    b = InitiativeFactory(municipality=municipality, reference="KV-019")
    response = pm_api.post_json(
        "/api/v1/dependencies",
        {"predecessor": a.pk, "successor": b.pk, "kind": "einde_start", "lagQuarters": 2},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["predecessor"], body["successor"], body["lagQuarters"]) == (a.pk, b.pk, 2)
    listed = pm_api.get(f"/api/v1/dependencies?successor={b.pk}").json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]
    cycle = pm_api.post_json("/api/v1/dependencies", {"predecessor": b.pk, "successor": a.pk})
    assert_problem(cycle, 400)
    assert "bestaat al" in str(cycle.json()["errors"])
    assert pm_api.delete(f"/api/v1/dependencies/{body['id']}").status_code == 204
    assert not Dependency.objects.filter(pk=body["id"]).exists()


def test_a_cycle_names_the_initiatives(pm_api: Any, world: dict[str, Any], municipality):
    a, b, c = (InitiativeFactory(municipality=municipality, reference=f"KV-{n}") for n in "ABC")
    for before, after in ((a, b), (b, c)):
        pm_api.post_json("/api/v1/dependencies", {"predecessor": before.pk, "successor": after.pk})
    refused = pm_api.post_json("/api/v1/dependencies", {"predecessor": c.pk, "successor": a.pk})
    assert_problem(refused, 400)
    assert "KV-A → KV-B → KV-C → KV-A" in str(refused.json()["errors"])


def test_alternatives_by_group_name(pm_api: Any, world: dict[str, Any], municipality):
    a = InitiativeFactory(municipality=municipality)
    made = pm_api.post_json("/api/v1/alternatives", {"initiative": a.pk, "group": "Varianten"})
    assert made.status_code == 201, made.json()
    assert made.json()["group"] == "Varianten"
    assert Alternative.objects.filter(group__name="Varianten").count() == 1


def test_another_municipalitys_initiative_does_not_exist(
    pm_api: Any, world: dict[str, Any], other_world: dict[str, Any]
):
    response = pm_api.post_json(
        "/api/v1/dependencies",
        {"predecessor": other_world["initiative"].pk, "successor": world["initiative"].pk},
    )
    assert_problem(response, 400)
    assert "predecessor" in response.json()["errors"]


def test_readers_may_not_write(reader_api: Any, municipality: Any):
    dependency = _links(municipality)["dependencies"]
    assert reader_api.get(f"/api/v1/dependencies/{dependency.pk}").status_code == 200
    assert_problem(reader_api.delete(f"/api/v1/dependencies/{dependency.pk}"), 403)


def test_the_schema_describes_both_resources(pm_api: Any, db: Any):
    document = pm_api.get("/api/v1/openapi.json").json()
    for endpoint in ("dependencies", "alternatives"):
        assert f"/{endpoint}" in document["paths"]
        assert f"/{endpoint}/{{id}}" in document["paths"]
        listing = document["paths"][f"/{endpoint}"]["get"]
        problem = listing["responses"]["401"]["content"]["application/problem+json"]
        assert problem["schema"]["$ref"] == "#/components/schemas/Problem"
        assert "delete" in document["paths"][f"/{endpoint}/{{id}}"]
    properties = document["components"]["schemas"]["Dependency"]["properties"]
    assert {"predecessor", "successor", "kind", "lagQuarters", "note"} <= set(properties)
