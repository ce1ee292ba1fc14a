"""Governance of running work: who proposes, who decides, the mandate, the states, the audit."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from koersvast.audit.models import AuditEvent
from koersvast.intake import lifecycle
from koersvast.intake.choices import ProposalStatus
from koersvast.intake.models import GovernanceProposal, Transition
from koersvast.intake.services.common import IntakeError
from koersvast.intake.services.governance import (
    governance_decide,
    governance_propose,
    governance_withdraw,
    may_decide_proposal,
    may_propose,
)
from koersvast.intake.services.submission import initiative_transition
from koersvast.notifications.models import Notification
from koersvast.portfolio.choices import LifecycleState as S
from koersvast.tenancy.choices import Role
from tests.factories import ProgressReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(make_initiative, personas):
    return make_initiative(
        state=S.IN_PROGRESS,
        official_sponsor=personas[Role.OFFICIAL_SPONSOR],
        contractor=personas[Role.PROJECT_LEADER],
        start_year=2027,
        start_quarter=1,
        duration_quarters=4,
        budget_capital=Decimal("100000"),
    )


def _propose(initiative, by, kind="pause", **kwargs):
    return governance_propose(
        initiative=initiative, kind=kind, rationale="Capaciteit nodig elders", by=by, **kwargs
    )


def test_portfolio_manager_can_no_longer_stop_running_work_alone(running, personas):
    pm = personas[Role.PORTFOLIO_MANAGER]
    for state in (S.PLANNED, S.IN_PROGRESS, S.PAUSED):
        rule = lifecycle.rule_for(state, S.STOPPED)
        assert rule is not None and rule.by_decision
    with pytest.raises(IntakeError, match="besluit"):
        initiative_transition(initiative=running, target=S.STOPPED, by=pm, reason="weg ermee")
    running.refresh_from_db()
    assert running.state == S.IN_PROGRESS


def test_admitted_work_is_still_stopped_by_the_portfolio_manager(make_initiative, personas):
    admitted = make_initiative(state=S.ADMITTED)
    initiative_transition(
        initiative=admitted, target=S.STOPPED, by=personas[Role.PORTFOLIO_MANAGER], reason="x"
    )
    admitted.refresh_from_db()
    assert admitted.state == S.STOPPED


@pytest.mark.parametrize("role", list(Role))
def test_who_may_propose(role, running, personas):
    user = personas[role]
    report = ProgressReportFactory(initiative=running, status="ingediend")
    may = role in (Role.PORTFOLIO_MANAGER, Role.PROJECT_LEADER)
    assert may_propose(user, running) is may
    if may:
        proposal = _propose(running, user, progress_report=report)
        assert proposal.status == ProposalStatus.OPEN
    else:
        with pytest.raises(PermissionDenied):
            _propose(running, user, progress_report=report)


def test_project_leader_proposes_from_a_progress_report_of_their_own_work(
    running, make_initiative, personas
):
    leader = personas[Role.PROJECT_LEADER]
    with pytest.raises(IntakeError, match="voortgangsrapportage"):
        _propose(running, leader)
    other = make_initiative(state=S.IN_PROGRESS)  # not led by them
    assert not may_propose(leader, other)
    with pytest.raises(PermissionDenied):
        _propose(other, leader, progress_report=ProgressReportFactory(initiative=other))
    foreign_report = ProgressReportFactory(initiative=other, quarter=2, status="ingediend")
    with pytest.raises(PermissionDenied):
        _propose(running, leader, progress_report=foreign_report)
    draft = ProgressReportFactory(initiative=running, quarter=3)
    with pytest.raises(IntakeError, match="eerst in"):
        _propose(running, leader, progress_report=draft)


def test_proposals_fit_the_state(running, make_initiative, personas):
    pm = personas[Role.PORTFOLIO_MANAGER]
    with pytest.raises(IntakeError, match="past niet"):
        _propose(running, pm, kind="resume")
    planned = make_initiative(state=S.PLANNED)
    with pytest.raises(IntakeError, match="past niet"):
        _propose(planned, pm, kind="pause")
    idea = make_initiative(state=S.INTAKE)
    with pytest.raises(PermissionDenied):
        _propose(idea, pm, kind="stop")
    _propose(running, pm)
    with pytest.raises(IntakeError, match="al een voorstel"):
        _propose(running, pm)


def test_a_change_says_what_changes(running, personas):
    pm = personas[Role.PORTFOLIO_MANAGER]
    with pytest.raises(IntakeError, match="wat er verandert"):
        _propose(running, pm, kind="change")
    with pytest.raises(IntakeError, match="jaar als het kwartaal"):
        _propose(running, pm, kind="change", new_end_year=2028)
    with pytest.raises(IntakeError, match="vóór de start"):
        _propose(running, pm, kind="change", new_end_year=2026, new_end_quarter=2)
    with pytest.raises(IntakeError, match="wijziging of een hervatting"):
        _propose(running, pm, kind="stop", new_budget_capital=Decimal("1"))


def test_the_sponsor_decides_a_pause_and_a_resume(running, personas):
    pm, sponsor = personas[Role.PORTFOLIO_MANAGER], personas[Role.OFFICIAL_SPONSOR]
    pause = _propose(running, pm, effective_date=datetime.date(2027, 7, 1))
    running.refresh_from_db()
    assert running.state == S.IN_PROGRESS  # a proposal changes nothing yet
    assert Notification.objects.filter(recipient=sponsor, initiative=running).exists()
    governance_decide(proposal=pause, by=sponsor, approve=True, rationale="Akkoord")
    running.refresh_from_db()
    pause.refresh_from_db()
    assert running.state == S.PAUSED
    assert pause.status == ProposalStatus.APPROVED and pause.decided_by == sponsor
    assert pause.body is None and pause.decided_at is not None
    transition = Transition.objects.get(initiative=running, to_state=S.PAUSED)
    assert transition.by == sponsor and "Akkoord" in transition.reason
    from koersvast.intake.selectors.dossier import pause_dates

    assert pause_dates(running.municipality_id) == {running.pk: datetime.date(2027, 7, 1)}

    resume = _propose(running, pm, kind="resume", new_end_year=2028, new_end_quarter=2)
    governance_decide(proposal=resume, by=sponsor, approve=True, rationale="Weer door")
    running.refresh_from_db()
    assert running.state == S.IN_PROGRESS
    assert running.duration_quarters == 6  # 2027-Q1 .. 2028-Q2
    assert pause_dates(running.municipality_id) == {}


def test_decisions_are_audited(running, personas):
    pm, sponsor = personas[Role.PORTFOLIO_MANAGER], personas[Role.OFFICIAL_SPONSOR]
    proposal = _propose(running, pm, kind="stop")
    governance_decide(proposal=proposal, by=sponsor, approve=True, rationale="Klaar")
    events = AuditEvent.objects.for_object(proposal)
    assert events.filter(action="create").exists()
    update = events.filter(action="update").last()
    assert update is not None and update.changes["status"] == ["open", "aangenomen"]
    state_events = AuditEvent.objects.for_object(running).filter(action="update")
    assert any(e.changes.get("state") == ["in_uitvoering", "gestopt"] for e in state_events)


def test_the_proposer_never_decides(running, personas):
    pm = personas[Role.PORTFOLIO_MANAGER]
    proposal = _propose(running, pm, kind="stop")
    assert not may_decide_proposal(pm, proposal)
    with pytest.raises(PermissionDenied):
        governance_decide(proposal=proposal, by=pm, approve=True, rationale="Zelf")
    running.refresh_from_db()
    assert running.state == S.IN_PROGRESS


@pytest.mark.parametrize("role", list(Role))
def test_who_may_decide(role, running, personas, board):
    proposal = _propose(
        running,
        personas[Role.PROJECT_LEADER],
        kind="stop",
        progress_report=ProgressReportFactory(initiative=running, status="ingediend"),
    )
    user = personas[role]
    may = role in (Role.OFFICIAL_SPONSOR, Role.PORTFOLIO_MANAGER, Role.BOARD_MEMBER)
    assert may_decide_proposal(user, proposal) is may
    body = None if role == Role.OFFICIAL_SPONSOR else board
    if may:
        governance_decide(
            proposal=proposal, by=user, approve=False, rationale="Doorgaan", body=body
        )
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.REJECTED
        running.refresh_from_db()
        assert running.state == S.IN_PROGRESS  # not adopted: nothing changes
    else:
        with pytest.raises(PermissionDenied):
            governance_decide(proposal=proposal, by=user, approve=True, rationale="x", body=body)


def test_without_a_body_only_the_sponsor_decides(running, personas):
    proposal = _propose(running, personas[Role.PORTFOLIO_MANAGER], kind="stop")
    with pytest.raises(IntakeError, match="ambtelijk opdrachtgever"):
        governance_decide(
            proposal=proposal, by=personas[Role.BOARD_MEMBER], approve=True, rationale="x"
        )


def test_a_body_decides_within_its_mandate(running, personas, board):
    pm, member = personas[Role.PORTFOLIO_MANAGER], personas[Role.BOARD_MEMBER]
    board.mandate_decisions = ["admit", "reject"]
    board.save()
    proposal = _propose(running, pm, kind="stop")
    with pytest.raises(IntakeError, match="buiten het mandaat"):
        governance_decide(proposal=proposal, by=member, approve=True, rationale="x", body=board)
    board.mandate_decisions = ["stop", "change"]
    board.save()
    change = _propose(running, pm, kind="change", new_budget_capital=Decimal("900000"))
    with pytest.raises(IntakeError, match=r"tot € 500\.000"):
        governance_decide(proposal=change, by=member, approve=True, rationale="x", body=board)
    governance_decide(proposal=proposal, by=member, approve=True, rationale="Stoppen", body=board)
    running.refresh_from_db()
    assert running.state == S.STOPPED
    proposal.refresh_from_db()
    assert proposal.decided_by_label == "Portfolioboard"


def test_a_body_with_members_is_recorded_by_a_member(running, personas, board):
    board.members.set([personas[Role.BOARD_MEMBER]])
    proposal = _propose(running, personas[Role.PORTFOLIO_MANAGER], kind="stop")
    other_pm = personas[Role.OFFICIAL_SPONSOR]  # holds decision.record, is no member
    with pytest.raises(IntakeError, match="lid van"):
        governance_decide(proposal=proposal, by=other_pm, approve=True, rationale="x", body=board)


def test_an_approved_change_writes_scope_budget_and_end(running, personas):
    proposal = _propose(
        running,
        personas[Role.PORTFOLIO_MANAGER],
        kind="change",
        new_intended_result="Minder, maar beter",
        new_budget_capital=Decimal("150000"),
        new_end_year=2027,
        new_end_quarter=3,
    )
    governance_decide(
        proposal=proposal, by=personas[Role.OFFICIAL_SPONSOR], approve=True, rationale="Ja"
    )
    running.refresh_from_db()
    assert running.intended_result == "Minder, maar beter"
    assert running.budget_capital == Decimal("150000")
    assert running.duration_quarters == 3
    assert running.state == S.IN_PROGRESS


def test_a_decided_proposal_is_not_decided_again(running, personas):
    sponsor = personas[Role.OFFICIAL_SPONSOR]
    proposal = _propose(running, personas[Role.PORTFOLIO_MANAGER])
    governance_decide(proposal=proposal, by=sponsor, approve=False, rationale="Nee")
    with pytest.raises(IntakeError, match="al besloten"):
        governance_decide(proposal=proposal, by=sponsor, approve=True, rationale="Ja")


def test_withdraw(running, personas):
    proposal = _propose(running, personas[Role.PORTFOLIO_MANAGER])
    with pytest.raises(PermissionDenied):
        governance_withdraw(proposal=proposal, by=personas[Role.READER])
    governance_withdraw(proposal=proposal, by=personas[Role.PORTFOLIO_MANAGER])
    assert GovernanceProposal.objects.get(pk=proposal.pk).status == ProposalStatus.WITHDRAWN
