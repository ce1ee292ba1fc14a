"""The weerstandsvermogen card on the dashboard: ratio, rating and the ten largest risks in euros,
accessible, and the way to the full page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from koersvast.demo import content
from koersvast.finance.selectors.estimate import default_budget_year
from tests.demo_snapshot import load_demo

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_shows_the_weerstandsvermogen(live_server, page: Page) -> None:
    load_demo()
    login(page, live_server, "portfoliomanager", content.DEMO_PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Dashboard").click()
    card = page.locator('[data-card="weerstandsvermogen"]')
    expect(card.get_by_role("heading")).to_have_text(f"Weerstandsvermogen {default_budget_year()}")
    expect(card.get_by_test_id("dashboard-ratio")).to_have_text(re.compile(r"^\d+,\d\d$"))
    expect(card).to_contain_text(re.compile(r"[A-F]: "))
    risks = card.get_by_role(
        "table", name="De tien risico's die het meest bijdragen aan het weerstandsvermogen"
    )
    expect(risks).to_be_visible()
    assert 1 <= risks.locator("tbody tr").count() <= 10
    assert_accessible(page)

    card.get_by_role("link", name="Naar het weerstandsvermogen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Weerstandsvermogen {default_budget_year()}"
    )
