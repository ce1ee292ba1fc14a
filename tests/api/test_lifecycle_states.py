"""The lifecycle's states, gepauzeerd included, are the same in the app, the OpenAPI document and
the OData feed (decision 0403)."""

from __future__ import annotations

from typing import Any

from django.test import Client

from koersvast.portfolio.choices import LifecycleState


def _enums(node: Any) -> list[list[str]]:
    """Every enum in a JSON document."""
    found = []
    if isinstance(node, dict):
        if isinstance(node.get("enum"), list):
            found.append([v for v in node["enum"] if v not in ("", None)])
        for value in node.values():
            found += _enums(value)
    elif isinstance(node, list):
        for value in node:
            found += _enums(value)
    return found


def test_openapi_lists_every_state_with_paused(db: Any) -> None:
    document = Client().get("/api/v1/openapi.json").json()
    states = set(LifecycleState.values)
    assert "gepauzeerd" in states
    with_states = [enum for enum in _enums(document) if "in_uitvoering" in enum]
    assert with_states, "the state enum is in the document"
    for enum in with_states:
        assert set(enum) == states


def test_paused_initiatives_are_filtered_by_state(
    pm_api: Any, world: dict[str, Any], municipality: Any
) -> None:
    from tests.factories import InitiativeFactory

    paused = InitiativeFactory(municipality=municipality, state="gepauzeerd", title="Stilgezet")
    response = pm_api.get("/api/v1/initiatives", {"state": "gepauzeerd"})
    assert response.status_code == 200
    body = response.json()
    items = body.get("results", body.get("items", body))
    assert [item["id"] for item in items] == [paused.pk]
    assert items[0]["state"] == "gepauzeerd"


def test_the_odata_feed_filters_paused_initiatives(db: Any, municipality: Any) -> None:
    from koersvast.odata.services import key_create
    from tests.factories import InitiativeFactory
    from tests.odata.conftest import Feed, populate

    populate(municipality, prefix="A")
    paused = InitiativeFactory(municipality=municipality, state="gepauzeerd", reference="A-P")
    feed = Feed(key_create(municipality=municipality, name="Power BI").secret)
    rows = feed.all("Initiatives", {"$filter": "State eq 'gepauzeerd'"})
    assert [(row["Reference"], row["State"]) for row in rows] == [(paused.reference, "gepauzeerd")]


def test_a_decision_only_change_to_running_work_is_refused_not_dropped(
    pm_api: Any, world: Any
) -> None:
    """Scope, budget and duration of running work change only by a decision (0403): the API
    says so with the form's reason instead of answering 200 and keeping the old value."""
    initiative = world["initiative"]
    assert initiative.state == "in_uitvoering"
    response = pm_api.patch_json(
        f"/api/v1/initiatives/{initiative.pk}",
        {"intendedResult": "Alles anders", "budgetCapital": "1.00"},
    )
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert errors.keys() == {"intendedResult", "budgetCapital"}
    assert all("besluit" in message for messages in errors.values() for message in messages)
    initiative.refresh_from_db()
    assert initiative.intended_result != "Alles anders"
    unchanged = pm_api.patch_json(
        f"/api/v1/initiatives/{initiative.pk}",
        {"intendedResult": initiative.intended_result, "problem": "Nieuw"},
    )
    assert unchanged.status_code == 200, unchanged.content
