"""Rights come from the policy table with the token's roles: 403 problem+json otherwise."""

from __future__ import annotations

from typing import Any

import pytest

from koersvast.tenancy.choices import Role

from .test_auth import assert_problem

CREATES = [
    "initiatives",
    "dependencies",
    "alternatives",
    "contributions",
    "impact-scores",
    "advice",
    "decisions",
    "scenarios",
    "progress-reports",
    "risks",
    "benefits",
    "lessons",
    "investments",
    "exploitation-lines",
    "fundings",
    "commitments",
    "motions",
]


@pytest.mark.parametrize("endpoint", CREATES)
def test_reader_cannot_create(reader_api: Any, world: dict[str, Any], endpoint: str) -> None:
    body = assert_problem(reader_api.post_json(f"/api/v1/{endpoint}", {}), 403)
    assert body["type"].endswith("geen-toegang")


@pytest.mark.parametrize(
    ("endpoint", "key"),
    [
        ("initiatives", "initiative"),
        ("progress-reports", "report"),
        ("risks", "risk"),
        ("lessons", "lesson"),
    ],
)
def test_reader_cannot_update(reader_api: Any, world: dict[str, Any], endpoint: str, key: str):
    url = f"/api/v1/{endpoint}/{world[key].pk}"
    assert_problem(reader_api.patch_json(url, {"title": "Anders"}), 403)


def test_reader_cannot_move_or_run(reader_api: Any, world: dict[str, Any]) -> None:
    initiative = world["initiative"]
    url = f"/api/v1/initiatives/{initiative.pk}/transition"
    assert_problem(reader_api.post_json(url, {"target": "afgerond"}), 403)
    assert_problem(reader_api.post_json(f"/api/v1/scenarios/{world['scenario'].pk}/run"), 403)


def test_submitter_sees_only_own_initiatives_and_no_capacity(
    api_for: Any, personas: dict[Role, Any], world: dict[str, Any]
) -> None:
    client = api_for(personas[Role.SUBMITTER])
    assert client.get("/api/v1/initiatives").json()["count"] == 0
    assert_problem(client.get(f"/api/v1/initiatives/{world['initiative'].pk}"), 404)
    assert_problem(client.get("/api/v1/capacity-pools"), 403)
    assert_problem(client.get("/api/v1/risks"), 403)


def test_project_leader_may_not_edit_someone_elses_report(
    api_for: Any, personas: dict[Role, Any], world: dict[str, Any]
) -> None:
    """The role allows reporting, the record rule (contractor only) still applies."""
    client = api_for(personas[Role.PROJECT_LEADER])
    url = f"/api/v1/progress-reports/{world['report'].pk}"
    assert_problem(client.patch_json(url, {"narrative": "Anders"}), 403)


def test_administrator_without_portfolio_rights_is_forbidden(
    api_for: Any, personas: dict[Role, Any], world: dict[str, Any]
) -> None:
    client = api_for(personas[Role.ADMINISTRATOR])
    assert_problem(client.get("/api/v1/initiatives"), 403)


@pytest.mark.parametrize("role", [Role.READER, Role.SUBMITTER])
def test_domains_are_listed_for_readers_and_submitters(
    api_for: Any, personas: dict[Role, Any], world: dict[str, Any], role: Role
) -> None:
    listed = api_for(personas[role]).get("/api/v1/domains").json()
    assert [row["id"] for row in listed["results"]] == [world["domain"].pk]
