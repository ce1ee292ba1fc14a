"""A programme report in the browser (issue 17): the programme manager draws it up, it rolls
up the projects (RAG, milestones, risks, budget), is submitted and frozen; axe passes."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from koersvast.monitoring.models import ProgrammeInitiative, ProgrammeReport
from koersvast.monitoring.selectors.periods import quarter_of
from koersvast.tenancy.choices import Role
from tests.conftest import PASSWORD
from tests.factories import (
    BudgetLineFactory,
    DecisionBodyFactory,
    InitiativeFactory,
    MilestoneFactory,
    ProgrammeFactory,
    ProgressReportFactory,
    RiskFactory,
)

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROGRAMME = "Energietransitie"


def _programme(manager):
    municipality = manager.memberships.get().municipality
    programme = ProgrammeFactory(
        municipality=municipality,
        name=PROGRAMME,
        owner=manager,
        own_budget=Decimal(50_000),
        steering_group=DecisionBodyFactory(municipality=municipality, name="Stuurgroep Energie"),
    )
    today = timezone.localdate()
    year, _quarter = quarter_of(today)
    for reference, title, colour in (
        ("EN-1", "Zon op daken", "rood"),
        ("EN-2", "Warmtenet Oost", "groen"),
    ):
        initiative = InitiativeFactory(
            municipality=municipality, reference=reference, title=title, state="in_uitvoering"
        )
        ProgrammeInitiative.objects.create(
            municipality=municipality, programme=programme, initiative=initiative
        )
        ProgressReportFactory(
            initiative=initiative, status="ingediend", rag_overall=colour, rag_time=colour
        )
        if colour == "rood":
            MilestoneFactory(
                initiative=initiative,
                name="Aanbesteding gegund",
                baseline_date=today - datetime.timedelta(days=10),
            )
            RiskFactory(initiative=initiative, title="Netcongestie")
            BudgetLineFactory(
                initiative=initiative, year=year, planned=Decimal(80_000), actual=Decimal(95_000)
            )
    return programme


@pytest.mark.parametrize("role", [Role.PROJECT_LEADER, Role.PORTFOLIO_MANAGER])
def test_programme_report_rolls_up_projects_and_is_frozen(live_server, page: Page, personas, role):
    manager = personas[role]
    programme = _programme(manager)

    login(page, live_server, manager.username, PASSWORD)
    page.goto(f"{live_server.url}{programme.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(PROGRAMME)
    expect(page.locator("dl.facts")).to_contain_text("Stuurgroep Energie")
    expect(page.get_by_role("table", name="Batenkaart", exact=False)).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Programmarapportage opstellen").click()
    assert_accessible(page)
    page.get_by_label("Stoplicht van het programma:", exact=True).select_option("oranje")
    page.get_by_label("Samenvatting").fill("Zon op daken loopt uit door netcongestie.")
    page.get_by_role("button", name="Indienen").click()

    expect(page.get_by_role("status")).to_contain_text("Programmarapportage ingediend")
    projects = page.get_by_role("table", name="Stand van de projecten")
    red = projects.get_by_role("row").filter(has_text="Zon op daken")
    expect(red).to_contain_text("Rood")
    expect(red).to_contain_text("95.000")  # actual against 80.000 planned
    expect(red.get_by_role("cell").nth(3)).to_have_text("1")  # one milestone late
    expect(projects.get_by_role("row").filter(has_text="Warmtenet Oost")).to_contain_text("Groen")
    expect(page.locator("dl.programme-report-totals")).to_contain_text("1")
    expect(page.get_by_text("ligt vast")).to_be_visible()
    expect(page.get_by_role("link", name="Concept bewerken")).to_have_count(0)
    assert_accessible(page)

    # Frozen: the edit page sends you back to the report.
    report = ProgrammeReport.objects.get(programme=programme)
    assert report.is_frozen and report.snapshot["totals"]["rag"] == "rood"
    page.goto(f"{live_server.url}/monitoring/programmarapportages/{report.pk}/bewerken/")
    expect(page.get_by_role("alert").or_(page.get_by_role("status"))).to_contain_text(
        "verandert niet meer"
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Programmarapportage")

    # The programme page lists it.
    page.goto(f"{live_server.url}{programme.get_absolute_url()}")
    reports = page.get_by_role("table", name="Programmarapportages per kwartaal")
    expect(reports).to_contain_text("Ingediend")
    assert_accessible(page)
