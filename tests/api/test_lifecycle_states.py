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
