"""The OpenAPI document is valid and complete; the docs page works without a CDN."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from drf_spectacular.validation import validate_schema

from koersvast import __version__

from .conftest import ENDPOINTS


@pytest.fixture
def document(db: Any) -> dict[str, Any]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return response.json()


def test_document_validates(document: dict[str, Any]) -> None:
    validate_schema(document)  # raises on an invalid OpenAPI 3 document
    assert document["openapi"].startswith("3.")
    assert document["info"]["version"] == __version__


def test_document_covers_every_endpoint_with_auth_and_problems(document: dict[str, Any]) -> None:
    paths = document["paths"]
    for endpoint in ENDPOINTS:
        assert f"/{endpoint}" in paths
        assert f"/{endpoint}/{{id}}" in paths
    assert document["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"
    listing = paths["/initiatives"]["get"]
    names = {p["name"] for p in listing["parameters"]}
    assert {"page", "pageSize", "ordering", "state", "domain", "workForm"} <= names
    problem = listing["responses"]["401"]["content"]["application/problem+json"]
    assert problem["schema"]["$ref"] == "#/components/schemas/Problem"
    assert "API-Version" in listing["responses"]["200"]["headers"]


def test_docs_page_uses_local_assets(db: Any) -> None:
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    assets = re.findall(r'(?:src|href)="/static/([^"]+)"', html)
    assert any(a.startswith("drf_spectacular_sidecar/swagger-ui-dist/") for a in assets)
    for asset in assets:
        assert finders.find(asset), asset  # shipped with the app, collected by collectstatic
