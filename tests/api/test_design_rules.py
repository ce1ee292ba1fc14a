"""The NL API Design Rules (Logius, ADR 2.x) checked on the OpenAPI document the API serves.

Logius publishes these rules as a Spectral ruleset (`adr`). Its text is not vendored here: the
copy we could consult is reference material, not a file we may ship, and the suite must run
without network access. So each rule of that ruleset that can fail on a generated document is
written out below as a test, with the ruleset's rule name; the rules about properties and
runtime behaviour that the brief of issue 19 adds follow at the end. With Spectral and the
ruleset at hand, `test_logius_ruleset` runs the real thing too (docs/api.md, "Conformance").
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from koersvast import __version__

from .test_auth import assert_problem

METHODS = {"get", "put", "post", "delete", "patch"}
PATH_ITEM_KEYS = METHODS | {"parameters", "summary", "description", "servers"}
LOWER_CAMEL = re.compile(r"^\$?[a-z][a-z\d]*([A-Z][a-z\d]*)*$")
UPPER_CAMEL = re.compile(r"^[A-Z][a-zA-Z\d]*$")
KEBAB_PATH = re.compile(
    r"^(/|(/_[a-z0-9]+|/(([a-z0-9\-]+|{[^}]+})(/([a-z0-9\-.]+|{[^}]+}))*)(/_[a-z]+)?)/?)$"
)
DATE_NAME = re.compile(r"((\w+D)|(_[dD]))((ate)|(atum))")
SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$"
)


@pytest.fixture
def document(db: Any) -> dict[str, Any]:
    response = Client().get("/api/v1/openapi.json", HTTP_HOST="koersvast.example.nl")
    assert response.status_code == 200
    return response.json()


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def responses(document: dict[str, Any]) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    for path, method, operation in operations(document):
        for code, response in operation["responses"].items():
            yield path, method, code, response


def components(document: dict[str, Any]) -> dict[str, Any]:
    return document["components"]["schemas"]


def test_openapi3_and_semver(document: dict[str, Any]) -> None:
    """nlgov:openapi3, nlgov:openapi-root-exists, nlgov:semver."""
    assert re.match(r"^3(\.\d+){1,2}$", document["openapi"])
    assert SEMVER.match(document["info"]["version"])
    assert document["info"]["version"] == __version__


def test_contact(document: dict[str, Any]) -> None:
    """info-contact, nlgov:info-contact-fields-exist."""
    assert {"name", "email", "url"} <= document["info"]["contact"].keys()


def test_servers_are_absolute_and_carry_the_major_version(document: dict[str, Any]) -> None:
    """oas3-api-servers, nlgov:include-major-version-in-uri, one absolute server URL."""
    servers = document["servers"]
    assert servers
    assert all(re.search(r"/v\d", server["url"]) for server in servers)
    assert servers[0]["url"] == "http://koersvast.example.nl/api/v1"  # https behind TLS


def test_paths_have_no_trailing_slash_and_are_kebab_case(document: dict[str, Any]) -> None:
    """path-keys-no-trailing-slash, nlgov:paths-no-trailing-slash, nlgov:paths-kebab-case."""
    for path in document["paths"]:
        assert path == "/" or not path.endswith("/"), path
        if path != "/openapi.json":
            assert KEBAB_PATH.match(path), path


def test_only_standard_http_methods(document: dict[str, Any]) -> None:
    """nlgov:http-methods."""
    for path, item in document["paths"].items():
        assert set(item) <= PATH_ITEM_KEYS, (path, set(item) - PATH_ITEM_KEYS)


def test_openapi_json_is_published_with_cors(document: dict[str, Any]) -> None:
    """/core/publish-openapi: GET /openapi.json, with `Access-Control-Allow-Origin`."""
    item = document["paths"]["/openapi.json"]
    assert set(item) == {"get"}
    assert "Access-Control-Allow-Origin" in item["get"]["responses"]["200"]["headers"]
    response = Client().get("/api/v1/openapi.json")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_operation_ids_are_unique(document: dict[str, Any]) -> None:
    """operation-operationId-unique."""
    ids = Counter(operation["operationId"] for _p, _m, operation in operations(document))
    assert [name for name, count in ids.items() if count > 1] == []


def test_query_parameters_are_lower_camel_case(document: dict[str, Any]) -> None:
    """nlgov:query-keys-camel-case (e.g. `pageSize`, `isPlanOfRecord`)."""
    names = {
        parameter["name"]
        for _path, _method, operation in operations(document)
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    }
    assert {"pageSize", "isPlanOfRecord", "workForm", "scoreMin"} <= names
    assert [name for name in names if not LOWER_CAMEL.match(name)] == []


def test_properties_are_lower_camel_case(document: dict[str, Any]) -> None:
    """nlgov:property-casing (for every property, not only `_links`)."""
    bad = [
        f"{name}.{prop}"
        for name, schema in components(document).items()
        for prop in schema.get("properties", {})
        if not LOWER_CAMEL.match(prop)
    ]
    assert bad == []
    assert "isPlanOfRecord" in components(document)["Scenario"]["properties"]


def test_schema_names_are_upper_camel_case(document: dict[str, Any]) -> None:
    """nlgov:schema-camel-case."""
    assert [name for name in components(document) if not UPPER_CAMEL.match(name)] == []


def test_every_success_response_has_the_version_header(document: dict[str, Any]) -> None:
    """nlgov:missing-header, nlgov:missing-version-header."""
    for path, method, code, response in responses(document):
        if code[0] in "23":
            assert "API-Version" in response.get("headers", {}), (path, method, code)


def test_every_error_is_problem_json_with_status_title_detail(document: dict[str, Any]) -> None:
    """nlgov:use-problem-schema, nlgov:problem-schema-members."""
    problem = components(document)["Problem"]
    assert {"status", "title", "detail"} <= set(problem["properties"])
    for path, method, code, response in responses(document):
        if code[0] in "45":
            content = response["content"]
            assert "application/problem+json" in content, (path, method, code)
            ref = content["application/problem+json"]["schema"]["$ref"]
            assert ref == "#/components/schemas/Problem"


def test_a_400_wherever_there_is_input(document: dict[str, Any]) -> None:
    """nlgov:problem-invalid-input: GET/DELETE with parameters, and every POST/PUT/PATCH."""
    for path, method, operation in operations(document):
        if method in ("post", "put", "patch") or operation.get("parameters"):
            assert "400" in operation["responses"], (path, method)


def test_lists_document_the_link_header(document: dict[str, Any]) -> None:
    listing = document["paths"]["/initiatives"]["get"]["responses"]["200"]
    assert "Link" in listing["headers"]


def test_responses_are_objects(document: dict[str, Any]) -> None:
    """nlgov:always-return-objects: no bare arrays or scalars as a body."""
    for path, method, code, response in responses(document):
        for media in response.get("content", {}).values():
            schema = media["schema"]
            if "$ref" in schema:
                schema = components(document)[schema["$ref"].rsplit("/", 1)[1]]
            assert schema.get("type") == "object", (path, method, code)


def test_dates_and_times(document: dict[str, Any]) -> None:
    """nlgov:date-time-ensure-timezone, nlgov:time-without-timezone,
    nlgov:specify-format-for-date-and-time, nlgov:use-date-instead-of-datetime."""
    for name, schema in components(document).items():
        for prop, spec in schema.get("properties", {}).items():
            assert spec.get("format") not in ("date-time-local", "time"), (name, prop)
            if prop in ("date", "datum") or DATE_NAME.search(prop):
                assert spec.get("format") == "date", (name, prop)


def test_decimals_publish_the_pattern_the_server_checks(document: dict[str, Any]) -> None:
    """Item 16: no negative amounts where the server refuses them; no empty string."""
    fte = components(document)["PoolCapacityRequest"]["properties"]["fte"]
    assert not re.match(fte["pattern"], "-1") and not re.match(fte["pattern"], "")
    assert re.match(fte["pattern"], "2.50") and re.match(fte["pattern"], "10000")
    assert not re.match(fte["pattern"], "10000.01")


# Runtime behaviour that the document promises.


def test_old_paths_with_a_slash_redirect_308_keeping_the_query(pm_api: Any, world: Any) -> None:
    """The 0.1 paths answer until the next minor release (docs/api.md, "Deprecated")."""
    response = pm_api.get("/api/v1/initiatives/?pageSize=5&page=1")
    assert response.status_code == 308
    assert response["Location"] == "/api/v1/initiatives?pageSize=5&page=1"
    initiative = world["initiative"].pk
    post = pm_api.post_json(f"/api/v1/initiatives/{initiative}/transition/", {"target": "x"})
    assert (post.status_code, post["Location"]) == (
        308,
        f"/api/v1/initiatives/{initiative}/transition",
    )
    followed = pm_api.get("/api/v1/initiatives/", follow=True)
    assert followed.status_code == 200 and followed.json()["count"] == 1
    assert_problem(pm_api.get("/api/v1/bestaat-niet/"), 404)


def test_deprecated_snake_case_names_still_work(pm_api: Any, world: Any) -> None:
    assert len(pm_api.get("/api/v1/initiatives?page_size=1").json()["results"]) == 1
    scenario = world["scenario"]
    listed = pm_api.get("/api/v1/scenarios?is_plan_of_record=false").json()
    assert [row["id"] for row in listed["results"]] == [scenario.pk]
    changed = pm_api.patch_json(
        f"/api/v1/initiatives/{world['initiative'].pk}", {"work_form": "programma"}
    )
    assert changed.json()["workForm"] == "programma"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_to_unknown_paths_are_404_problems_not_csrf_pages(
    pm_api: Any, world: Any, method: str
) -> None:
    """Item 14: a write to a path without a route got Django's HTML 403 (CSRF)."""
    client = Client(enforce_csrf_checks=True, headers={"Authorization": pm_api.authorization})
    response = getattr(client, method)(
        "/api/v1/bestaat-niet", "{}", content_type="application/json"
    )
    assert_problem(response, 404)
    unauthenticated = Client(enforce_csrf_checks=True)
    response = getattr(unauthenticated, method)("/api/v1/a/b/c", "{}", "application/json")
    assert_problem(response, 404)


@pytest.mark.skipif(
    not (os.environ.get("KOERSVAST_SPECTRAL") and os.environ.get("KOERSVAST_ADR_RULESET")),
    reason="set KOERSVAST_SPECTRAL (spectral binary) and KOERSVAST_ADR_RULESET (Logius' ruleset)",
)
def test_logius_ruleset(db: Any, tmp_path: Path) -> None:
    """Logius' own Spectral ruleset finds no error in the document (as served over https)."""
    response = Client().get("/api/v1/openapi.json", HTTP_HOST="koersvast.example.nl", secure=True)
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(response.json()))
    lint = subprocess.run(  # noqa: S603 - our own binary and files
        [
            os.environ["KOERSVAST_SPECTRAL"],
            "lint",
            "--fail-severity=error",
            "-r",
            os.environ["KOERSVAST_ADR_RULESET"],
            str(document),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
