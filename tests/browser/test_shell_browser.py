"""Browser journey through the page shell: login, every menu item, language switch, axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from koersvast.demo import content
from tests.demo_snapshot import load_demo

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_portfolio_manager_walks_every_menu_item(live_server, page):
    load_demo()
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/inloggen/"))
    assert_accessible(page)
    login(page, live_server, "portfoliomanager", content.DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gemeente Voorbeeld")
    assert_accessible(page)

    nav = page.get_by_role("navigation", name="Hoofdmenu")
    labels = [link.inner_text() for link in nav.get_by_role("link").all()]
    # Intake and the bestuurlijke agenda share one place: a disclosure, closed at first.
    assert labels == [
        "Portfolio",
        "Dashboard",
        "Afwegingskader",
        "Planning",
        "Monitoring",
        "Financiën",
        "Rapportages",
        "Vergelijken",
        "Sjablonen",
        "Beheer",
    ]
    group = nav.locator("summary", has_text="Intake")
    for label in [*labels, "Intake", "Bestuurlijke agenda"]:
        if label in ("Intake", "Bestuurlijke agenda"):
            if nav.locator("details").get_attribute("open") is None:
                group.click()
            expect(nav.locator("details")).to_have_attribute("open", "")
        nav.get_by_role("link", name=label, exact=True).click()
        page.wait_for_load_state()
        if label in ("Intake", "Bestuurlijke agenda"):
            # The group shows that the page is in it; the link inside says which page.
            expect(nav.locator("details.is-current")).to_have_count(1)
            group.click()
        expect(nav.get_by_role("link", name=label, exact=True)).to_have_attribute(
            "aria-current", "page"
        )
        assert page.locator("h1").count() == 1
        assert_accessible(page)

    # An initiative and its history, reached by keyboard-friendly links.
    nav.get_by_role("link", name="Portfolio").click()
    page.get_by_role("link", name="Vervanging zaaksysteem (Common Ground)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Vervanging zaaksysteem (Common Ground)"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Geschiedenis").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Geschiedenis van")
    assert_accessible(page)

    # Switch to English and back.
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("navigation", name="Main menu")).to_contain_text("Weighing framework")
    assert_accessible(page)
    page.get_by_role("button", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def test_keyboard_user_can_skip_to_content(live_server, page):
    load_demo()
    login(page, live_server, "lezer", content.DEMO_PASSWORD)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def test_administrator_sees_rights_report_and_audit_trail(live_server, page):
    load_demo()
    login(page, live_server, "beheerder", content.DEMO_PASSWORD)
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    assert [link.inner_text() for link in nav.get_by_role("link").all()] == ["Sjablonen", "Beheer"]
    page.get_by_role("link", name="Rechtenoverzicht").click()
    expect(page.get_by_role("table")).to_contain_text("Portfoliomanager")
    assert_accessible(page)
    page.go_back()
    page.get_by_role("link", name="Audittrail").click()
    expect(page.get_by_role("table")).to_contain_text("Ingelogd")
    assert_accessible(page)
