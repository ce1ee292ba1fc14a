"""Browser journey through the afwegingskader: new version, objective, AHP, publish (with axe)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from koersvast.demo import content
from koersvast.demo.framework_demo import load_framework
from koersvast.framework.models import Framework
from tests.demo_snapshot import load_demo

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_portfolio_manager_prepares_and_publishes_a_new_version(live_server, page):
    municipality, _logins = load_demo()
    load_framework(municipality)
    login(page, live_server, "portfoliomanager", content.DEMO_PASSWORD)

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Afwegingskader"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Afwegingskader")
    expect(page.locator(".lead")).to_contain_text("Vastgesteld")
    assert_accessible(page)

    # A new draft version, copied from the published one.
    page.get_by_role("link", name="Nieuwe versie maken").click()
    assert_accessible(page)
    page.get_by_role("button", name="Nieuwe versie maken").click()
    expect(page.locator(".lead")).to_contain_text("versie 2")
    expect(page.locator(".lead")).to_contain_text("Concept")
    assert_accessible(page)
    draft = Framework.objects.get(municipality=municipality, version=2)

    # Add a sub-objective under the first theme.
    page.get_by_role("link", name="Doelstelling toevoegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Doelstelling toevoegen")
    assert_accessible(page)
    page.get_by_label("Valt onder").select_option(label="T1 Iedereen doet mee")
    page.get_by_label("Code").fill("T1.4")
    page.get_by_label("Naam").fill("Minder eenzaamheid onder ouderen")
    page.get_by_label("KPI").fill("Aandeel 75+ dat zich eenzaam voelt")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("table").first).to_contain_text("T1.4 Minder eenzaamheid onder ouderen")

    # Compare the themes pairwise (AHP).
    page.get_by_role("link", name="Vergelijken Thema's").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Paarsgewijs vergelijken")
    assert_accessible(page)
    themes = {o.code: o.pk for o in draft.objectives.filter(parent=None)}
    page.locator(f"select[name=p{themes['T1']}_{themes['T2']}]").select_option("3")
    page.locator(f"select[name=p{themes['T1']}_{themes['T3']}]").select_option("3")
    page.locator(f"select[name=p{themes['T1']}_{themes['T4']}]").select_option("5")
    page.locator(f"select[name=p{themes['T2']}_{themes['T3']}]").select_option("1")
    page.locator(f"select[name=p{themes['T2']}_{themes['T4']}]").select_option("2")
    page.locator(f"select[name=p{themes['T3']}_{themes['T4']}]").select_option("2")
    page.get_by_role("button", name="Gewichten afleiden en opslaan").click()
    result = page.locator(".ahp-result")
    expect(result).to_contain_text("Opgeslagen: afgeleide gewichten")
    expect(result).to_contain_text("Consistentieratio (CR)")
    expect(result).to_contain_text("consistent genoeg")
    expect(result.get_by_role("table")).to_contain_text("T1 Iedereen doet mee")
    assert_accessible(page)

    # Back to the framework: the weights are there; publish.
    page.get_by_role("link", name="Terug naar het afwegingskader").click()
    expect(page.get_by_role("table").first).to_contain_text("%")
    page.get_by_role("link", name="Vaststellen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Versie 2 vaststellen")
    assert_accessible(page)
    page.get_by_role("button", name="Versie 2 vaststellen").click()
    expect(page.locator(".messages")).to_contain_text("Versie 2 is vastgesteld")
    expect(page.locator(".lead")).to_contain_text("Vastgesteld")
    expect(page.get_by_role("link", name="Doelstelling toevoegen")).to_have_count(0)
    expect(page).to_have_url(re.compile(rf"/versies/{draft.pk}/$"))
    assert_accessible(page)
