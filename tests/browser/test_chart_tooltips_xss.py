"""Stored XSS in chart tooltips: ECharts draws a name from the database into an HTML tooltip.

The stored-XSS journey visits every page but never hovers a chart, so the tooltip layer (HTML,
not the SVG the chart itself is drawn in) is proven here: a domain named with payloads is
hovered on the dashboard, its tooltip shows the payload as text and nothing runs.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from koersvast.tenancy.choices import Role
from tests.conftest import PASSWORD
from tests.factories import DomainFactory, InitiativeFactory

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOAD = '<img src=x onerror="window.__xss=1"><i class=xi>'


def test_chart_tooltips_show_names_as_text(live_server, page, personas, municipality):
    domain = DomainFactory(municipality=municipality, name=PAYLOAD)
    InitiativeFactory.create_batch(3, municipality=municipality, domain=domain, state="opgenomen")
    page.emulate_media(reduced_motion="reduce")  # no bar animation: the plot is final at once
    login(page, live_server, personas[Role.PORTFOLIO_MANAGER].username, PASSWORD)
    page.goto(f"{live_server.url}/dashboard/")
    chart = page.locator('[data-chart="domains"]')
    expect(chart.locator("svg")).to_have_count(1)
    chart.scroll_into_view_if_needed()  # a pointer outside the viewport hovers nothing
    tooltip = chart.locator("div", has_text="class=xi")
    # Sweep the plot area until the axis tooltip (it follows the pointer to the nearest bar) shows.
    for fraction in (0.5, 0.3, 0.7, 0.4, 0.6):
        box = chart.bounding_box()
        assert box is not None
        page.mouse.move(box["x"] + box["width"] * fraction, box["y"] + box["height"] * 0.5)
        if tooltip.filter(visible=True).count():
            break
        page.wait_for_timeout(300)
    expect(tooltip.last).to_be_visible()
    assert PAYLOAD in tooltip.last.inner_text()  # shown as text
    assert page.locator("i.xi").count() == 0
    assert page.locator("img[src=x]").count() == 0
    assert page.evaluate("window.__xss") is None
