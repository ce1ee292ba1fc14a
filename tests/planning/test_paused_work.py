"""Paused work releases its capacity from the pause date in the next scenario; resumed, it
needs it again (decision 0403)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from koersvast.intake.services import governance as intake
from koersvast.optimizer import parse_problem
from koersvast.planning import translate
from koersvast.planning.selectors import roadmap as roadmap_selectors
from koersvast.tenancy.choices import Role
from tests.factories import DemandFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_runner(world, municipality, personas):
    """Running from 2027-Q1 for six quarters, 40 hours of projectleiders each quarter."""
    initiative = InitiativeFactory(
        municipality=municipality,
        reference="F",
        title="Foxtrot",
        state="in_uitvoering",
        start_year=2027,
        start_quarter=1,
        duration_quarters=6,
        official_sponsor=personas[Role.OFFICIAL_SPONSOR],
    )
    for offset in range(6):
        DemandFactory(initiative=initiative, pool=world["pl"], offset=offset, hours=Decimal(40))
    return initiative


def _decide(initiative, personas, kind, **values):
    proposal = intake.governance_propose(
        initiative=initiative,
        kind=kind,
        rationale="Bijsturen",
        by=personas[Role.PORTFOLIO_MANAGER],
        **values,
    )
    intake.governance_decide(
        proposal=proposal, by=personas[Role.OFFICIAL_SPONSOR], approve=True, rationale="Akkoord"
    )


def _item(world, municipality, reference="F"):
    translation = translate.build_problem(municipality=municipality, framework=world["framework"])
    parse_problem(translation.problem)
    return {i["id"]: i for i in translation.problem["initiatives"]}.get(reference)


def test_paused_work_needs_capacity_only_until_its_pause(
    world, municipality, long_runner, personas
):
    assert _item(world, municipality)["duration"] == 6
    _decide(long_runner, personas, "pause", effective_date=datetime.date(2027, 7, 1))
    item = _item(world, municipality)
    assert item["fixed_start"] == 0
    assert item["duration"] == 2  # 2027-Q1 and Q2; from Q3 on the hours are free
    assert item["demand"]["pl"] == [40.0, 40.0]


def test_a_pause_within_a_quarter_releases_from_the_next_quarter(
    world, municipality, long_runner, personas
):
    _decide(long_runner, personas, "pause", effective_date=datetime.date(2027, 8, 15))
    assert _item(world, municipality)["duration"] == 3


def test_paused_before_the_horizon_needs_nothing(world, municipality, long_runner, personas):
    _decide(long_runner, personas, "pause", effective_date=datetime.date(2026, 11, 1))
    assert _item(world, municipality) is None


def test_resume_restores_the_demand_and_the_roadmap_shows_the_pause(
    world, municipality, long_runner, personas
):
    _decide(long_runner, personas, "pause", effective_date=datetime.date(2027, 7, 1))
    translation = translate.build_problem(municipality=municipality, framework=world["framework"])
    from koersvast.planning.models import ScenarioRun
    from tests.factories import ScenarioFactory

    run = ScenarioRun(
        scenario=ScenarioFactory(municipality=municipality),
        problem=translation.problem,
        solution={"selected": [{"id": "F", "start": 0}]},
    )
    rows = [
        row
        for _domain, rows in roadmap_selectors.roadmap(run, paused={long_runner.pk}).domains
        for row in rows
    ]
    assert [row.paused for row in rows if row.id == "F"] == [True]
    _decide(long_runner, personas, "resume", new_end_year=2028, new_end_quarter=4)
    item = _item(world, municipality)
    assert item["duration"] == 8  # resumed, with the new end the decision set
    assert item["demand"]["pl"][:6] == [40.0] * 6


def test_a_plan_adopted_with_paused_work_keeps_it_paused_and_the_roadmap_says_so(
    world, municipality, long_runner, personas, client_for
):
    from django.urls import reverse

    from koersvast.planning.services.adoption import scenario_adopt
    from tests.planning.test_plan_of_record import _run

    pm = personas[Role.PORTFOLIO_MANAGER]
    _decide(long_runner, personas, "pause", effective_date=datetime.date(2027, 7, 1))
    scenario = _run(municipality, pm, "Na de pauze")
    scenario_adopt(scenario=scenario, body=world["body"], rationale="Begroting", by=pm)
    long_runner.refresh_from_db()
    assert long_runner.state == "gepauzeerd"
    page = client_for(pm).get(reverse("planning:roadmap")).content.decode()
    row = page[page.index("F Foxtrot") :][:600]
    assert "gepauzeerd" in row
