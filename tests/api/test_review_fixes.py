"""Regressions of the independent review (issue 19): each test failed before its fix."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from koersvast.intake.models import Contribution
from tests.factories import LeverFactory, ObjectiveFactory

from .test_auth import assert_problem


def test_a_contribution_to_a_parent_objective_is_a_400(pm_api: Any, world: dict[str, Any]) -> None:
    """Item 15: the weighing engine scores leaves only; this was a 500 (and half-written)."""
    parent = world["objective"]
    ObjectiveFactory(municipality=parent.municipality, framework=parent.framework, parent=parent)
    before = Contribution.objects.count()
    body = assert_problem(
        pm_api.post_json(
            "/api/v1/contributions",
            {"initiative": world["initiative"].pk, "objective": parent.pk, "score": 1},
        ),
        400,
    )
    assert "subdoelstelling" in body["errors"]["objective"][0]
    assert Contribution.objects.count() == before


def test_a_budget_lever_shows_its_kind_and_amount(pm_api: Any, world: dict[str, Any]) -> None:
    """Item 28: the lever serializer left out `budget_kind` and `amount`."""
    scenario = world["scenario"]
    LeverFactory(
        scenario=scenario,
        kind="budget",
        headroom_pct=None,
        budget_kind="krediet",
        amount=Decimal(250_000),
        year=2027,
    )
    (lever,) = pm_api.get(f"/api/v1/scenarios/{scenario.pk}").json()["levers"]
    assert (lever["budgetKind"], lever["amount"]) == ("krediet", "250000")


@pytest.mark.parametrize(
    "query",
    [
        "startYear=0.5",  # was accepted (a decimal filter on a whole-number field)
        "startYear=",
        "startYear=99999999999999999999",
        "isStatutory=maybe",  # was ignored (any value not true/false meant "no filter")
        "domain=abc",
        "state=",
    ],
)
def test_invalid_filters_are_a_400(pm_api: Any, world: dict[str, Any], query: str) -> None:
    body = assert_problem(pm_api.get(f"/api/v1/initiatives?{query}"), 400)
    assert set(body["errors"]) == {query.split("=")[0]}


def test_a_reference_filter_does_not_tell_whether_another_municipalitys_object_exists(
    pm_api: Any, world: dict[str, Any], other_world: dict[str, Any]
) -> None:
    theirs = other_world["initiative"].pk
    missing = theirs + 10_000
    for pk in (theirs, missing):
        response = pm_api.get(f"/api/v1/risks?initiative={pk}")
        assert (response.status_code, response.json()["count"]) == (200, 0)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", 12),  # a number is not text (DRF made it "12")
        ("startYear", "2027"),  # text is not a number
        ("startYear", 2027.5),
        ("isStatutory", "yes"),
        ("domain", "1"),
        ("budgetCapital", 1000),  # a decimal is a string with the published pattern
        ("budgetCapital", "-5"),
        ("budgetCapital", "1e3"),
        ("workForm", 1),
    ],
)
def test_values_of_the_wrong_json_type_are_a_400(
    pm_api: Any, world: dict[str, Any], field: str, value: Any
) -> None:
    url = f"/api/v1/initiatives/{world['initiative'].pk}"
    body = assert_problem(pm_api.patch_json(url, {field: value}), 400)
    assert field in body["errors"]


def test_a_put_needs_every_required_field(pm_api: Any, world: dict[str, Any]) -> None:
    """A PUT replaces the object: without a required field it is a 400 (the document says so)."""
    risk = world["risk"]
    body = assert_problem(pm_api.put(f"/api/v1/risks/{risk.pk}", {}, "application/json"), 400)
    assert "title" in body["errors"]
    # The identity of a quarter is fixed: a PUT without it succeeded while the document
    # required it; now the document describes the update body as the server reads it.
    document = pm_api.get("/api/v1/openapi.json").json()
    body = document["paths"]["/pool-capacities/{id}"]["put"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert document["components"]["schemas"][ref]["required"] == ["fte"]
    quarter = world["pool_capacity"]
    response = pm_api.put(
        f"/api/v1/pool-capacities/{quarter.pk}", {"fte": "3.00"}, "application/json"
    )
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("raw", ["abc", "-1", "99999999999999999999", "1.0", "0"])
def test_an_id_that_is_no_id_is_a_404(pm_api: Any, world: dict[str, Any], raw: str) -> None:
    """No object has such an id: 404 before any query (an id past 64 bits overflows SQLite)."""
    assert_problem(pm_api.get(f"/api/v1/initiatives/{raw}"), 404)
    assert_problem(pm_api.patch_json(f"/api/v1/risks/{raw}", {"title": "x"}), 404)


def test_unknown_query_parameters_are_a_400(pm_api: Any, world: dict[str, Any]) -> None:
    """The document lists every parameter; one it does not list is not silently ignored."""
    body = assert_problem(pm_api.get("/api/v1/initiatives?stat=intake"), 400)
    assert list(body["errors"]) == ["stat"]
    assert_problem(pm_api.get(f"/api/v1/initiatives/{world['initiative'].pk}?pageSize=2"), 400)


def test_a_portfolio_risk_needs_no_initiative(pm_api: Any, world: dict[str, Any]) -> None:
    """Found by the fuzzer: DRF demanded `initiative` (the document says optional)."""
    response = pm_api.post_json("/api/v1/risks", {"title": "Te weinig juristen"})
    assert response.status_code == 201, response.content
    assert response.json()["initiative"] is None
