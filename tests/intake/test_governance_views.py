"""Pages of the governance of running work: links only for who may follow them, the flows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from koersvast.intake.models import GovernanceProposal
from koersvast.portfolio.choices import LifecycleState as S
from koersvast.tenancy.choices import Role
from tests.factories import AdviceFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(make_initiative, personas):
    return make_initiative(
        state=S.IN_PROGRESS,
        title="Lopend project",
        official_sponsor=personas[Role.OFFICIAL_SPONSOR],
        contractor=personas[Role.PROJECT_LEADER],
        start_year=2027,
        start_quarter=1,
        duration_quarters=4,
        budget_capital=Decimal("100000"),
    )


@pytest.fixture
def proposal(running, personas):
    return GovernanceProposal.objects.create(
        municipality=running.municipality,
        initiative=running,
        kind="pause",
        rationale="Capaciteit nodig voor de Omgevingswet",
        effective_date="2027-07-01",
        proposed_by=personas[Role.PORTFOLIO_MANAGER],
    )


@pytest.mark.parametrize("role", list(Role))
def test_no_role_sees_a_link_that_leads_to_a_403(role, running, proposal, personas, client_for):
    client = client_for(personas[role])
    page = client.get(running.get_absolute_url())
    if page.status_code == 404:  # a submitter follows only their own initiatives
        return
    body = page.content.decode()
    links = {
        reverse("intake:propose", args=[running.pk]): "get",
        reverse("intake:proposal_decide", args=[proposal.pk]): "get",
        reverse("intake:proposal_withdraw", args=[proposal.pk]): "post",
    }
    for url, method in links.items():
        status = getattr(client, method)(url).status_code
        if url in body:
            assert status in (200, 302), (role, url)
        else:  # refused (a submitter does not even see the proposals of the portfolio: 404)
            assert status in (403, 404), (role, url)
    may_decide = role in (Role.OFFICIAL_SPONSOR, Role.BOARD_MEMBER)  # a body of no members
    assert (reverse("intake:proposal_decide", args=[proposal.pk]) in body) is False or may_decide


def test_the_proposer_sees_no_decide_button(running, proposal, personas, client_for, board):
    client = client_for(personas[Role.PORTFOLIO_MANAGER])
    body = client.get(running.get_absolute_url()).content.decode()
    assert "Besturing van lopend werk" in body
    assert reverse("intake:proposal_decide", args=[proposal.pk]) not in body
    assert client.get(reverse("intake:proposal_decide", args=[proposal.pk])).status_code == 403


def test_manager_proposes_and_the_sponsor_decides(running, personas, client_for):
    manager = client_for(personas[Role.PORTFOLIO_MANAGER])
    response = manager.post(
        reverse("intake:propose", args=[running.pk]),
        {"kind": "pause", "rationale": "Even stilzetten", "effective_date": "2027-07-01"},
    )
    assert response.status_code == 302
    proposal = GovernanceProposal.objects.get(initiative=running)
    sponsor = client_for(personas[Role.OFFICIAL_SPONSOR])
    home = sponsor.get(reverse("home")).content.decode()
    assert "Voorstellen over lopend werk" in home
    decide_url = reverse("intake:proposal_decide", args=[proposal.pk])
    assert decide_url in home
    assert sponsor.get(decide_url).status_code == 200
    response = sponsor.post(decide_url, {"body": "", "approve": "1", "rationale": "Akkoord"})
    assert response.status_code == 302
    running.refresh_from_db()
    assert running.state == S.PAUSED
    page = sponsor.get(running.get_absolute_url()).content.decode()
    assert "Gepauzeerd sinds 1 juli 2027" in page
    log = sponsor.get(reverse("intake:decisions")).content.decode()
    assert "Besluiten over lopend werk" in log and "Akkoord" in log


def test_a_refused_decision_shows_why(running, proposal, personas, client_for, board):
    board.mandate_decisions = ["admit"]
    board.save()
    member = client_for(personas[Role.BOARD_MEMBER])
    response = member.post(
        reverse("intake:proposal_decide", args=[proposal.pk]),
        {"body": board.pk, "approve": "1", "rationale": "Ja"},
    )
    assert response.status_code == 200
    assert "buiten het mandaat" in response.content.decode()
    running.refresh_from_db()
    assert running.state == S.IN_PROGRESS


def test_project_leader_proposes_from_a_progress_report(running, personas, client_for):
    report = ProgressReportFactory(initiative=running, status="ingediend")
    leader = client_for(personas[Role.PROJECT_LEADER])
    body = leader.get(report.get_absolute_url()).content.decode()
    url = reverse("intake:propose", args=[running.pk]) + f"?rapportage={report.pk}"
    assert url in body
    assert leader.get(url).status_code == 200
    response = leader.post(
        url,
        {
            "kind": "change",
            "rationale": "Meer tijd nodig",
            "rapportage": report.pk,
            "new_end_year": "2028",
            "new_end_quarter": "1",
        },
    )
    assert response.status_code == 302
    proposal = GovernanceProposal.objects.get(initiative=running)
    assert proposal.progress_report == report and proposal.new_end_label == "2028-Q1"
    # Without a report a project leader is told where to propose from.
    response = leader.post(
        reverse("intake:propose", args=[running.pk]), {"kind": "stop", "rationale": "x"}
    )
    assert "voortgangsrapportage" in response.content.decode()
    reader = client_for(personas[Role.READER])
    assert url not in reader.get(report.get_absolute_url()).content.decode()


def test_agenda_with_open_advice_needs_confirmation(make_initiative, board, personas, client_for):
    initiative = make_initiative(state=S.DECISION, title="Nog advies open")
    AdviceFactory(initiative=initiative, kind="ciso")
    manager = client_for(personas[Role.PORTFOLIO_MANAGER])
    data = {"body": board.pk, "date": "2026-12-03", "title": "Dec", "agenda": [initiative.pk]}
    response = manager.post(reverse("intake:meeting_create"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "nog niet gegeven" in body and "Nog advies open" in body
    response = manager.post(reverse("intake:meeting_create"), {**data, "confirm_open_advice": "on"})
    assert response.status_code == 302


def test_moving_to_the_decision_with_open_advice_needs_confirmation(
    make_initiative, personas, client_for, framework, leaves, axes
):
    from koersvast.intake.services import scoring as services

    from .conftest import full_scores

    initiative = make_initiative(state=S.ADVICE)
    contributions, impacts = full_scores(leaves, axes)
    services.initiative_score(
        initiative=initiative,
        framework=framework,
        contributions=contributions,
        impacts=impacts,
        by=personas[Role.PORTFOLIO_MANAGER],
    )
    AdviceFactory(initiative=initiative, kind="legal")
    manager = client_for(personas[Role.PORTFOLIO_MANAGER])
    page = manager.get(initiative.get_absolute_url()).content.decode()
    assert "Toch agenderen" in page
    url = reverse("intake:transition", args=[initiative.pk])
    manager.post(url, {"target": S.DECISION})
    initiative.refresh_from_db()
    assert initiative.state == S.ADVICE
    manager.post(url, {"target": S.DECISION, "confirm_open_advice": "1"})
    initiative.refresh_from_db()
    assert initiative.state == S.DECISION


def test_the_edit_form_leaves_scope_budget_and_end_of_running_work_to_a_decision(
    running, personas, client_for
):
    from koersvast.intake.forms.initiative import InitiativeForm
    from koersvast.portfolio.choices import GOVERNED_FIELDS

    form = InitiativeForm(instance=running, municipality=running.municipality, may_manage=True)
    assert all(form.fields[name].disabled for name in GOVERNED_FIELDS)
    page = client_for(personas[Role.PORTFOLIO_MANAGER]).get(
        reverse("intake:edit", args=[running.pk])
    )
    assert "verandert alleen door een besluit" in page.content.decode()
    draft = InitiativeForm(
        instance=type(running)(municipality=running.municipality, state=S.IDEA),
        municipality=running.municipality,
    )
    assert not any(draft.fields[name].disabled for name in GOVERNED_FIELDS)
