"""Initiatives in the API carry the plan of record: plannedStart, plannedEnd, planVersion."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from koersvast.planning.models import PlanItem, PlanVersion, ScenarioDecision
from koersvast.tenancy.choices import Role
from tests.factories import InitiativeFactory


def _adopted(world: dict[str, Any], municipality: Any, by: Any) -> PlanVersion:
    decision = ScenarioDecision.objects.create(
        municipality=municipality,
        scenario=world["scenario"],
        run=world["run"],
        body=world["body"],
        rationale="Begroting",
        decided_by=by,
    )
    version = PlanVersion.objects.create(
        municipality=municipality,
        year=2027,
        number=2,
        scenario=world["scenario"],
        run=world["run"],
        decision=decision,
        adopted_at=timezone.now(),
        adopted_by=by,
    )
    PlanItem.objects.create(
        municipality=municipality,
        version=version,
        initiative=world["initiative"],
        start_year=2027,
        start_quarter=3,
        end_year=2028,
        end_quarter=2,
        start_period="2027-Q3",
        end_period="2028-Q2",
    )
    return version


def test_initiatives_name_their_planned_periods_and_version(
    pm_api: Any,
    world: dict[str, Any],
    municipality: Any,
    personas: dict[Role, Any],
    django_assert_max_num_queries: Any,
) -> None:
    left_out = InitiativeFactory(municipality=municipality, state="opgenomen")
    version = _adopted(world, municipality, personas[Role.PORTFOLIO_MANAGER])
    PlanItem.objects.create(
        municipality=municipality, version=version, initiative=left_out, reason="past niet"
    )
    listing = pm_api.get("/api/v1/initiatives").json()
    rows = {row["id"]: row for row in listing["results"]}
    planned = rows[world["initiative"].pk]
    assert (planned["plannedStart"], planned["plannedEnd"], planned["planVersion"]) == (
        "2027-Q3",
        "2028-Q2",
        "Plan 2027-2",
    )
    assert (rows[left_out.pk]["plannedStart"], rows[left_out.pk]["planVersion"]) == (None, None)
    detail = pm_api.get(f"/api/v1/initiatives/{world['initiative'].pk}").json()
    assert detail["planVersion"] == "Plan 2027-2"
    # The values are read-only: a client cannot write the plan.
    response = pm_api.patch_json(f"/api/v1/initiatives/{left_out.pk}", {"plannedStart": "2027-Q1"})
    assert response.status_code == 200 and response.json()["plannedStart"] is None
    assert not PlanItem.objects.filter(initiative=left_out).exclude(start_period="").exists()
    # More initiatives, same number of queries for the list.
    for _index in range(5):
        InitiativeFactory(municipality=municipality)
    with django_assert_max_num_queries(12):
        assert pm_api.get("/api/v1/initiatives").status_code == 200


def test_another_municipalitys_plan_is_not_read(
    api_for: Any,
    world: dict[str, Any],
    other_world: dict[str, Any],
    municipality: Any,
    other_municipality: Any,
    outsider: Any,
    personas: dict[Role, Any],
) -> None:
    _adopted(world, municipality, personas[Role.PORTFOLIO_MANAGER])
    client = api_for(outsider, other_municipality)
    rows = client.get("/api/v1/initiatives").json()["results"]
    # B reads its own plan (Plan 2027-1 of B), never A's Plan 2027-2.
    assert rows and all(row["planVersion"] in (None, "Plan 2027-1") for row in rows)
    assert client.get(f"/api/v1/initiatives/{world['initiative'].pk}").status_code == 404
