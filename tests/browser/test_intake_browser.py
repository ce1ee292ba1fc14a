"""The intake journey in the browser: submit → criteria → advice → score → decision → backlog."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from koersvast.demo import content
from tests.demo_snapshot import load_demo

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Chatbot voor het klantcontactcentrum"


def switch_user(page: Page, live_server, username: str) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    login(page, live_server, username, content.DEMO_PASSWORD)


def open_initiative(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/portfolio/?q=Chatbot")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


def test_i_domain_initiative_from_submission_to_backlog(live_server, page):
    load_demo()

    # 1. An employee submits an initiative in the i-domain.
    login(page, live_server, "indiener", content.DEMO_PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Intake").click()
    page.get_by_role("link", name="Nieuw initiatief indienen").first.click()
    assert_accessible(page)
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Probleem of behoefte").fill("Het KCC krijgt 40% herhaalvragen.")
    page.get_by_label("Beoogd resultaat").fill(
        "De helft van de eenvoudige vragen online beantwoord."
    )
    page.get_by_label("Domein").select_option(label="Informatievoorziening")
    page.get_by_label("Ambtelijk opdrachtgever").select_option(label="Anouk Visser")
    page.get_by_label("Exploitatie (€)").fill("150000")
    page.get_by_label("Informatieadviseurs, kwartaal 1", exact=True).fill("120")
    page.get_by_role("button", name="Opslaan en indienen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".state").first).to_have_text("Ingediend")
    assert_accessible(page)

    # 2. The portfolio manager takes it into intake: CISO and privacy advice are missing.
    switch_user(page, live_server, "portfoliomanager")
    open_initiative(page, live_server)
    page.get_by_role("button", name="In behandeling nemen").click()
    criteria = page.get_by_role("table").filter(has_text="CISO-advies")
    expect(criteria).to_contain_text("CISO-advies bij informatievoorziening")
    expect(criteria.get_by_role("row").filter(has_text="CISO-advies")).to_contain_text("ontbreekt")
    expect(criteria.get_by_role("row").filter(has_text="Privacyadvies")).to_contain_text(
        "ontbreekt"
    )
    page.get_by_role("button", name="Naar adviesronde").click()
    page.get_by_label("Informatiebeveiliging (CISO)").check()
    page.get_by_label("Privacy (FG/privacyadviseur)").check()
    page.get_by_role("button", name="Advies vragen", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Advies gevraagd")
    assert_accessible(page)

    # 3. The adviser gives both advices, one negative with conditions.
    switch_user(page, live_server, "adviseur")
    page.get_by_role("link", name=re.compile("Meldingen")).click()
    assert_accessible(page)
    open_initiative(page, live_server)
    page.get_by_role("listitem").filter(has_text="Informatiebeveiliging (CISO)").get_by_role(
        "link", name="Advies geven"
    ).click()
    page.get_by_label("Negatief").check()
    page.get_by_label("Toelichting").fill("De leverancier host buiten de EU.")
    page.get_by_role("button", name="Advies vastleggen").click()
    expect(page.locator(".errorlist")).to_contain_text("voorwaarden of het alternatief")
    assert_accessible(page)
    page.get_by_label("Voorwaarden of alternatief").fill(
        "Haalbaar met een leverancier die binnen de EU host."
    )
    page.get_by_role("button", name="Advies vastleggen").click()
    page.get_by_role("listitem").filter(has_text="Privacy (FG/privacyadviseur)").get_by_role(
        "link", name="Advies geven"
    ).click()
    page.get_by_label("Positief", exact=True).check()
    page.get_by_label("Toelichting").fill("Akkoord met DPIA.")
    page.get_by_role("button", name="Advies vastleggen").click()
    expect(page.locator(".advice--negative")).to_contain_text("binnen de EU host")

    # 4. The portfolio manager scores it and puts it on the board's agenda.
    switch_user(page, live_server, "portfoliomanager")
    open_initiative(page, live_server)
    page.get_by_role("link", name="Scoren").click()
    assert_accessible(page)
    for select in page.locator("select[name^='objective-']").all():
        select.select_option("1")
    for select in page.locator("select[name^='axis-']").all():
        select.select_option("2")
    page.get_by_role("button", name="Scores opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("prioriteitsscore")
    page.get_by_role("button", name="Agenderen voor besluitvorming").click()
    expect(page.locator(".state").first).to_have_text("Besluitvorming")

    # 5. The board admits it with conditions.
    switch_user(page, live_server, "boardlid")
    open_initiative(page, live_server)
    page.get_by_role("link", name="Besluit vastleggen").click()
    assert_accessible(page)
    page.get_by_label("Gremium").select_option(label="Portfolioboard")
    page.get_by_label("Opnemen met voorwaarden").check()
    page.get_by_label("Motivering").fill("Grote bijdrage aan dienstverlening.")
    page.get_by_label(re.compile(r"^Voorwaarden")).fill("Alleen met EU-hosting (CISO-advies).")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.locator(".state").first).to_have_text("Opgenomen")

    # 6. It is in the ranked backlog, with its score explained.
    page.goto(f"{live_server.url}/intake/backlog/")
    row = page.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_be_visible()
    assert_accessible(page)
    row.get_by_role("link", name="waarom?").click()
    expect(page.get_by_role("table").filter(has_text="Waarom staat dit hier?")).to_contain_text(
        "Totaal"
    )
    assert_accessible(page)


def test_intake_side_pages_are_accessible(live_server, page):
    load_demo()
    login(page, live_server, "portfoliomanager", content.DEMO_PASSWORD)
    for path in (
        "/intake/",
        "/intake/mijn-initiatieven/",
        "/intake/backlog/",
        "/intake/besluiten/",
        "/intake/criteria/",
        "/intake/criteria/nieuw/",
        "/meldingen/",
        "/intake/instellingen/",
        "/intake/vergaderingen/",
        "/intake/vergaderingen/nieuw/",
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("h1")).to_have_count(1)
        assert_accessible(page)
    page.goto(f"{live_server.url}/portfolio/?q=zaaksysteem")
    page.get_by_role("link", name="Vervanging zaaksysteem (Common Ground)").click()
    page.get_by_role("link", name="WSJF-schatting").click()
    assert_accessible(page)
    page.goto(f"{live_server.url}/intake/vergaderingen/")
    page.get_by_role("link", name="3 december 2026").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Portfolioboard")
    assert_accessible(page)
