"""Tenant isolation on every endpoint: B's objects are never listed and are 404 by id."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import ENDPOINTS
from .test_auth import assert_problem


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_other_municipality_is_invisible(
    pm_api: Any, world: dict[str, Any], other_world: dict[str, Any], endpoint: str
) -> None:
    key = ENDPOINTS[endpoint]
    mine, theirs = world[key], other_world[key]
    listed = pm_api.get(f"/api/v1/{endpoint}?pageSize=100").json()
    ids = {row["id"] for row in listed["results"]}
    assert mine.pk in ids
    assert theirs.pk not in ids
    assert listed["count"] == len(ids)
    assert pm_api.get(f"/api/v1/{endpoint}/{mine.pk}").status_code == 200
    assert_problem(pm_api.get(f"/api/v1/{endpoint}/{theirs.pk}"), 404)


WRITES_ON_OBJECTS = [
    ("patch", "initiatives", "initiative", ""),
    ("post", "initiatives", "initiative", "/transition"),
    ("post", "advice", "advice", "/give"),
    ("post", "scenarios", "scenario", "/run"),
    ("patch", "progress-reports", "report", ""),
    ("post", "progress-reports", "report", "/submit"),
    ("patch", "risks", "risk", ""),
    ("patch", "benefits", "benefit", ""),
    ("patch", "lessons", "lesson", ""),
    ("patch", "investments", "investment", ""),
    ("patch", "exploitation-lines", "exploitation_line", ""),
    ("patch", "fundings", "funding", ""),
]


@pytest.mark.parametrize(("method", "endpoint", "key", "suffix"), WRITES_ON_OBJECTS)
def test_writes_on_other_municipality_are_404(
    pm_api: Any, other_world: dict[str, Any], method: str, endpoint: str, key: str, suffix: str
) -> None:
    url = f"/api/v1/{endpoint}/{other_world[key].pk}{suffix}"
    send = pm_api.patch_json if method == "patch" else pm_api.post_json
    assert_problem(send(url, {"title": "x"}) if method == "patch" else send(url, {}), 404)
