"""Reads and writes per endpoint, through the same services and validation as the UI."""

from __future__ import annotations

from typing import Any

from koersvast.intake.models import Advice, Contribution, Decision, PriorityScore
from koersvast.monitoring.models import ProgressReport, Risk
from koersvast.planning.models import Scenario, ScenarioRun
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.choices import Role
from tests.factories import DecisionBodyFactory, DomainFactory, InitiativeFactory

from .test_auth import assert_problem

RAG = {
    f"rag{aspect.capitalize()}": "groen"
    for aspect in ("time", "money", "scope", "quality", "risks", "capacity", "support")
}


def test_submitter_creates_and_submits_an_initiative(
    api_for: Any, personas: dict[Role, Any], municipality: Any
) -> None:
    client = api_for(personas[Role.SUBMITTER])
    domain = DomainFactory(municipality=municipality)
    response = client.post_json(
        "/api/v1/initiatives", {"title": "Slim parkeren", "domain": domain.pk}
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["state"] == "idee"
    assert created["reference"]
    assert created["submittedBy"] == personas[Role.SUBMITTER].pk
    url = f"/api/v1/initiatives/{created['id']}"
    # Submitting needs a problem and an intended result, as in the app.
    body = assert_problem(client.post_json(f"{url}/transition", {"target": "ingediend"}), 400)
    assert "probleem" in body["detail"]
    response = client.patch_json(
        url, {"problem": "Te weinig plek.", "intendedResult": "Minder zoeken."}
    )
    assert response.status_code == 200, response.content
    response = client.post_json(f"{url}/transition", {"target": "ingediend"})
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "ingediend"
    # Once submitted, the submitter may no longer edit it.
    assert_problem(client.patch_json(url, {"title": "Later anders"}), 403)


def test_initiative_validation_uses_the_form_rules(pm_api: Any, world: dict[str, Any]) -> None:
    response = pm_api.post_json(
        "/api/v1/initiatives",
        {
            "title": "Zonder urgentiereden",
            "domain": world["domain"].pk,
            "hasPoliticalUrgency": True,
            "startYear": 2027,
            "durationQuarters": 40,
        },
    )
    body = assert_problem(response, 400)
    assert body["detail"] == "De invoer is niet geldig."
    assert {"urgencyReason", "startQuarter", "durationQuarters"} <= body["errors"].keys()
    assert all(isinstance(m, str) for messages in body["errors"].values() for m in messages)


def test_transition_not_in_the_lifecycle_is_400(pm_api: Any, world: dict[str, Any]) -> None:
    url = f"/api/v1/initiatives/{world['initiative'].pk}/transition"
    body = assert_problem(pm_api.post_json(url, {"target": "idee"}), 400)
    assert "geen toegestane stap" in body["detail"]
    assert_problem(pm_api.post_json(url, {"target": "onzin"}), 400)


def test_scoring_recomputes_the_priority(pm_api: Any, world: dict[str, Any]) -> None:
    initiative, objective = world["initiative"], world["objective"]
    response = pm_api.post_json(
        "/api/v1/contributions",
        {"initiative": initiative.pk, "objective": objective.pk, "score": -3, "reason": "Schaadt"},
    )
    assert response.status_code == 201, response.content
    assert Contribution.objects.get(initiative=initiative, objective=objective).score == -3
    score = PriorityScore.objects.get(initiative=initiative, framework=world["framework"])
    listed = pm_api.get(f"/api/v1/priority-scores?initiative={initiative.pk}").json()
    assert listed["results"][0]["total"] == f"{score.total:.3f}"
    out_of_range = {"initiative": initiative.pk, "objective": objective.pk, "score": 4}
    assert (
        "score"
        in assert_problem(pm_api.post_json("/api/v1/contributions", out_of_range), 400)["errors"]
    )
    axis = world["axis"]
    beyond_scale = {"initiative": initiative.pk, "axis": axis.pk, "score": axis.scale_max + 1}
    body = assert_problem(pm_api.post_json("/api/v1/impact-scores", beyond_scale), 400)
    assert "schaal" in body["detail"]


def test_objectives_are_those_of_the_published_framework(
    pm_api: Any, world: dict[str, Any]
) -> None:
    from tests.factories import ObjectiveFactory

    draft = ObjectiveFactory(municipality=world["framework"].municipality)  # in a draft framework
    ids = [row["id"] for row in pm_api.get("/api/v1/objectives").json()["results"]]
    assert ids == [world["objective"].pk]
    assert_problem(pm_api.get(f"/api/v1/objectives/{draft.pk}"), 404)


def test_advice_is_requested_and_given(
    pm_api: Any, api_for: Any, personas: dict[Role, Any], world: dict[str, Any]
) -> None:
    initiative = world["initiative"]
    response = pm_api.post_json("/api/v1/advice", {"initiative": initiative.pk, "kind": "privacy"})
    assert response.status_code == 201, response.content
    advice_id = response.json()["id"]
    adviser = api_for(personas[Role.ADVISER])
    url = f"/api/v1/advice/{advice_id}/give"
    body = assert_problem(adviser.post_json(url, {"verdict": "negative"}), 400)
    assert "voorwaarden" in body["detail"]
    response = adviser.post_json(url, {"verdict": "conditional", "conditions": "Eerst een DPIA."})
    assert response.status_code == 200, response.content
    assert Advice.objects.get(pk=advice_id).adviser == personas[Role.ADVISER]
    assert_problem(pm_api.post_json(url, {"verdict": "positive"}), 403)  # not an adviser


def test_decision_moves_the_initiative(pm_api: Any, municipality: Any, world: dict[str, Any]):
    initiative = InitiativeFactory(municipality=municipality, state="besluitvorming")
    body = DecisionBodyFactory(municipality=municipality)
    payload = {"initiative": initiative.pk, "body": body.pk, "outcome": "park", "rationale": ""}
    assert (
        "rationale" in assert_problem(pm_api.post_json("/api/v1/decisions", payload), 400)["errors"]
    )
    payload["rationale"] = "Nu geen capaciteit."
    response = pm_api.post_json("/api/v1/decisions", payload)
    assert response.status_code == 201, response.content
    initiative.refresh_from_db()
    assert initiative.state == "geparkeerd"
    assert Decision.objects.filter(initiative=initiative, outcome="park").exists()
    # Deciding again is refused by the service: the initiative is no longer in decision-making.
    assert_problem(pm_api.post_json("/api/v1/decisions", payload), 400)


def test_scenario_create_and_run(pm_api: Any, world: dict[str, Any]) -> None:
    response = pm_api.post_json("/api/v1/scenarios", {"name": "Extra projectleider"})
    assert response.status_code == 201, response.content
    scenario = Scenario.objects.get(pk=response.json()["id"])
    response = pm_api.post_json(f"/api/v1/scenarios/{scenario.pk}/run")
    assert response.status_code == 202, response.content
    run = ScenarioRun.objects.get(pk=response.json()["id"])
    assert run.scenario == scenario
    # The test settings run tasks immediately: the run has finished, with a result in detail.
    detail = pm_api.get(f"/api/v1/scenario-runs/{run.pk}").json()
    assert detail["status"] in ("done", "failed")
    assert "solution" in detail
    assert "solution" not in pm_api.get("/api/v1/scenario-runs").json()["results"][0]


def test_progress_report_draft_then_frozen(
    api_for: Any, personas: dict[Role, Any], municipality: Any
) -> None:
    leader = personas[Role.PROJECT_LEADER]
    initiative = InitiativeFactory(
        municipality=municipality, state="in_uitvoering", contractor=leader
    )
    client = api_for(leader)
    payload = {"initiative": initiative.pk, "year": 2026, "quarter": 2, **RAG, "ragMoney": "rood"}
    payload["narrative"] = "Vertraging bij de aanbesteding."
    body = assert_problem(client.post_json("/api/v1/progress-reports", payload), 400)
    assert "forecast" in body["errors"]  # red needs a forecast or a decision asked for
    payload["forecast"] = "Een kwartaal later klaar."
    response = client.post_json("/api/v1/progress-reports", payload)
    assert response.status_code == 201, response.content
    report = response.json()
    assert (report["status"], report["ragOverall"], report["version"]) == ("concept", "rood", 1)
    url = f"/api/v1/progress-reports/{report['id']}"
    response = client.patch_json(url, {"ragMoney": "oranje", "quarter": 4})
    assert response.status_code == 200, response.content
    assert response.json()["ragOverall"] == "oranje"
    assert response.json()["quarter"] == 2  # the period of a report is fixed
    response = client.post_json(f"{url}/submit")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "ingediend"
    body = assert_problem(client.patch_json(url, {"narrative": "Toch anders"}), 400)
    assert "correctie" in body["detail"]
    assert ProgressReport.objects.get(pk=report["id"]).narrative.startswith("Vertraging")
    # The same period again is explained, not a server error.
    assert_problem(client.post_json("/api/v1/progress-reports", payload), 400)


def test_risk_create_and_update(pm_api: Any, world: dict[str, Any]) -> None:
    payload = {"initiative": world["initiative"].pk, "title": "Leverancier failliet"}
    payload |= {"probability": 2, "impact": 5, "status": "open"}
    response = pm_api.post_json("/api/v1/risks", payload)
    assert response.status_code == 201, response.content
    assert response.json()["score"] == 10
    url = f"/api/v1/risks/{response.json()['id']}"
    response = pm_api.patch_json(url, {"probability": 4})
    assert response.status_code == 200, response.content
    assert response.json()["score"] == 20
    assert Risk.objects.get(pk=response.json()["id"]).probability == 4
    assert "impact" in assert_problem(pm_api.patch_json(url, {"impact": 6}), 400)["errors"]


def test_benefit_validation(pm_api: Any, world: dict[str, Any]) -> None:
    payload = {
        "initiative": world["initiative"].pk,
        "name": "Kortere wachttijd",
        "kpi": "Wachttijd",
        "unit": "dagen",
        "baseline": "20.00",
        "target": "20.00",
        "targetDate": "2027-12-31",
    }
    body = assert_problem(pm_api.post_json("/api/v1/benefits", payload), 400)
    assert "target" in body["errors"]
    payload["target"] = "10.00"
    response = pm_api.post_json("/api/v1/benefits", payload)
    assert response.status_code == 201, response.content
    response = pm_api.patch_json(f"/api/v1/benefits/{response.json()['id']}", {"unit": "weken"})
    assert response.json()["unit"] == "weken"


def test_unknown_initiative_reference_is_a_field_error(pm_api: Any, world: dict[str, Any]):
    body = assert_problem(
        pm_api.post_json("/api/v1/risks", {"initiative": 999999, "title": "x"}), 400
    )
    assert "initiative" in body["errors"]
    assert not Initiative.objects.filter(pk=999999).exists()


def test_people_must_be_members_of_the_municipality(
    pm_api: Any, personas: dict[Role, Any], outsider: Any, world: dict[str, Any]
) -> None:
    """A user of another municipality is as unknown as a user id that does not exist."""
    url = f"/api/v1/initiatives/{world['initiative'].pk}"
    foreign = assert_problem(pm_api.patch_json(url, {"contractor": outsider.pk}), 400)
    missing = assert_problem(pm_api.patch_json(url, {"contractor": 987654}), 400)
    assert foreign["errors"]["contractor"][0] == missing["errors"]["contractor"][0].replace(
        "987654", str(outsider.pk)
    )
    leader = personas[Role.PROJECT_LEADER]
    response = pm_api.patch_json(url, {"contractor": leader.pk})
    assert response.status_code == 200, response.content
    assert response.json()["contractor"] == leader.pk


def test_capacity_pools_and_quarters_are_written_through_the_planning_rules(
    pm_api: Any, reader_api: Any, world: dict[str, Any], other_world: dict[str, Any]
) -> None:
    response = pm_api.post_json(
        "/api/v1/capacity-pools",
        {"name": "Juristen", "code": "jur", "hoursPerFte": "330", "goingConcernPct": 40},
    )
    assert response.status_code == 201, response.content
    pool = response.json()["id"]
    clash = pm_api.post_json("/api/v1/capacity-pools", {"name": "Dubbel", "code": "jur"})
    assert "Er is al een pool met deze code." in str(assert_problem(clash, 400))

    quarter = {"pool": pool, "year": 2027, "quarter": 1, "fte": "2.50"}
    created = pm_api.post_json("/api/v1/pool-capacities", quarter)
    assert created.status_code == 201, created.content
    assert created.json()["hours"] == "495"  # 2.5 fte × 330 h × 60 % for the portfolio
    again = pm_api.post_json("/api/v1/pool-capacities", {**quarter, "fte": "3"})
    assert again.json()["id"] == created.json()["id"]  # the same quarter, updated
    url = f"/api/v1/pool-capacities/{created.json()['id']}"
    changed = pm_api.patch_json(url, {"fte": "4", "year": 2030})
    assert changed.json()["fte"] == "4.00" and changed.json()["year"] == 2027
    assert_problem(pm_api.post_json("/api/v1/pool-capacities", {**quarter, "fte": "-1"}), 400)
    foreign = {**quarter, "pool": other_world["pool"].pk}
    assert_problem(pm_api.post_json("/api/v1/pool-capacities", foreign), 400)
    assert_problem(reader_api.post_json("/api/v1/pool-capacities", quarter), 403)
    assert_problem(reader_api.patch_json(url, {"fte": "1"}), 403)


def test_budget_room_per_year_is_upserted_and_scoped(
    pm_api: Any, reader_api: Any, world: dict[str, Any], other_world: dict[str, Any]
) -> None:
    year = {"kind": "exploitatie", "year": 2028, "amount": "2500000"}
    created = pm_api.post_json("/api/v1/budget-capacities", year)
    assert created.status_code == 201, created.content
    assert created.json()["amount"] == "2500000"
    again = pm_api.post_json("/api/v1/budget-capacities", {**year, "amount": "3000000"})
    assert again.json()["id"] == created.json()["id"]  # the same year, updated
    url = f"/api/v1/budget-capacities/{created.json()['id']}"
    changed = pm_api.patch_json(url, {"amount": "100", "year": 2030})
    assert changed.json()["amount"] == "100" and changed.json()["year"] == 2028
    assert_problem(pm_api.post_json("/api/v1/budget-capacities", {**year, "amount": "-1"}), 400)
    bad_kind = {**year, "kind": "subsidie"}
    assert_problem(pm_api.post_json("/api/v1/budget-capacities", bad_kind), 400)
    assert_problem(reader_api.post_json("/api/v1/budget-capacities", year), 403)
    assert_problem(reader_api.patch_json(url, {"amount": "1"}), 403)
    theirs = other_world["budget_capacity"]
    assert_problem(
        pm_api.patch_json(f"/api/v1/budget-capacities/{theirs.pk}", {"amount": "1"}), 404
    )
    theirs.refresh_from_db()
    assert theirs.amount == 1_000_000


def test_programme_steering_fields_and_reports_are_read_only(pm_api, world) -> None:
    """Issue 17: programmes, opgaven and programme reports with their new fields, read-only."""
    programme, report = world["programme"], world["programme_report"]
    body = pm_api.get(f"/api/v1/programmes/{programme.pk}").json()
    assert body["steeringGroup"] == world["body"].pk
    assert body["objectives"] == [world["objective"].pk]
    assert body["initiatives"] == [world["initiative"].pk]
    assert body["opgave"] == world["opgave"].pk
    assert body["ownBudget"] in ("1000.00", 1000, "1000")
    opgave = pm_api.get(f"/api/v1/opgaven/{world['opgave'].pk}").json()
    assert opgave["objectives"] == [world["objective"].pk] and opgave["goals"] == "Betaalbaar"
    got = pm_api.get(f"/api/v1/programme-reports?programme={programme.pk}").json()
    assert [row["id"] for row in got["results"]] == [report.pk]
    assert got["results"][0]["snapshot"]["projects"][0]["rag"] == "groen"
    for url in (f"/api/v1/programme-reports/{report.pk}", f"/api/v1/programmes/{programme.pk}"):
        assert pm_api.patch_json(url, {"summary": "x"}).status_code == 405
    assert pm_api.post_json("/api/v1/programme-reports", {}).status_code == 405
