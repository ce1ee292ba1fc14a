"""Candidates from the backlog: a scenario may plan the initiatives on a decision agenda next to
the admitted work (optional, marked); adoption leaves them in the backlog; the marginal value of
extra capacity names the candidates it brings in (decision 0407)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from koersvast.planning import translate
from koersvast.planning.choices import RunStatus
from koersvast.planning.models import PlanItem, Scenario
from koersvast.planning.selectors.results import run_result
from koersvast.planning.services.adoption import scenario_adopt
from koersvast.planning.services.marginal import marginal_execute, marginal_start
from koersvast.planning.services.runs import scenario_run_now
from koersvast.planning.services.scenarios import scenario_candidates_set, scenario_create
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.choices import Role
from tests.factories import PriorityScoreFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pm(personas):
    return personas[Role.PORTFOLIO_MANAGER]


def _candidate(world, hours=10, state="besluitvorming"):
    """Echo on the college's agenda, scored, asking project-leader hours for one quarter."""
    echo = world["e"]
    Initiative.objects.filter(pk=echo.pk).update(state=state, start_year=2027, start_quarter=1)
    echo.refresh_from_db()
    echo.demands.update(hours=Decimal(hours))
    PriorityScoreFactory(initiative=echo, framework=world["framework"], total=Decimal(50))
    return echo


def _scenario(municipality, pm, name="Met kandidaten", on=True):
    scenario = scenario_create(municipality=municipality, name=name, by=pm)
    scenario_candidates_set(scenario=scenario, on=on, by=pm)
    return scenario


def _run(scenario, pm):
    run = scenario_run_now(scenario=scenario, by=pm)
    assert run.status == RunStatus.DONE, run.failure_reason
    return run


def test_candidates_are_off_by_default_and_kept_apart_in_the_problem(world, municipality, pm):
    _candidate(world)
    assert Scenario(municipality=municipality).include_candidates is False
    without = translate.build_problem(municipality=municipality, framework=world["framework"])
    assert "E" not in {i["id"] for i in without.problem["initiatives"]}
    assert "x-candidates" not in without.problem
    with_them = translate.build_problem(
        municipality=municipality, framework=world["framework"], candidates=True
    ).problem
    assert [i["id"] for i in with_them["x-candidates"]] == ["E"]
    assert with_them["x-candidates"][0]["x-candidate"] is True
    assert with_them["x-candidates"][0]["mandatory"] is False
    assert "E" not in {i["id"] for i in with_them["initiatives"]}
    # Ideas, advice and parked work are no candidates.
    Initiative.objects.filter(pk=world["e"].pk).update(state="advies")
    again = translate.build_problem(
        municipality=municipality, framework=world["framework"], candidates=True
    ).problem
    assert again["x-candidates"] == []


def test_a_run_shows_which_candidates_fit_and_leaves_the_admitted_plan_alone(
    world, municipality, pm
):
    _candidate(world)
    plain = _run(_scenario(municipality, pm, "Zonder", on=False), pm)
    run = _run(_scenario(municipality, pm), pm)
    assert run.solution["selected"] == plain.solution["selected"]
    assert run.objective == plain.objective
    fitted = run.solution["x-candidates"]
    assert [entry["id"] for entry in fitted["selected"]] == ["E"]
    result = run_result(run)
    assert [row.id for row in result.selected] == [row.id for row in run_result(plain).selected]
    assert [(row.id, bool(row.start)) for row in result.candidates] == [("E", True)]
    assert run_result(plain).candidates is None


def test_a_candidate_that_does_not_fit_says_why(world, municipality, pm):
    _candidate(world, hours=5000)
    run = _run(_scenario(municipality, pm), pm)
    rows = run_result(run).candidates
    assert [(row.id, row.start) for row in rows] == [("E", "")]
    assert rows[0].text.startswith("past niet: Projectleiders")


def test_adopting_a_plan_with_candidates_does_not_admit_them(world, municipality, pm, client):
    echo = _candidate(world)
    scenario = _scenario(municipality, pm)
    _run(scenario, pm)
    client.force_login(pm)
    page = client.get(reverse("planning:adopt", args=[scenario.pk])).content.decode()
    assert "Kandidaten uit de backlog" in page and "E " in page
    assert "neemt ze niet op" in page
    scenario_adopt(scenario=scenario, body=world["body"], rationale="Begroting", by=pm)
    echo.refresh_from_db()
    assert echo.state == "besluitvorming"
    assert not PlanItem.objects.filter(initiative=echo).exists()
    version_page = client.get(
        reverse("planning:plan_version", args=[scenario.versions.get().pk])
    ).content.decode()
    assert 'data-candidate="E"' in version_page


def test_the_scenario_page_switches_candidates_on_and_shows_them(world, municipality, pm, client):
    _candidate(world)
    scenario = scenario_create(municipality=municipality, name="Knop", by=pm)
    client.force_login(pm)
    response = client.post(reverse("planning:candidates", args=[scenario.pk]), {"on": "1"})
    assert response.status_code == 302
    scenario.refresh_from_db()
    assert scenario.include_candidates
    _run(scenario, pm)
    page = client.get(scenario.get_absolute_url()).content.decode()
    assert 'data-candidate="E"' in page and "kandidaat" in page
    client.post(reverse("planning:candidates", args=[scenario.pk]), {"on": "0"})
    scenario.refresh_from_db()
    assert not scenario.include_candidates


def test_extra_capacity_names_the_candidates_it_brings_in(world, municipality, pm, client):
    # Echo needs 250 project-leader hours in one quarter: more than the 200 of any quarter,
    # but it fits with one fte (100 hours a quarter) more.
    _candidate(world, hours=HOURS_THAT_FIT_ONLY_WITH_ONE_MORE)
    scenario = _scenario(municipality, pm)
    run = _run(scenario, pm)
    assert run.solution["x-candidates"]["selected"] == []
    analysis = marginal_start(scenario=scenario, by=pm)
    analysis = marginal_execute(analysis_id=analysis.pk)
    assert analysis.status == RunStatus.DONE, analysis.failure_reason
    rows = {row["pool"]: row for row in analysis.result["marginal"]}
    assert rows["pl"]["gain"] > 0
    assert rows["pl"]["brings_in"] == [{"id": "E", "name": "Echo"}]
    assert rows["jur"]["brings_in"] == [] and rows["jur"]["gain"] == 0
    client.force_login(pm)
    page = client.get(reverse("planning:marginal", args=[scenario.pk])).content.decode()
    assert "Brengt binnen uit de backlog" in page and "E Echo" in page


HOURS_THAT_FIT_ONLY_WITH_ONE_MORE = 250


def test_only_managers_switch_candidates(world, municipality, pm, personas, client_for):
    scenario = scenario_create(municipality=municipality, name="Knop", by=pm)
    url = reverse("planning:candidates", args=[scenario.pk])
    assert client_for(personas[Role.READER]).post(url, {"on": "1"}).status_code == 403
    page = client_for(personas[Role.READER]).get(scenario.get_absolute_url()).content.decode()
    assert url not in page  # no link (form) that leads a reader to a 403
    scenario.refresh_from_db()
    assert not scenario.include_candidates
