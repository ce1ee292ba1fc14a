"""Programmes and opgaven as steering units (issue 17): goals linked to objectives, benefits map,
budget, steering group, roadmap, and the frozen quarterly programme report."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koersvast.audit.models import AuditEvent
from koersvast.monitoring.choices import worst_colour
from koersvast.monitoring.errors import MonitoringError
from koersvast.monitoring.models import (
    Benefit,
    FrozenReportError,
    Opgave,
    Programme,
    ProgrammeInitiative,
    ProgrammeReport,
)
from koersvast.monitoring.selectors.steering import (
    benefits_map,
    programme_roadmap,
    programme_snapshot,
)
from koersvast.monitoring.services.programme_reports import (
    programme_benefit_save,
    programme_report_save,
    programme_report_submit,
)
from koersvast.monitoring.services.programmes import opgave_save, programme_save
from koersvast.tenancy.choices import Role
from tests.factories import (
    BenefitFactory,
    BudgetLineFactory,
    DecisionBodyFactory,
    FrameworkFactory,
    InitiativeFactory,
    MilestoneFactory,
    ObjectiveFactory,
    ProgrammeFactory,
    ProgressReportFactory,
    RiskFactory,
)

TODAY = datetime.date(2026, 5, 15)


@pytest.fixture
def programme(municipality, personas):
    return ProgrammeFactory(municipality=municipality, owner=personas[Role.PROJECT_LEADER])


def _join(programme, initiative):
    ProgrammeInitiative.objects.create(
        municipality=programme.municipality, programme=programme, initiative=initiative
    )
    return initiative


def _project(programme, reference, colour=None):
    initiative = _join(
        programme,
        InitiativeFactory(
            municipality=programme.municipality, reference=reference, state="in_uitvoering"
        ),
    )
    if colour:
        ProgressReportFactory(
            initiative=initiative, status="ingediend", rag_overall=colour, rag_money=colour
        )
    return initiative


@pytest.fixture
def published_objective(municipality):
    framework = FrameworkFactory(municipality=municipality, status="published")
    return ObjectiveFactory(municipality=municipality, framework=framework, code="W1")


def _report(programme, **values):
    data = {"rag": "oranje", "summary": "Het programma loopt.", "year": 2026, "quarter": 2}
    return ProgrammeReport(
        municipality_id=programme.municipality_id, programme=programme, **{**data, **values}
    )


# --- the snapshot -------------------------------------------------------------------------


def test_snapshot_rolls_up_rag_milestones_risks_and_budget(programme):
    first = _project(programme, "P-1", "rood")
    second = _project(programme, "P-2", "groen")
    _project(programme, "P-3")
    MilestoneFactory(initiative=first, baseline_date=datetime.date(2026, 4, 10))  # late, due
    MilestoneFactory(initiative=first, baseline_date=datetime.date(2026, 6, 20))  # due
    MilestoneFactory(
        initiative=second,
        baseline_date=datetime.date(2026, 4, 1),
        actual_date=datetime.date(2026, 4, 2),
    )
    RiskFactory(initiative=first)
    RiskFactory(initiative=first, status="gesloten")
    RiskFactory(initiative=None, programme=programme, municipality=programme.municipality)
    BudgetLineFactory(initiative=first, planned=Decimal(1000), actual=Decimal(1500))
    BudgetLineFactory(initiative=first, year=2025, planned=Decimal(99), actual=Decimal(99))

    snapshot = programme_snapshot(programme=programme, year=2026, quarter=2, today=TODAY)

    rows = {row["reference"]: row for row in snapshot["projects"]}
    assert list(rows) == ["P-1", "P-2", "P-3"]
    assert rows["P-1"]["rag"] == "rood" and rows["P-3"]["rag"] == ""
    assert (rows["P-1"]["milestones_due"], rows["P-1"]["milestones_late"]) == (2, 1)
    assert rows["P-2"]["milestones_done"] == 1 and rows["P-2"]["milestones_due"] == 0
    assert rows["P-1"]["risks_open"] == 1
    assert Decimal(rows["P-1"]["planned"]) == 1000 and Decimal(rows["P-1"]["actual"]) == 1500
    totals = snapshot["totals"]
    assert totals["rag"] == "rood"
    assert totals["risks_open"] == 2  # the project's and the programme's own
    assert Decimal(totals["planned"]) == 1000
    assert totals["colours"] == {"rood": 1, "groen": 1, "": 1}


def test_snapshot_query_count_does_not_grow(programme):
    for n in range(2):
        project = _project(programme, f"S-{n}", "groen")
        MilestoneFactory(initiative=project)
        RiskFactory(initiative=project)
    with CaptureQueriesContext(connection) as small:
        programme_snapshot(programme=programme, year=2026, quarter=2, today=TODAY)
    for n in range(10):
        project = _project(programme, f"L-{n}", "rood")
        MilestoneFactory(initiative=project)
        BudgetLineFactory(initiative=project)
    with CaptureQueriesContext(connection) as large:
        programme_snapshot(programme=programme, year=2026, quarter=2, today=TODAY)
    assert len(large.captured_queries) == len(small.captured_queries) <= 6


def test_worst_colour_ignores_what_is_no_colour():
    assert worst_colour(["groen", "rood", "oranje"]) == "rood"
    assert worst_colour(["groen", "", "oranje"]) == "oranje"
    assert worst_colour(["", "paars"]) == ""
    assert worst_colour([]) == ""


# --- the programme report service ---------------------------------------------------------


def test_programme_manager_draws_up_and_submits_then_frozen(programme, personas):
    manager = personas[Role.PROJECT_LEADER]
    _project(programme, "P-1", "oranje")
    draft = programme_report_save(report=_report(programme), by=manager, today=TODAY)
    assert draft.status == "concept" and draft.author == manager
    assert draft.snapshot["projects"][0]["rag"] == "oranje"
    _project(programme, "P-2", "rood")
    report = programme_report_submit(report=draft, by=manager, today=TODAY)
    assert report.status == "ingediend" and report.submitted_by == manager
    # The snapshot was refreshed at submission.
    assert [p["reference"] for p in report.snapshot["projects"]] == ["P-1", "P-2"]
    fresh = ProgrammeReport.objects.get(pk=report.pk)
    fresh.summary = "Stiekem aangepast"
    with pytest.raises(FrozenReportError):
        fresh.save()
    with pytest.raises(FrozenReportError):
        fresh.delete()
    with pytest.raises(MonitoringError):
        programme_report_save(report=fresh, by=manager)
    assert ProgrammeReport.objects.get(pk=report.pk).summary == "Het programma loopt."


def test_one_report_per_programme_and_quarter(programme, personas):
    pm = personas[Role.PORTFOLIO_MANAGER]
    programme_report_save(report=_report(programme), by=pm, submit=True)
    with pytest.raises(MonitoringError):
        programme_report_save(report=_report(programme), by=pm)
    # A new quarter gives a new report.
    programme_report_save(report=_report(programme, quarter=3), by=pm)
    assert ProgrammeReport.objects.filter(programme=programme).count() == 2


@pytest.mark.parametrize(
    "role", [Role.READER, Role.OFFICIAL_SPONSOR, Role.BOARD_MEMBER, Role.SUBMITTER]
)
def test_others_may_not_draw_up_a_programme_report(programme, personas, role):
    with pytest.raises(PermissionDenied):
        programme_report_save(report=_report(programme), by=personas[role])


def test_a_project_leader_who_does_not_lead_the_programme_may_not(municipality, personas):
    other = ProgrammeFactory(municipality=municipality, owner=personas[Role.PORTFOLIO_MANAGER])
    with pytest.raises(PermissionDenied):
        programme_report_save(report=_report(other), by=personas[Role.PROJECT_LEADER])


def test_outsider_may_not_draw_up(programme, outsider):
    with pytest.raises(PermissionDenied):
        programme_report_save(report=_report(programme), by=outsider)


# --- programme and opgave services --------------------------------------------------------


def test_programme_save_links_objectives_steering_group_and_audits(
    programme, personas, published_objective, other_municipality
):
    pm = personas[Role.PORTFOLIO_MANAGER]
    body = DecisionBodyFactory(municipality=programme.municipality, name="Stuurgroep Wonen")
    foreign = ObjectiveFactory(municipality=other_municipality)
    programme.steering_group = body
    programme.own_budget = Decimal(50000)
    programme_save(
        programme=programme, initiatives=[], objectives=[published_objective, foreign], by=pm
    )
    programme.refresh_from_db()
    assert programme.steering_group == body
    assert list(programme.objectives.all()) == [published_objective]
    assert AuditEvent.objects.filter(
        object_id=str(programme.pk), changes__has_key="objectives"
    ).exists()


def test_opgave_save_with_owner_and_objectives(municipality, personas, published_objective):
    pm = personas[Role.PORTFOLIO_MANAGER]
    opgave = Opgave(municipality=municipality, name="Wonen", owner=personas[Role.OFFICIAL_SPONSOR])
    opgave_save(opgave=opgave, objectives=[published_objective], by=pm)
    assert list(opgave.objectives.all()) == [published_objective]
    with pytest.raises(PermissionDenied):
        opgave_save(opgave=opgave, objectives=[], by=personas[Role.READER])


# --- benefits map and roadmap -------------------------------------------------------------


def test_benefits_map_shows_who_delivers_each_benefit(programme, personas):
    first = _project(programme, "P-1")
    second = _project(programme, "P-2")
    outside = InitiativeFactory(municipality=programme.municipality, reference="X-1")
    own = Benefit(
        municipality=programme.municipality,
        programme=programme,
        name="Minder wachttijd",
        kpi="Dagen",
        unit="dagen",
        baseline=Decimal(20),
        target=Decimal(10),
        target_date=datetime.date(2027, 1, 1),
    )
    programme_benefit_save(
        benefit=own, delivered_by=[first, second, outside], by=personas[Role.PORTFOLIO_MANAGER]
    )
    BenefitFactory(initiative=first, name="Tevreden inwoners")
    rows = benefits_map(programme=programme)
    assert [(r.benefit.name, r.level) for r in rows] == [
        ("Minder wachttijd", "programme"),
        ("Tevreden inwoners", "initiative"),
    ]
    assert [i.reference for i in rows[0].delivered_by] == ["P-1", "P-2"]  # not X-1
    assert rows[1].delivered_by == [first]


def test_roadmap_without_a_plan_lists_initiatives_without_quarters(programme):
    _project(programme, "P-1")
    rows = programme_roadmap(programme=programme)
    assert [(r["reference"], r["planned_start"]) for r in rows] == [("P-1", None)]


# --- views --------------------------------------------------------------------------------


def test_programme_page_shows_goals_budget_steering_group_map_and_reports(
    programme, personas, pm_client, published_objective
):
    programme.steering_group = DecisionBodyFactory(
        municipality=programme.municipality, name="Stuurgroep Wonen"
    )
    programme.own_budget = Decimal(25000)
    programme.save()
    programme.objectives.add(published_objective)
    initiative = _project(programme, "P-1", "groen")
    initiative.budget_capital, initiative.budget_operating = Decimal(100000), Decimal(0)
    initiative.save()
    report = programme_report_save(
        report=_report(programme), by=personas[Role.PORTFOLIO_MANAGER], submit=True
    )
    response = pm_client.get(reverse("monitoring:programme_detail", args=[programme.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Stuurgroep Wonen" in html
    assert published_objective.name in html
    assert "125.000" in html  # 100,000 of the initiative plus 25,000 of its own
    assert "Batenkaart" in html and "Roadmap van het programma" in html
    assert report.get_absolute_url() in html


def test_programme_report_pages(programme, personas, client_for):
    manager = client_for(personas[Role.PROJECT_LEADER])
    _project(programme, "P-1", "rood")
    url = reverse("monitoring:programme_report_create", args=[programme.pk])
    assert manager.get(url).status_code == 200
    response = manager.post(
        url,
        {"year": 2026, "quarter": 2, "rag": "rood", "summary": "Zorgen.", "submit": "1"},
    )
    report = ProgrammeReport.objects.get(programme=programme)
    assert response.status_code == 302 and report.is_frozen
    detail = manager.get(report.get_absolute_url()).content.decode()
    assert "P-1" in detail and "ligt vast" in detail
    edit = manager.get(reverse("monitoring:programme_report_edit", args=[report.pk]))
    assert edit.status_code == 302  # frozen: back to the report
    reader = client_for(personas[Role.READER])
    assert reader.get(report.get_absolute_url()).status_code == 200
    assert reader.get(url).status_code == 403


def test_programme_report_form_refuses_a_second_report_for_the_quarter(
    programme, personas, pm_client
):
    programme_report_save(report=_report(programme), by=personas[Role.PORTFOLIO_MANAGER])
    url = reverse("monitoring:programme_report_create", args=[programme.pk])
    response = pm_client.post(url, {"year": 2026, "quarter": 2, "rag": "groen", "summary": "x"})
    assert response.status_code == 200
    assert "Er is al een programmarapportage" in response.content.decode()


def test_opgave_page_shows_programmes_that_serve_it(
    municipality, personas, pm_client, programme, published_objective
):
    opgave = Opgave.objects.create(
        municipality=municipality, name="Wonen", owner=personas[Role.OFFICIAL_SPONSOR]
    )
    opgave.objectives.add(published_objective)
    programme.opgave = opgave
    programme.save()
    html = pm_client.get(opgave.get_absolute_url()).content.decode()
    assert programme.name in html and published_objective.name in html


def test_programme_form_saves_the_new_fields(
    municipality, personas, pm_client, published_objective
):
    body = DecisionBodyFactory(municipality=municipality, name="Stuurgroep")
    response = pm_client.post(
        reverse("monitoring:programme_create"),
        {
            "name": "Energie",
            "objectives": [published_objective.pk],
            "goals": "Toelichting",
            "owner": personas[Role.PROJECT_LEADER].pk,
            "steering_group": body.pk,
            "own_budget": "10000",
        },
    )
    assert response.status_code == 302
    saved = Programme.objects.get(name="Energie")
    assert saved.steering_group == body and saved.own_budget == Decimal(10000)
    assert list(saved.objectives.all()) == [published_objective]


def test_programme_benefit_form(programme, pm_client):
    project = _project(programme, "P-1")
    response = pm_client.post(
        reverse("monitoring:programme_benefit_create", args=[programme.pk]),
        {
            "name": "Minder uitstoot",
            "kpi": "CO2",
            "unit": "ton",
            "baseline": "100",
            "target": "50",
            "target_date": "2028-01-01",
            "delivered_by": [project.pk],
        },
    )
    assert response.status_code == 302
    benefit = Benefit.objects.get(name="Minder uitstoot")
    assert benefit.programme == programme and list(benefit.delivered_by.all()) == [project]
