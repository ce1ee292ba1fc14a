"""Paging, filtering, ordering, problem+json for every error, and the API-Version header."""

from __future__ import annotations

import re
from typing import Any

import pytest

from koersvast import __version__
from tests.factories import InitiativeFactory

from .test_auth import assert_problem


def test_pagination_with_count_next_previous(pm_api: Any, municipality: Any) -> None:
    for n in range(5):
        InitiativeFactory(municipality=municipality, reference=f"P-{n}")
    first = pm_api.get("/api/v1/initiatives?pageSize=2").json()
    assert first["count"] == 5
    assert first["previous"] is None
    assert "page=2" in first["next"]
    assert [row["reference"] for row in first["results"]] == ["P-0", "P-1"]
    last = pm_api.get("/api/v1/initiatives?pageSize=2&page=3").json()
    assert last["next"] is None and last["previous"]
    assert [row["reference"] for row in last["results"]] == ["P-4"]
    assert_problem(pm_api.get("/api/v1/initiatives?page=99"), 404)


@pytest.mark.parametrize(
    "query", ["pageSize=100000", "pageSize=0", "pageSize=abc", "page=0", "page=abc", "page=1.5"]
)
def test_invalid_paging_is_a_400(pm_api: Any, municipality: Any, query: str) -> None:
    """Item 16: a pageSize above 100 was silently cut to 25, a malformed page was a 404."""
    InitiativeFactory(municipality=municipality)
    body = assert_problem(pm_api.get(f"/api/v1/initiatives?{query}"), 400)
    assert set(body["errors"]) == {query.split("=")[0]}


def test_paging_links_are_also_in_a_link_header(pm_api: Any, municipality: Any) -> None:
    for n in range(5):
        InitiativeFactory(municipality=municipality, reference=f"L-{n}")
    response = pm_api.get("/api/v1/initiatives?pageSize=2&page=2")
    links = {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response["Link"])}
    assert links["next"] == response.json()["next"]
    assert links["prev"] == response.json()["previous"]
    assert "page=1&" in links["first"] and "page=3&" in links["last"]


def test_filtering(pm_api: Any, municipality: Any) -> None:
    InitiativeFactory(municipality=municipality, state="idee", title="Groen dak")
    InitiativeFactory(municipality=municipality, state="intake", title="Grijs dak")
    by_state = pm_api.get("/api/v1/initiatives?state=intake").json()
    assert [row["title"] for row in by_state["results"]] == ["Grijs dak"]
    by_title = pm_api.get("/api/v1/initiatives?title=groen").json()
    assert [row["title"] for row in by_title["results"]] == ["Groen dak"]
    body = assert_problem(pm_api.get("/api/v1/initiatives?state=bestaat-niet"), 400)
    assert "state" in body["errors"]


def test_ordering(pm_api: Any, municipality: Any) -> None:
    for title in ("b", "c", "a"):
        InitiativeFactory(municipality=municipality, title=title)
    titles = lambda query: [r["title"] for r in pm_api.get(query).json()["results"]]  # noqa: E731
    assert titles("/api/v1/initiatives?ordering=title") == ["a", "b", "c"]
    assert titles("/api/v1/initiatives?ordering=-title") == ["c", "b", "a"]
    assert titles("/api/v1/initiatives?ordering=-updatedAt,title")  # camelCase, several
    # An unknown field is a 400 that names the fields one can sort on (item 16: was ignored).
    body = assert_problem(pm_api.get("/api/v1/initiatives?ordering=password"), 400)
    assert "updatedAt" in body["errors"]["ordering"][0]
    assert_problem(pm_api.get("/api/v1/initiatives?ordering=updated_at"), 400)


def test_unknown_path_and_method_are_problems(pm_api: Any, world: dict[str, Any]) -> None:
    body = assert_problem(pm_api.get("/api/v1/bestaat-niet"), 404)
    assert body["instance"] == "/api/v1/bestaat-niet"
    assert_problem(pm_api.delete(f"/api/v1/initiatives/{world['initiative'].pk}"), 405)
    assert_problem(pm_api.put("/api/v1/objectives/1", {}, content_type="application/json"), 405)


def test_malformed_json_is_400_problem(pm_api: Any, world: dict[str, Any]) -> None:
    response = pm_api.post("/api/v1/risks", "{nope", content_type="application/json")
    assert_problem(response, 400)
    response = pm_api.post("/api/v1/risks", "a=b", content_type="text/plain")
    assert_problem(response, 415)


def test_server_error_is_500_problem(pm_api: Any, world: dict[str, Any], monkeypatch) -> None:
    from koersvast.api.endpoints import portfolio

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(portfolio.InitiativeViewSet, "list", broken)
    body = assert_problem(pm_api.get("/api/v1/initiatives"), 500)
    assert "fire" not in body["detail"]


def test_every_response_has_the_api_version(pm_api: Any, world: dict[str, Any]) -> None:
    for url in ("/api/v1/initiatives", "/api/v1/openapi.json", "/api/v1/docs", "/api/v1/x"):
        assert pm_api.get(url)["API-Version"] == __version__
