"""Layout in Chromium: the compact menu at 320 px, figures and chart labels never cut off."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import Browser, Page, expect

from koersvast.planning.models import UrgencyRequest
from tests.demo_snapshot import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _page(browser: Browser, live_server: Any, width: int, *, javascript: bool = True) -> Page:
    """A page of the demo portfolio manager's session at the given window width."""
    client = Client()
    client.force_login(get_user_model().objects.get(username="portfoliomanager"))
    context = browser.new_context(
        locale="nl-NL", viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def test_the_menu_folds_behind_a_button_on_a_small_screen(live_server, browser):
    load_demo()
    page = _page(browser, live_server, 320)
    page.goto(live_server.url + "/")
    toggle = page.get_by_role("button", name="Menu")
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    # The heading of the page is on the first screen, not below a third of menu.
    assert page.locator("h1").bounding_box()["y"] < 200

    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    expect(
        page.get_by_role("link", name="Uitloggen").or_(page.get_by_role("button", name="Uitloggen"))
    ).to_be_visible()
    nav.get_by_role("link", name="Dashboard").focus()
    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    expect(toggle).to_be_focused()
    page.keyboard.press("Space")
    expect(nav).to_be_visible()
    page.context.close()


def test_without_javascript_the_menu_is_a_visible_list(live_server, browser):
    load_demo()
    page = _page(browser, live_server, 320, javascript=False)
    page.goto(live_server.url + "/")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.context.close()


def test_on_a_wide_screen_the_menu_is_a_bar_without_button(live_server, browser):
    load_demo()
    page = _page(browser, live_server, 1280)
    page.goto(live_server.url + "/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    expect(nav).to_be_visible()
    assert nav.bounding_box()["height"] < 60  # one row
    # The bestuurlijke agenda is in Intake's group: opened by keyboard, it drops over the page
    # (the bar stays one row), Escape closes it and returns to its button.
    group = nav.locator("summary", has_text="Intake")
    group.focus()
    page.keyboard.press("Enter")
    agenda = nav.get_by_role("link", name="Bestuurlijke agenda")
    expect(agenda).to_be_visible()
    assert nav.bounding_box()["height"] < 60
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(agenda).to_be_focused()
    page.keyboard.press("Escape")
    expect(agenda).to_be_hidden()
    expect(group).to_be_focused()
    page.context.close()


def test_in_english_the_menu_is_one_row_too(live_server, browser):
    load_demo()
    page = _page(browser, live_server, 1280)
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="English").click()
    nav = page.get_by_role("navigation", name="Main menu")
    expect(nav).to_contain_text("Weighing framework")
    assert nav.bounding_box()["height"] < 60
    page.context.close()


def test_the_agenda_in_the_compact_menu(live_server, browser):
    load_demo()
    page = _page(browser, live_server, 320)
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Menu").click()
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    group = nav.locator("summary", has_text="Intake")
    group.focus()
    page.keyboard.press("Space")
    nav.get_by_role("link", name="Bestuurlijke agenda").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bestuurlijke")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.context.close()


@pytest.mark.parametrize("width", [1280, 1440, 1920])
def test_urgency_options_show_every_figure_whole(live_server, browser, width):
    load_demo()
    urgency = UrgencyRequest.objects.get(status="done")
    page = _page(browser, live_server, width)
    page.goto(f"{live_server.url}/planning/scenarios/urgentie/{urgency.pk}/")
    cut = page.evaluate(
        """() => [...document.querySelectorAll('.option dd')].filter(dd => {
            const box = dd.getBoundingClientRect();
            const card = dd.closest('.option').getBoundingClientRect();
            return dd.scrollWidth > dd.clientWidth
                || box.right > card.right || box.left < card.left;
        }).map(dd => dd.textContent)"""
    )
    assert cut == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.context.close()


def test_dashboard_chart_labels_are_not_cut_off(live_server, browser):
    load_demo()
    page = _page(browser, live_server, 1280)
    page.goto(live_server.url + "/dashboard/")
    page.wait_for_selector(".dash-chart svg text")
    problems = page.evaluate(
        """() => [...document.querySelectorAll('.dash-chart')].flatMap(chart => {
            const frame = chart.getBoundingClientRect();
            return [...chart.querySelectorAll('svg text')].filter(text => {
                const box = text.getBoundingClientRect();
                return /\\.\\.\\.|…/.test(text.textContent)
                    || box.left < frame.left - 1 || box.right > frame.right + 1;
            }).map(text => text.textContent);
        })"""
    )
    assert problems == []
    page.context.close()
