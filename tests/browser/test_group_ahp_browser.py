"""Browser journey: group AHP. The portfolio manager invites three bestuurders, each fills in
their own pairwise comparisons, the round shows group weights, CRs and consensus; the group
weights go into the draft and the college adopts it (with axe on every page)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from koersvast.demo import content
from koersvast.demo.framework_demo import load_framework
from koersvast.framework.services import versions as services
from tests.demo_snapshot import load_demo

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARTICIPANTS = [
    # username, full name, value for the first two pairs of every group
    ("wethouder", "Willem Smit", "5"),
    ("opdrachtgever", "Anouk Visser", "-3"),
    ("boardlid", "Bram de Vries", "2"),
]


def _fill_in(page: Page, live_server, username: str, value: str) -> None:
    login(page, live_server, username, content.DEMO_PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Afwegingskader"
    ).click()
    page.get_by_role("link", name=re.compile("Vul uw vergelijkingen in")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mijn vergelijkingen")
    assert_accessible(page)
    for section in page.locator("section.round-group").all():
        selects = section.locator("select")
        for index in range(min(2, selects.count())):
            selects.nth(index).select_option(value)
    page.get_by_role("button", name="Mijn oordelen opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Uw oordelen zijn opgeslagen")
    expect(page.locator(".own-result").first).to_contain_text("Uw consistentieratio (CR)")
    assert_accessible(page)
    page.get_by_role("button", name="Uitloggen").click()


def test_three_participants_compare_and_the_group_result_appears(live_server, page):
    municipality, _logins = load_demo()
    published = load_framework(municipality)
    draft = services.framework_new_version(framework=published, by=None)

    # The portfolio manager invites three members to compare the draft.
    login(page, live_server, "portfoliomanager", content.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/afwegingskader/versies/{draft.pk}/")
    page.get_by_role("link", name="Groepsvergelijking starten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Groepsvergelijking starten")
    assert_accessible(page)
    page.get_by_label("Titel").fill("Weging coalitieakkoord 2027")
    for _username, name, _value in PARTICIPANTS:
        page.get_by_label(name).check()
    page.get_by_role("button", name="Deelnemers uitnodigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Weging coalitieakkoord 2027")
    expect(page.locator(".lead")).to_contain_text("0 van 3 deelnemers")
    assert_accessible(page)
    round_url = page.url
    page.get_by_role("button", name="Uitloggen").click()

    # Each participant fills in their own judgements.
    for username, _name, value in PARTICIPANTS:
        _fill_in(page, live_server, username, value)

    # The portfolio manager sees the group weights, each CR and the consensus.
    login(page, live_server, "portfoliomanager", content.DEMO_PASSWORD)
    page.goto(round_url)
    expect(page.locator(".lead")).to_contain_text("3 van 3 deelnemers hebben ingevuld")
    themes = page.locator("section.round-group").first
    expect(themes.locator(".consensus")).to_contain_text("Consensus")
    expect(themes.locator(".consensus")).to_contain_text("%")
    table = themes.get_by_role("table")
    for _username, name, _value in PARTICIPANTS:
        expect(table.get_by_role("columnheader", name=name)).to_be_visible()
    expect(table.locator("tfoot")).to_contain_text("Consistentieratio (CR)")
    expect(table.locator("td.cr")).to_have_count(3)
    expect(themes).to_contain_text("Hierover lopen de meningen het meest uiteen")
    expect(themes.locator("ol.divergent li").first).to_contain_text("Willem Smit 5")
    assert_accessible(page)

    # The group weights go into the draft; the college adopts the version.
    page.get_by_role("button", name="Groepsgewichten overnemen in het concept").click()
    expect(page.locator(".messages")).to_contain_text("De groepsgewichten staan nu in het concept")
    page.get_by_role("link", name="Vaststellen").click()
    expect(page.get_by_label("Besluit van")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Motivering").fill("Collegebesluit na de groepsvergelijking")
    page.get_by_role("button", name=f"Versie {draft.version} vaststellen").click()
    expect(page.locator(".messages")).to_contain_text(f"Versie {draft.version} is vastgesteld")
    expect(page.locator(".decision-record")).to_contain_text("Vastgesteld bij besluit van")
    assert_accessible(page)
