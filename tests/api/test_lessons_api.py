"""`/api/v1/lessons`: geleerde lessen through the lesson services (decision 0302)."""

from __future__ import annotations

from typing import Any

from koersvast.monitoring.models import Lesson
from koersvast.tenancy.choices import Role

from .test_auth import assert_problem


def test_list_detail_and_tag_filter(pm_api: Any, world: dict[str, Any]) -> None:
    lesson = world["lesson"]
    row = pm_api.get(f"/api/v1/lessons/{lesson.pk}").json()
    assert row["title"] == "Aanbesteding vroeg starten"
    assert row["whatHappened"].startswith("De aanbesteding")
    assert row["tags"] == ["aanbesteding"]
    assert row["initiative"] == world["initiative"].pk
    assert pm_api.get("/api/v1/lessons?tag=Aanbesteding").json()["count"] == 1
    assert pm_api.get("/api/v1/lessons?tag=communicatie").json()["count"] == 0
    assert pm_api.get(f"/api/v1/lessons?initiative={world['initiative'].pk}").json()["count"] == 1


def test_create_an_initiative_lesson_takes_its_domain(pm_api: Any, world: dict[str, Any]) -> None:
    initiative = world["initiative"]
    response = pm_api.post_json(
        "/api/v1/lessons",
        {
            "initiative": initiative.pk,
            "title": "  Planning   met marge ",
            "whatHappened": "De levering liep uit.",
            "toAvoid": "Geen buffer.",
            "tags": ["Planning", "planning", "Leveranciers"],
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["title"] == "Planning met marge"
    assert body["tags"] == ["planning", "leveranciers"]
    assert body["domain"] == initiative.domain_id
    lesson = Lesson.objects.get(pk=body["id"])
    assert lesson.recorded_by is not None and lesson.municipality_id == initiative.municipality_id


def test_portfolio_lesson_and_update(pm_api: Any, world: dict[str, Any]) -> None:
    response = pm_api.post_json(
        "/api/v1/lessons",
        {
            "title": "Portfolio-overleg maandelijks",
            "whatHappened": "Kwartaaloverleg was te traag.",
            "toRepeat": "Maandelijks overleg.",
            "domain": world["domain"].pk,
        },
    )
    assert response.status_code == 201, response.json()
    url = f"/api/v1/lessons/{response.json()['id']}"
    changed = pm_api.patch_json(url, {"tags": ["overleg"], "toAvoid": "Lange agenda's."})
    assert changed.status_code == 200, changed.json()
    assert changed.json()["tags"] == ["overleg"]
    assert changed.json()["toRepeat"] == "Maandelijks overleg."
    assert changed.json()["domain"] == world["domain"].pk
    # The initiative of a lesson is fixed once recorded.
    fixed = pm_api.patch_json(url, {"initiative": world["initiative"].pk})
    assert fixed.status_code == 200 and fixed.json()["initiative"] is None


def test_the_lesson_pages_checks_apply(pm_api: Any, world: dict[str, Any]) -> None:
    body = assert_problem(
        pm_api.post_json(
            "/api/v1/lessons", {"title": "Zonder advies", "whatHappened": "Er gebeurde iets."}
        ),
        400,
    )
    assert "herhaalt of juist vermijdt" in str(body)
    body = assert_problem(pm_api.post_json("/api/v1/lessons", {"title": "x"}), 400)
    assert "whatHappened" in str(body)
    body = assert_problem(
        pm_api.post_json(
            "/api/v1/lessons",
            {
                "title": "Te veel",
                "whatHappened": "x",
                "toRepeat": "y",
                "tags": [f"t{n}" for n in range(11)],
            },
        ),
        400,
    )
    assert "tags" in str(body)


def test_another_municipalitys_initiative_or_domain_does_not_exist(
    pm_api: Any, world: dict[str, Any], other_world: dict[str, Any]
) -> None:
    for field, key in (("initiative", "initiative"), ("domain", "domain")):
        payload = {"title": "x", "whatHappened": "y", "toRepeat": "z", field: other_world[key].pk}
        assert_problem(pm_api.post_json("/api/v1/lessons", payload), 400)
    assert Lesson.objects.filter(title="x").count() == 0


def test_a_project_leader_may_not_record_a_portfolio_lesson(
    api_for: Any, personas: dict[Role, Any], world: dict[str, Any]
) -> None:
    client = api_for(personas[Role.PROJECT_LEADER])
    payload = {"title": "Portfolio", "whatHappened": "y", "toRepeat": "z"}
    assert_problem(client.post_json("/api/v1/lessons", payload), 403)
    url = f"/api/v1/lessons/{world['lesson'].pk}"
    assert_problem(client.patch_json(url, {"title": "Anders"}), 403)
