"""Mijn taken on the home page: each role sees its own waiting work, linked to where it is done."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from koersvast.dashboards.tasks import my_tasks
from koersvast.monitoring.selectors import periods as monitoring_selectors
from koersvast.tenancy.choices import Role
from tests.factories import (
    AdviceFactory,
    InitiativeFactory,
    MeetingFactory,
    ProgressReportFactory,
)

pytestmark = pytest.mark.django_db


def _tasks_section(html: str) -> str:
    match = re.search(r'<section class="tasks".*?</section>\s*</div>\s*</section>', html, re.S)
    assert match, "no 'Mijn taken' section"
    return match.group(0)


def _links_open(client, section: str) -> None:
    for href in re.findall(r'href="([^"]+)"', section):
        assert client.get(href.replace("&amp;", "&")).status_code == 200, href


def test_project_leader_sees_the_reports_that_are_late(municipality, personas, client_for):
    leader = personas[Role.PROJECT_LEADER]
    mine = InitiativeFactory(municipality=municipality, state="in_uitvoering", contractor=leader)
    InitiativeFactory(municipality=municipality, state="in_uitvoering", title="Van een ander")
    client = client_for(leader)
    section = _tasks_section(client.get(reverse("home")).content.decode())
    assert "Voortgangsrapportages" in section
    assert mine.title in section
    assert "te laat" in section
    assert reverse("monitoring:report_create", args=[mine.pk]) in section
    assert "Van een ander" not in section
    _links_open(client, section)

    today = timezone.localdate()
    late = monitoring_selectors.reporting_period(today)
    current = monitoring_selectors.previous_quarter(*monitoring_selectors.quarter_of(today))
    for year, quarter in {late, current}:
        ProgressReportFactory(initiative=mine, year=year, quarter=quarter, status="ingediend")
    section = _tasks_section(client.get(reverse("home")).content.decode())
    assert "Alle rapportages van uw initiatieven zijn ingediend." in section


def test_a_report_due_but_not_yet_late_is_listed_as_due(municipality, personas):
    leader = personas[Role.PROJECT_LEADER]
    InitiativeFactory(municipality=municipality, state="in_uitvoering", contractor=leader)
    # Ten days into a quarter the report over the previous one is due, not late.
    groups = my_tasks(user=leader, municipality=municipality, today=datetime.date(2026, 4, 10))
    notes = [task.note for task in groups[0].tasks]
    assert "Rapportage 2026-Q1 uiterlijk 22 april 2026" in notes
    assert "Rapportage 2025-Q4 te laat (uiterlijk 22 januari 2026)" in notes
    assert [task.late for task in groups[0].tasks] == [True, False]


def test_adviser_sees_open_advice_requests(municipality, personas, client_for):
    advice = AdviceFactory(initiative=InitiativeFactory(municipality=municipality, state="advies"))
    AdviceFactory(
        initiative=InitiativeFactory(municipality=municipality), kind="privacy", verdict="positief"
    )
    client = client_for(personas[Role.ADVISER])
    section = _tasks_section(client.get(reverse("home")).content.decode())
    assert "Adviesaanvragen <span" in section
    assert reverse("intake:advice_give", args=[advice.pk]) in section
    assert section.count("<li") == 1
    _links_open(client, section)


def test_portfolio_manager_sees_intake_and_decisions(municipality, personas, client_for):
    waiting = InitiativeFactory(municipality=municipality, state="ingediend")
    deciding = InitiativeFactory(municipality=municipality, state="besluitvorming")
    meeting = MeetingFactory(municipality=municipality, date=datetime.date(2026, 5, 1))
    meeting.agenda.add(deciding)
    client = client_for(personas[Role.PORTFOLIO_MANAGER])
    section = _tasks_section(client.get(reverse("home")).content.decode())
    assert "Wachten in de intake" in section and waiting.get_absolute_url() in section
    assert "Besluiten op de agenda" in section
    assert f"{reverse('intake:decide', args=[deciding.pk])}?meeting={meeting.pk}" in section
    _links_open(client, section)


def test_board_member_sees_the_agenda_and_an_empty_state(municipality, personas, client_for):
    client = client_for(personas[Role.BOARD_MEMBER])
    section = _tasks_section(client.get(reverse("home")).content.decode())
    assert "Er staat geen besluit voor u op de agenda." in section
    assert "Wachten in de intake" not in section


@pytest.mark.parametrize("role", [Role.READER, Role.POLITICAL_SPONSOR])
def test_roles_without_tasks_get_no_section(role, personas, client_for):
    page = client_for(personas[role]).get(reverse("home")).content.decode()
    assert "Mijn taken" not in page


def test_tasks_of_another_municipality_never_show(
    municipality, other_municipality, personas, client_for
):
    AdviceFactory(initiative=InitiativeFactory(municipality=other_municipality, title="Elders"))
    InitiativeFactory(municipality=other_municipality, state="ingediend", title="Elders")
    for role in (Role.ADVISER, Role.PORTFOLIO_MANAGER):
        page = client_for(personas[role]).get(reverse("home")).content.decode()
        assert "Elders" not in page


def test_open_proposals_wait_for_whoever_decides(municipality, personas):
    from koersvast.intake.models import GovernanceProposal
    from tests.factories import DecisionBodyFactory

    DecisionBodyFactory(municipality=municipality)  # no members: anyone may record its decision
    sponsor, pm = personas[Role.OFFICIAL_SPONSOR], personas[Role.PORTFOLIO_MANAGER]
    board = personas[Role.BOARD_MEMBER]
    with_sponsor = InitiativeFactory(
        municipality=municipality, state="in_uitvoering", official_sponsor=sponsor
    )
    without = InitiativeFactory(municipality=municipality, state="in_uitvoering")
    for initiative in (with_sponsor, without):
        GovernanceProposal.objects.create(
            municipality=municipality,
            initiative=initiative,
            kind="stop",
            rationale="Klaar",
            effective_date=datetime.date(2027, 1, 1),
            proposed_by=pm,
        )

    def labels(user):
        groups = my_tasks(user=user, municipality=municipality, today=datetime.date(2027, 1, 2))
        group = next(g for g in groups if g.key == "proposals")
        return {task.label.split(" ")[0] for task in group.tasks}, group.total

    # Their own initiative, and (like anyone who may record a body's decision) the one without.
    assert labels(sponsor) == ({with_sponsor.reference, without.reference}, 2)
    assert labels(board) == ({without.reference}, 1)  # no opdrachtgever: a body decides
    assert labels(pm) == (set(), 0)  # the proposer does not decide
    assert all(
        g.key != "proposals"
        for g in my_tasks(
            user=personas[Role.READER], municipality=municipality, today=datetime.date(2027, 1, 2)
        )
    )
