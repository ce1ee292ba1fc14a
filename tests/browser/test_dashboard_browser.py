"""The portfolio dashboard in the browser: charts draw, axe passes, a tile drills down."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from koersvast.demo import content
from tests.demo_snapshot import load_demo

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_portfolio_manager_drills_down_from_a_tile(live_server, page: Page) -> None:
    load_demo()
    login(page, live_server, "portfoliomanager", content.DEMO_PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Portfoliodashboard")

    # ECharts draws SVG into every chart container, which it then shows (tables stay too).
    charts = page.locator(".dash-chart")
    expect(charts.first.locator("svg")).to_be_visible()
    assert page.locator(".dash-chart svg").count() == page.locator(".dash-chart:visible").count()
    assert page.locator(".dash-chart svg").count() >= 4
    expect(page.get_by_role("table", name="Aantal initiatieven en budget per fase")).to_be_visible()
    assert_accessible(page)

    # Filter on a domain: the choice is kept in the URL and the form.
    page.get_by_label("Domein", exact=True).select_option(index=1)
    page.get_by_role("button", name="Filteren").click()
    expect(page).to_have_url(re.compile(r"domain="))
    domain = page.get_by_label("Domein", exact=True).input_value()
    assert domain

    tile = page.locator('[data-tile="running"]')
    announced = int(tile.locator(".tile__value").inner_text())
    tile.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Portfolio")
    expect(page).to_have_url(re.compile(r"state=in_uitvoering"))
    expect(page).to_have_url(re.compile(rf"domain={domain}"))
    count = page.get_by_role("status").filter(has_text="initiatie").inner_text()
    assert int(count.split()[0]) == announced
    assert page.locator("table tbody tr").count() == min(announced, 50)
    assert_accessible(page)
