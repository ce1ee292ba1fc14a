"""Monitoring pages: who may open what (200/403), forms, frozen reports in the UI, empty states."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from koersvast.monitoring.models import BudgetLine, ProgressReport, Risk
from koersvast.tenancy.choices import Role
from tests.factories import (
    BenefitFactory,
    InitiativeFactory,
    MilestoneFactory,
    ProgrammeFactory,
    ProgressReportFactory,
    RiskFactory,
)

VIEWERS = [r for r in Role if r not in (Role.SUBMITTER, Role.ADMINISTRATOR)]


@pytest.fixture
def running(municipality, personas):
    return InitiativeFactory(
        municipality=municipality,
        state="in_uitvoering",
        contractor=personas[Role.PROJECT_LEADER],
        official_sponsor=personas[Role.OFFICIAL_SPONSOR],
        title="Nieuwe sporthal",
    )


LIST_PAGES = ["index", "programmes", "risks", "benefits", "budget"]


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_pages_for_viewers_and_not_for_submitters(name, personas, client_for, running):
    url = reverse(f"monitoring:{name}")
    for role in VIEWERS:
        assert client_for(personas[role]).get(url).status_code == 200, role
    assert client_for(personas[Role.SUBMITTER]).get(url).status_code == 403


def test_empty_states(pm_client):
    body = pm_client.get(reverse("monitoring:index")).content.decode()
    assert "Er zijn geen initiatieven in uitvoering." in body
    assert "Nog geen programma" in pm_client.get(reverse("monitoring:programmes")).content.decode()
    assert "Geen risico" in pm_client.get(reverse("monitoring:risks")).content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.PROJECT_LEADER, 200),
        (Role.PORTFOLIO_MANAGER, 200),
        (Role.READER, 403),
        (Role.OFFICIAL_SPONSOR, 403),
    ],
)
def test_report_form_rights(running, personas, client_for, role, status):
    url = reverse("monitoring:report_create", args=[running.pk])
    assert client_for(personas[role]).get(url).status_code == status


def _report_data(**overrides):
    data = {
        "year": "2026",
        "quarter": "2",
        "rag_time": "groen",
        "rag_money": "oranje",
        "rag_scope": "groen",
        "rag_quality": "groen",
        "rag_risks": "groen",
        "rag_capacity": "groen",
        "rag_support": "groen",
        "narrative": "De aanbesteding loopt.",
        "forecast": "",
        "decisions_needed": "",
        "submit": "1",
    }
    data.update(overrides)
    return data


def test_submit_report_via_the_form_then_it_is_frozen(running, personas, client_for):
    client = client_for(personas[Role.PROJECT_LEADER])
    response = client.post(reverse("monitoring:report_create", args=[running.pk]), _report_data())
    report = ProgressReport.objects.get()
    assert response.status_code == 302 and report.status == "ingediend"
    assert report.rag_overall == "oranje"
    edit = client.get(reverse("monitoring:report_edit", args=[report.pk]))
    assert edit.status_code == 302
    client.post(reverse("monitoring:report_edit", args=[report.pk]), _report_data(narrative="x"))
    report.refresh_from_db()
    assert report.narrative == "De aanbesteding loopt."
    correct = client.post(reverse("monitoring:report_correct", args=[report.pk]))
    correction = ProgressReport.objects.get(version=2)
    assert correct.url == reverse("monitoring:report_edit", args=[correction.pk])
    pm = client_for(personas[Role.PORTFOLIO_MANAGER])
    body = pm.get(reverse("monitoring:index")).content.decode()
    assert "Nieuwe sporthal" in body and "rag--oranje" in body


def test_report_form_errors_in_dutch(running, personas, client_for):
    client = client_for(personas[Role.PROJECT_LEADER])
    response = client.post(
        reverse("monitoring:report_create", args=[running.pk]),
        _report_data(narrative="", rag_time="", rag_scope="rood"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Licht de voortgang toe." in body
    assert "Kies een kleur voor dit aspect." in body
    assert "Bij een rood aspect hoort een prognose" in body
    assert not ProgressReport.objects.exists()


def test_initiative_page_shows_everything(running, pm_client):
    ProgressReportFactory(initiative=running, status="ingediend")
    MilestoneFactory(
        initiative=running,
        name="Gunning",
        baseline_date=datetime.date(2026, 1, 1),
        forecast_date=datetime.date(2026, 1, 31),
    )
    RiskFactory(initiative=running, title="Stikstof")
    BenefitFactory(initiative=running, name="Meer sporturen")
    body = pm_client.get(reverse("monitoring:initiative", args=[running.pk])).content.decode()
    for text in (
        "Gunning",
        "+30",
        "Stikstof",
        "Meer sporturen",
        "Initiatie",
        "Naar de volgende fase",
    ):
        assert text in body


def test_risk_and_milestone_forms(running, personas, client_for):
    client = client_for(personas[Role.PROJECT_LEADER])
    response = client.post(
        reverse("monitoring:risk_create", args=[running.pk]),
        {"title": "Bezwaar omwonenden", "probability": "4", "impact": "5", "status": "open"},
    )
    assert response.status_code == 302
    assert Risk.objects.get().score == 20
    response = client.post(
        reverse("monitoring:milestone_create", args=[running.pk]),
        {"name": "Oplevering", "baseline_date": "2026-09-01"},
    )
    assert response.status_code == 302
    reader = client_for(personas[Role.READER])
    assert reader.get(reverse("monitoring:risk_create", args=[running.pk])).status_code == 403


def test_programme_create_and_detail(running, pm_client, client_for, personas):
    response = pm_client.post(
        reverse("monitoring:programme_create"),
        {"name": "Sport en bewegen", "goals": "Iedereen beweegt", "initiatives": [running.pk]},
    )
    assert response.status_code == 302
    detail = pm_client.get(response.url).content.decode()
    assert "Nieuwe sporthal" in detail
    leader = client_for(personas[Role.PROJECT_LEADER])
    assert leader.get(reverse("monitoring:programme_create")).status_code == 403


def test_benefit_measurement_updates_objective_rollup(running, pm_client, municipality):
    benefit = BenefitFactory(initiative=running, baseline=Decimal(0), target=Decimal(100))
    response = pm_client.post(
        reverse("monitoring:benefit_detail", args=[benefit.pk]),
        {"measured_on": "2026-03-01", "value": "50"},
    )
    assert response.status_code == 302
    body = pm_client.get(reverse("monitoring:benefits")).content.decode()
    assert "50 %" in body


def test_budget_import_page(running, pm_client):
    upload = SimpleUploadedFile(
        "actuals.csv",
        f"kenmerk;jaar;soort;bedrag\n{running.reference};2026;krediet;12,5\n".encode(),
    )
    response = pm_client.post(reverse("monitoring:budget_import"), {"file": upload})
    assert response.status_code == 302
    assert BudgetLine.objects.get().actual == Decimal("12.50")
    bad = SimpleUploadedFile("bad.csv", b"kenmerk;jaar;soort;bedrag\nNOPE;2026;krediet;1\n")
    body = pm_client.post(reverse("monitoring:budget_import"), {"file": bad}).content.decode()
    assert "Er is niets ingelezen" in body and "NOPE" in body


def test_phase_advance_view(running, personas, client_for):
    client = client_for(personas[Role.OFFICIAL_SPONSOR])
    url = reverse("monitoring:phase_advance", args=[running.pk])
    client.post(url, {"documents": ["Projectopdracht"]})
    assert running.phase_gates.get().to_phase == "definitie"
    assert client_for(personas[Role.READER]).post(url).status_code == 403


def test_rag_settings(pm_client, municipality):
    response = pm_client.post(
        reverse("monitoring:settings"),
        {"groen": "Binnen mandaat", "oranje": "Buiten mandaat, gemeld", "rood": "Niet gemeld"},
    )
    assert response.status_code == 302
    assert "Buiten mandaat, gemeld" in pm_client.get(reverse("monitoring:index")).content.decode()


def test_programme_page_for_reader(personas, client_for, municipality):
    programme = ProgrammeFactory(municipality=municipality)
    reader = client_for(personas[Role.READER])
    assert reader.get(programme.get_absolute_url()).status_code == 200
    assert reader.get(reverse("monitoring:programme_edit", args=[programme.pk])).status_code == 403


def test_opgave_create_edit_and_list(municipality, personas, pm_client, client_for):
    from koersvast.monitoring.models import Opgave

    response = pm_client.post(
        reverse("monitoring:opgave_create"), {"name": "Wonen", "description": "Bouwen"}
    )
    assert response.status_code == 302
    opgave = Opgave.objects.get()
    assert opgave.municipality == municipality
    ProgrammeFactory(municipality=municipality, opgave=opgave)
    page = pm_client.get(reverse("monitoring:programmes")).content.decode()
    # The list links to the opgave's page, which offers the portfolio manager to edit it.
    assert "Wonen" in page and opgave.get_absolute_url() in page
    detail = pm_client.get(opgave.get_absolute_url()).content.decode()
    assert reverse("monitoring:opgave_edit", args=[opgave.pk]) in detail
    duplicate = pm_client.post(reverse("monitoring:opgave_create"), {"name": " wonen "})
    assert "Er is al een opgave met deze naam." in duplicate.content.decode()
    pm_client.post(reverse("monitoring:opgave_edit", args=[opgave.pk]), {"name": "Wonen 2030"})
    opgave.refresh_from_db()
    assert opgave.name == "Wonen 2030"
    reader = client_for(personas[Role.READER])
    assert reader.get(reverse("monitoring:opgave_create")).status_code == 403
    assert reader.get(reverse("monitoring:opgave_edit", args=[opgave.pk])).status_code == 403
    assert (
        reverse("monitoring:opgave_edit", args=[opgave.pk])
        not in reader.get(opgave.get_absolute_url()).content.decode()
    )


def _draft_data(**overrides):
    """The report form as "save as draft" posts it (no submit button)."""
    data = _report_data(**overrides)
    del data["submit"]
    return data


def test_a_draft_report_changed_meanwhile_is_not_overwritten(running, personas, client_for):
    """Two people edit the same draft: the second save shows both versions, nothing is lost."""
    leader = client_for(personas[Role.PROJECT_LEADER])
    manager = client_for(personas[Role.PORTFOLIO_MANAGER])
    leader.post(reverse("monitoring:report_create", args=[running.pk]), _draft_data())
    report = ProgressReport.objects.get()
    url = reverse("monitoring:report_edit", args=[report.pk])
    token = leader.get(url).context["form"]["loaded_version"].value()
    assert token == manager.get(url).context["form"]["loaded_version"].value()

    draft = _draft_data(narrative="Versie van de projectleider")
    assert leader.post(url, draft | {"loaded_version": token}).status_code == 302
    theirs = draft | {"narrative": "Versie van de portfoliomanager", "loaded_version": token}
    response = manager.post(url, theirs)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in body
    assert "Versie van de projectleider" in body and "Versie van de portfoliomanager" in body
    report.refresh_from_db()
    assert report.narrative == "Versie van de projectleider"
    fresh = response.context["form"]["loaded_version"].value()
    assert manager.post(url, theirs | {"loaded_version": fresh}).status_code == 302
    report.refresh_from_db()
    assert report.narrative == "Versie van de portfoliomanager"


def test_a_draft_submitted_meanwhile_stays_frozen(running, personas, client_for):
    leader = client_for(personas[Role.PROJECT_LEADER])
    leader.post(reverse("monitoring:report_create", args=[running.pk]), _draft_data())
    report = ProgressReport.objects.get()
    url = reverse("monitoring:report_edit", args=[report.pk])
    token = leader.get(url).context["form"]["loaded_version"].value()
    assert leader.post(url, _report_data(loaded_version=token)).status_code == 302  # submitted
    late = _draft_data(narrative="Te laat")
    leader.post(url, late | {"loaded_version": token})
    report.refresh_from_db()
    assert (report.status, report.narrative) == ("ingediend", "De aanbesteding loopt.")
