"""Programmes, milestones, risks (from advice, heat map), benefits and phase gates."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from koersvast.monitoring.errors import MonitoringError
from koersvast.monitoring.models import Milestone, Programme, Risk
from koersvast.monitoring.selectors.benefits import benefits_by_objective, esg_rollup
from koersvast.monitoring.selectors.phases import current_phase
from koersvast.monitoring.selectors.programmes import programme_rollups
from koersvast.monitoring.selectors.risks import heat_map, risk_register, top_risks
from koersvast.monitoring.services.benefits import measurement_record
from koersvast.monitoring.services.meetings import meeting_action_done, project_meeting_record
from koersvast.monitoring.services.milestones import milestone_save
from koersvast.monitoring.services.phases import phase_advance
from koersvast.monitoring.services.programmes import programme_save
from koersvast.monitoring.services.risks import risks_from_advice
from koersvast.tenancy.choices import Role
from tests.factories import (
    AdviceFactory,
    BenefitFactory,
    BudgetLineFactory,
    InitiativeFactory,
    MilestoneFactory,
    ObjectiveFactory,
    ProgrammeFactory,
    ProgressReportFactory,
    RiskFactory,
)


def test_milestone_slippage():
    base = datetime.date(2026, 3, 1)
    milestone = Milestone(baseline_date=base, forecast_date=datetime.date(2026, 3, 15))
    assert milestone.slippage_days() == 14
    milestone.actual_date = datetime.date(2026, 2, 27)
    assert milestone.slippage_days() == -2
    assert not milestone.is_overdue(datetime.date(2026, 6, 1))
    late = Milestone(baseline_date=base)
    assert late.is_overdue(datetime.date(2026, 3, 2))


def test_programme_links_move_initiatives(municipality, personas):
    pm = personas[Role.PORTFOLIO_MANAGER]
    a, b = InitiativeFactory.create_batch(2, municipality=municipality)
    first = programme_save(
        programme=Programme(municipality=municipality, name="Wonen"), initiatives=[a, b], by=pm
    )
    second = programme_save(
        programme=Programme(municipality=municipality, name="Energie"), initiatives=[b], by=pm
    )
    assert set(first.links.values_list("initiative_id", flat=True)) == {a.pk}
    assert set(second.links.values_list("initiative_id", flat=True)) == {b.pk}
    with pytest.raises(PermissionDenied):
        programme_save(
            programme=Programme(municipality=municipality, name="X"),
            initiatives=[],
            by=personas[Role.PROJECT_LEADER],
        )


def test_programme_rollup(municipality, personas):
    programme = ProgrammeFactory(municipality=municipality)
    a = InitiativeFactory(
        municipality=municipality, state="in_uitvoering", budget_operating=Decimal(1000)
    )
    b = InitiativeFactory(
        municipality=municipality, state="in_uitvoering", budget_capital=Decimal(500)
    )
    programme_save(programme=programme, initiatives=[a, b], by=personas[Role.PORTFOLIO_MANAGER])
    ProgressReportFactory(initiative=a, status="ingediend", rag_overall="rood")
    ProgressReportFactory(initiative=b, status="ingediend", rag_overall="groen")
    RiskFactory(initiative=a)
    RiskFactory(initiative=b, status="gesloten")
    RiskFactory(initiative=None, programme=programme, municipality=municipality)
    BudgetLineFactory(initiative=a, actual=Decimal(250))
    benefit = BenefitFactory(initiative=a)
    benefit.measurements.create(
        municipality=municipality, measured_on=datetime.date(2026, 1, 1), value=Decimal(10)
    )
    rollup = programme_rollups([programme])[0]
    assert rollup.initiatives == 2
    assert rollup.budget == Decimal(1500)
    assert rollup.actual == Decimal(250)
    assert rollup.colours == {"rood": 1, "groen": 1}
    assert rollup.worst == "rood"
    assert rollup.risks == 2
    assert (rollup.benefits, rollup.benefits_realised) == (1, 1)


def test_risks_from_advice_is_idempotent(municipality, personas):
    initiative = InitiativeFactory(
        municipality=municipality, contractor=personas[Role.PROJECT_LEADER]
    )
    AdviceFactory(initiative=initiative, kind="ciso", risks="Hosting buiten de EU\n\nGeen exit")
    AdviceFactory(initiative=initiative, kind="privacy", risks="")
    created = risks_from_advice(initiative=initiative)
    assert sorted(r.title for r in created) == ["Geen exit", "Hosting buiten de EU"]
    assert risks_from_advice(initiative=initiative) == []
    risk = Risk.objects.get(title="Geen exit")
    assert risk.source == "advies" and risk.owner == personas[Role.PROJECT_LEADER]
    assert risk.score == 9


def test_heat_map_and_top_risks(municipality):
    RiskFactory(
        initiative__municipality=municipality, municipality=municipality, probability=5, impact=5
    )
    RiskFactory(
        initiative__municipality=municipality, municipality=municipality, probability=5, impact=5
    )
    RiskFactory(
        initiative__municipality=municipality, municipality=municipality, probability=1, impact=2
    )
    RiskFactory(initiative__municipality=municipality, municipality=municipality, status="gesloten")
    risks = risk_register(municipality=municipality)
    heat = heat_map(risks)
    assert heat.total == 3
    top_row = {impact: count for impact, _score, count in heat.rows[0][1]}
    assert heat.rows[0][0] == 5 and top_row[5] == 2
    assert [r.score for r in top_risks(municipality=municipality)] == [25, 25, 2]


def test_benefit_rollup_per_objective(municipality, personas):
    objective = ObjectiveFactory(municipality=municipality, esg_theme="S")
    done = BenefitFactory(
        initiative__municipality=municipality,
        municipality=municipality,
        objective=objective,
        target_date=datetime.date(2026, 1, 1),
    )
    half = BenefitFactory(
        initiative__municipality=municipality,
        municipality=municipality,
        objective=objective,
        target_date=datetime.date(2027, 1, 1),
    )
    pm = personas[Role.PORTFOLIO_MANAGER]
    measurement_record(
        benefit=done, measured_on=datetime.date(2026, 2, 1), value=Decimal(10), by=pm
    )
    measurement_record(
        benefit=half, measured_on=datetime.date(2026, 2, 1), value=Decimal(15), by=pm
    )
    rows = benefits_by_objective(municipality=municipality, today=datetime.date(2026, 6, 1))
    assert len(rows) == 1
    row = rows[0]
    assert (row.benefits, row.due, row.realised) == (2, 1, 1)
    assert round(row.average_pct) == 75
    esg = {r.theme: r for r in esg_rollup(municipality=municipality)}
    assert esg["Sociaal (S)"].benefits == 2


def test_line_owner_measures_after_project_closed(municipality, personas):
    owner = personas[Role.OFFICIAL_SPONSOR]
    benefit = BenefitFactory(
        initiative__municipality=municipality,
        initiative__state="batenrealisatie",
        municipality=municipality,
        owner=owner,
    )
    measurement_record(
        benefit=benefit, measured_on=datetime.date(2027, 1, 1), value=Decimal(12), by=owner
    )
    with pytest.raises(PermissionDenied):
        measurement_record(
            benefit=benefit,
            measured_on=datetime.date(2027, 2, 1),
            value=Decimal(1),
            by=personas[Role.READER],
        )


def test_phase_gate_needs_documents_and_the_sponsor(municipality, personas):
    sponsor = personas[Role.OFFICIAL_SPONSOR]
    initiative = InitiativeFactory(municipality=municipality, official_sponsor=sponsor)
    with pytest.raises(MonitoringError, match="Projectopdracht"):
        phase_advance(initiative=initiative, by=sponsor, documents=[])
    with pytest.raises(PermissionDenied):
        phase_advance(
            initiative=initiative, by=personas[Role.PROJECT_LEADER], documents=["Projectopdracht"]
        )
    gate = phase_advance(initiative=initiative, by=sponsor, documents=["Projectopdracht"])
    assert (gate.from_phase, gate.to_phase, gate.decided_by) == ("initiatie", "definitie", sponsor)
    assert current_phase(initiative) == "definitie"


def test_milestone_rights(municipality, personas):
    milestone = MilestoneFactory(
        initiative__municipality=municipality,
        municipality=municipality,
        initiative__contractor=personas[Role.PROJECT_LEADER],
    )
    milestone_save(milestone=milestone, by=personas[Role.PROJECT_LEADER])
    with pytest.raises(PermissionDenied):
        milestone_save(milestone=milestone, by=personas[Role.BOARD_MEMBER])


def test_project_meeting_with_actions(municipality, personas, client_for):
    leader = personas[Role.PROJECT_LEADER]
    initiative = InitiativeFactory(municipality=municipality, contractor=leader)
    meeting = project_meeting_record(
        initiative=initiative,
        kind="koersvast",
        held_on=datetime.date(2026, 3, 1),
        notes="Scope besproken.",
        actions=[("Planning bijwerken", leader, datetime.date(2026, 3, 15)), ("", None, None)],
        by=leader,
    )
    action = meeting.actions.get()
    meeting_action_done(action=action, by=leader)
    assert action.done
    with pytest.raises(PermissionDenied):
        project_meeting_record(
            initiative=initiative,
            kind="projectstart",
            held_on=datetime.date(2026, 1, 1),
            notes="",
            actions=[],
            by=personas[Role.READER],
        )
    body = client_for(leader).get(f"/monitoring/initiatieven/{initiative.pk}/").content.decode()
    assert "Planning bijwerken" in body and "Koersvast-gesprek" in body
