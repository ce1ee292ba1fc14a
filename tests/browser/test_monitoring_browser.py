"""Monitoring in the browser: a project leader reports, the portfolio manager sees it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from koersvast.tenancy.choices import Role
from tests.conftest import PASSWORD
from tests.factories import BenefitFactory, InitiativeFactory, ProgrammeFactory

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Renovatie zwembad De Vliet"


def test_project_leader_reports_and_portfolio_manager_sees_it(live_server, page: Page, personas):
    leader = personas[Role.PROJECT_LEADER]
    initiative = InitiativeFactory(
        municipality=leader.memberships.get().municipality,
        title=TITLE,
        state="in_uitvoering",
        contractor=leader,
    )
    ProgrammeFactory(municipality=initiative.municipality, name="Sport en bewegen")
    BenefitFactory(initiative=initiative, name="Meer zwemuren")

    # 1. The project leader writes and submits the quarterly report with an orange aspect.
    login(page, live_server, leader.username, PASSWORD)
    page.goto(f"{live_server.url}/monitoring/initiatieven/{initiative.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert_accessible(page)
    page.get_by_role("link", name="Nieuwe rapportage").click()
    assert_accessible(page)
    for label in ("Tijd", "Scope", "Kwaliteit", "Risico's", "Capaciteit", "Draagvlak"):
        page.get_by_label(f"{label}:", exact=True).select_option("groen")
    page.get_by_label("Geld:", exact=True).select_option("oranje")
    page.get_by_label("Toelichting op de voortgang").fill(
        "Aanbesteding duurder dan geraamd; gemeld."
    )
    page.get_by_label("Prognose").fill("Meerkosten van 8% binnen de post onvoorzien.")
    page.get_by_role("button", name="Indienen").click()
    expect(page.get_by_role("status")).to_contain_text("Rapportage ingediend")
    expect(page.get_by_role("table", name="Stoplicht per aspect")).to_contain_text("Oranje")
    assert_accessible(page)

    # 2. ... and adds a risk to the register.
    page.get_by_role("link", name=TITLE).first.click()
    page.get_by_role("link", name="Risico toevoegen").click()
    assert_accessible(page)
    page.get_by_label("Risico:", exact=True).fill("Asbest in de kelder")
    page.get_by_label("Kans (1–5)").select_option("4")
    page.get_by_label("Impact (1–5)").select_option("5")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("table", name="Risico's van dit initiatief")).to_contain_text(
        "4 × 5 = 20"
    )

    # ... and records the koersvast-gesprek with an action for next time.
    page.get_by_role("link", name="Koersvast-gesprek vastleggen").click()
    assert_accessible(page)
    page.get_by_label("Actie 1:", exact=True).fill("Meerkosten voorleggen aan de opdrachtgever")
    page.get_by_role("button", name="Gesprek vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("Gesprek vastgelegd")

    # 3. The portfolio manager sees both on the monitoring overview and in the heat map.
    page.get_by_role("button", name="Uitloggen").click()
    login(page, live_server, Role.PORTFOLIO_MANAGER.value, PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Monitoring").click()
    row = page.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("Oranje")
    expect(page.get_by_role("table", name="Grootste risico's in het portfolio")).to_contain_text(
        "Asbest in de kelder"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Risico's", exact=True).click()
    heat = page.get_by_role("table", name="Risicomatrix", exact=False)
    expect(heat.get_by_role("row").filter(has_text="Kans 4")).to_contain_text("1 score 20")
    assert_accessible(page)
    for name in ("Programma's", "Budget", "Baten"):
        page.get_by_role("navigation", name="Monitoring").get_by_role(
            "link", name=name, exact=True
        ).click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    page.get_by_role("link", name="Meer zwemuren").click()
    page.get_by_label("Meetdatum").fill("2026-03-01")
    page.get_by_label("Waarde").fill("15")
    page.get_by_role("button", name="Meting vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("Meting vastgelegd")
    assert_accessible(page)
    page.get_by_role("link", name="Baten", exact=True).first.click()
    rollup = page.get_by_role("table", name="Gepland en gerealiseerd per doelstelling")
    expect(rollup).to_contain_text("50 %")
