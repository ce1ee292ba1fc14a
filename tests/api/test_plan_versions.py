"""The plan of record as REST resources: plan versions with their items and decision, the
current plan, plan items, and a run's selected starts (checked against the OpenAPI document)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from jsonschema import Draft202012Validator

from koersvast.planning.models import PlanItem, PlanVersion, ScenarioDecision
from koersvast.tenancy.choices import Role
from tests.factories import InitiativeFactory, ScenarioRunFactory

from .test_auth import assert_problem


@pytest.fixture
def document(db: Any) -> dict[str, Any]:
    return Client().get("/api/v1/openapi.json").json()


def _json_schema(node: Any) -> Any:
    """OpenAPI 3.0's `nullable` as JSON Schema says it (a null next to the type)."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        if "enum" in node:
            node["enum"] = [*node["enum"], None]
        if "type" in node:
            node["type"] = [node["type"], "null"]
        else:
            node = {"anyOf": [node, {"type": "null"}]}
    return node


def _validator(document: dict[str, Any], path: str) -> Draft202012Validator:
    """A validator of the 200 response the document describes for GET `path`."""
    schema = document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ]
    return Draft202012Validator(_json_schema({**schema, "components": document["components"]}))


def _matches(document: dict[str, Any], path: str, body: Any) -> None:
    errors = sorted(_validator(document, path).iter_errors(body), key=str)
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def _second_version(world: dict[str, Any], municipality: Any) -> PlanVersion:
    decision = ScenarioDecision.objects.create(
        municipality=municipality,
        scenario=world["scenario"],
        run=world["run"],
        body=world["body"],
        rationale="Voorjaarsnota",
    )
    version = PlanVersion.objects.create(
        municipality=municipality,
        year=2027,
        number=2,
        scenario=world["scenario"],
        run=world["run"],
        decision=decision,
        adopted_at=timezone.now(),
    )
    left_out = InitiativeFactory(municipality=municipality, state="opgenomen")
    PlanItem.objects.create(
        municipality=municipality,
        version=version,
        initiative=left_out,
        reason="past niet: Juristen 2028-Q3 tekort 28 uur",
    )
    return version


def test_plan_versions_list_and_detail_match_the_document(
    pm_api: Any, world: dict[str, Any], municipality: Any, document: dict[str, Any]
) -> None:
    first = world["plan_version"]
    second = _second_version(world, municipality)
    listing = pm_api.get("/api/v1/plan-versions").json()
    _matches(document, "/plan-versions", listing)
    rows = {row["id"]: row for row in listing["results"]}
    assert [row["id"] for row in listing["results"]] == [second.pk, first.pk]  # newest first
    assert rows[first.pk]["label"] == "Plan 2027-1" and rows[first.pk]["isBaseline"] is True
    assert (rows[second.pk]["isCurrent"], rows[first.pk]["isCurrent"]) == (True, False)
    assert (rows[first.pk]["planned"], rows[first.pk]["leftOut"]) == (1, 0)
    assert (rows[second.pk]["planned"], rows[second.pk]["leftOut"]) == (0, 1)
    assert rows[first.pk]["decision"]["rationale"] == "Begroting"
    assert rows[first.pk]["decision"]["bodyName"] == world["body"].name
    assert "items" not in rows[first.pk]

    detail = pm_api.get(f"/api/v1/plan-versions/{first.pk}").json()
    _matches(document, "/plan-versions/{id}", detail)
    (item,) = detail["items"]
    assert item["initiative"] == world["initiative"].pk
    assert (item["startPeriod"], item["endPeriod"], item["inPlan"], item["running"]) == (
        "2027-Q3",
        "2028-Q2",
        True,
        True,
    )
    assert item["reference"] == world["initiative"].reference


def test_the_current_plan_is_the_newest_version(
    pm_api: Any, world: dict[str, Any], municipality: Any, document: dict[str, Any]
) -> None:
    second = _second_version(world, municipality)
    current = pm_api.get("/api/v1/plan-versions/current")
    assert current.status_code == 200
    _matches(document, "/plan-versions/current", current.json())
    body = current.json()
    assert body["id"] == second.pk and body["label"] == "Plan 2027-2" and body["isCurrent"]
    assert body["items"][0]["inPlan"] is False and body["items"][0]["reason"].startswith("past")


def test_without_a_plan_the_current_plan_is_a_404_problem(
    api_for: Any, personas: dict[Role, Any], other_municipality: Any
) -> None:
    from koersvast.tenancy.services import membership_grant

    user = personas[Role.READER]
    membership_grant(user=user, municipality=other_municipality, roles=[Role.READER])
    api = api_for(user, other_municipality)
    assert_problem(api.get("/api/v1/plan-versions/current"), 404)


def test_plan_items_filter_by_version_and_initiative(
    pm_api: Any, world: dict[str, Any], municipality: Any, document: dict[str, Any]
) -> None:
    second = _second_version(world, municipality)
    listing = pm_api.get(f"/api/v1/plan-items?version={second.pk}").json()
    _matches(document, "/plan-items", listing)
    assert [row["version"] for row in listing["results"]] == [second.pk]
    mine = pm_api.get(f"/api/v1/plan-items?initiative={world['initiative'].pk}").json()
    assert [row["id"] for row in mine["results"]] == [world["plan_item"].pk]


def test_plan_resources_are_read_only(pm_api: Any, world: dict[str, Any]) -> None:
    version = world["plan_version"]
    assert_problem(pm_api.post_json("/api/v1/plan-versions", {"year": 2027}), 405)
    assert_problem(pm_api.patch_json(f"/api/v1/plan-versions/{version.pk}", {"year": 1}), 405)
    assert_problem(pm_api.delete(f"/api/v1/plan-items/{world['plan_item'].pk}"), 405)


def test_readers_see_the_plan_submitters_do_not(
    reader_api: Any, api_for: Any, personas: dict[Role, Any], world: dict[str, Any]
) -> None:
    assert reader_api.get("/api/v1/plan-versions").status_code == 200
    submitter = api_for(personas[Role.SUBMITTER])
    assert_problem(submitter.get("/api/v1/plan-versions"), 403)
    assert_problem(submitter.get("/api/v1/plan-items"), 403)


def test_the_query_count_does_not_grow_with_versions_or_items(
    pm_api: Any,
    world: dict[str, Any],
    municipality: Any,
    django_assert_max_num_queries: Any,
) -> None:
    version = world["plan_version"]
    for _index in range(5):
        PlanItem.objects.create(
            municipality=municipality,
            version=version,
            initiative=InitiativeFactory(municipality=municipality),
            reason="past niet",
        )
    _second_version(world, municipality)
    with django_assert_max_num_queries(10):
        assert pm_api.get("/api/v1/plan-versions").status_code == 200
    with django_assert_max_num_queries(10):
        assert pm_api.get(f"/api/v1/plan-versions/{version.pk}").status_code == 200


def test_a_run_names_its_selected_starts(
    pm_api: Any, world: dict[str, Any], document: dict[str, Any]
) -> None:
    initiative = world["initiative"]
    run = ScenarioRunFactory(
        scenario=world["scenario"],
        status="done",
        problem={
            "periods": ["2027-Q1", "2027-Q2", "2027-Q3"],
            "pools": [],
            "initiatives": [
                {"id": initiative.reference, "x-pk": initiative.pk, "duration": 2},
                {"id": "GONE", "duration": 1},
            ],
        },
        solution={
            "status": "optimal",
            "selected": [{"id": initiative.reference, "start": 1}, {"id": "GONE", "start": 0}],
        },
    )
    detail = pm_api.get(f"/api/v1/scenario-runs/{run.pk}").json()
    _matches(document, "/scenario-runs/{id}", detail)
    assert detail["selectedStarts"] == [
        {
            "initiative": initiative.pk,
            "reference": initiative.reference,
            "start": "2027-Q2",
            "end": "2027-Q3",
        },
        {"initiative": None, "reference": "GONE", "start": "2027-Q1", "end": "2027-Q1"},
    ]
    assert "selectedStarts" not in pm_api.get("/api/v1/scenario-runs").json()["results"][0]
