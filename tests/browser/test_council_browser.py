"""The bestuurlijke agenda in the browser: the portfolio manager records a toezegging on an
initiative with a due date in the past; it shows as overdue on the dashboard and in the
register (issue 17)."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from koersvast.tenancy.choices import Role
from tests.conftest import PASSWORD
from tests.factories import InitiativeFactory

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Raad informeren over de aanbesteding"


def test_an_overdue_toezegging_appears_on_the_dashboard(live_server, page: Page, personas):
    manager = personas[Role.PORTFOLIO_MANAGER]
    initiative = InitiativeFactory(
        municipality=manager.memberships.get().municipality,
        title="Vervanging zaaksysteem",
        state="in_uitvoering",
    )
    today = datetime.date.today()
    login(page, live_server, manager.username, PASSWORD)

    # 1. From the initiative's page: record a toezegging, due two weeks ago.
    page.goto(f"{live_server.url}{initiative.get_absolute_url()}")
    section = page.get_by_role("region", name="Bestuurlijke planning")
    expect(section).to_contain_text("Geen toezeggingen, moties of amendementen")
    assert_accessible(page)
    section.get_by_role("link", name="Toezegging of motie vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe toezegging of motie")
    assert_accessible(page)
    page.get_by_label("Soort").select_option("toezegging")
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Samenvatting").fill("De wethouder informeert de raad voor de gunning.")
    page.get_by_label(re.compile(r"^Datum")).fill((today - datetime.timedelta(days=60)).isoformat())
    page.get_by_label("Uiterste datum").fill((today - datetime.timedelta(days=14)).isoformat())
    expect(page.get_by_label("Initiatieven")).to_have_values([str(initiative.pk)])
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("over de termijn")).to_be_visible()
    assert_accessible(page)

    # 2. The dashboard shows it as overdue.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Dashboard").click()
    card = page.get_by_role("region", name="Toezeggingen en moties over de termijn")
    expect(card).to_contain_text(TITLE)
    expect(card).to_contain_text(initiative.reference)
    assert_accessible(page)

    # 3. And the register's overdue filter finds it.
    card.get_by_role("link", name=TITLE, exact=False).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    page.get_by_role("link", name="Toezeggingen en moties").first.click()
    page.get_by_label("Alleen over de termijn").check()
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("table", name="Toezeggingen en moties")).to_contain_text(TITLE)
    assert_accessible(page)
