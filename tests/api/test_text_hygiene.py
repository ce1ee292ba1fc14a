"""The API stores no control characters or lone surrogates (api/parsers.py, core/text.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from koersvast.portfolio.models import Initiative

pytestmark = pytest.mark.django_db


def test_api_post_stores_clean_text(pm_api: Any, world: dict[str, Any]) -> None:
    # Written out as JSON text: "\u000b" and "\ud800" are escapes any client may send.
    body = (
        '{"title": "Slim\\u000bparkeren\\u0001\\ud800", '
        '"problem": "Eerste regel\\u000b\\nTweede regel\\ttab", '
        f'"domain": {world["domain"].pk}}}'
    )
    response = pm_api.post("/api/v1/initiatives", body, content_type="application/json")
    assert response.status_code == 201, response.content
    created = Initiative.objects.get(pk=response.json()["id"])
    assert created.title == "Slim parkeren"
    assert created.problem == "Eerste regel \nTweede regel\ttab"
    assert response.json()["title"] == "Slim parkeren"


def test_api_patch_cleans_too(pm_api: Any, world: dict[str, Any]) -> None:
    initiative = world["initiative"]
    response = pm_api.patch(
        f"/api/v1/initiatives/{initiative.pk}",
        json.dumps({"problem": "Minder\u000bzoeken\u001f"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    initiative.refresh_from_db()
    assert initiative.problem == "Minder zoeken"


def test_a_malformed_multipart_body_gets_the_apis_own_answer(pm_api: Any) -> None:
    """The form-cleaning middleware leaves a broken body to the API, which answers in its way."""
    response = pm_api.post(
        "/api/v1/initiatives",
        b"--x\r\n",
        content_type="multipart/form-data",  # no boundary
    )
    assert response.status_code == 415  # the API takes JSON only
    assert response["Content-Type"].startswith("application/problem+json")
