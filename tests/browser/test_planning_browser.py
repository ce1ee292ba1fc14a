"""The portfolio manager's planning day: scenario, +1 fte, run, compare, adopt; urgency."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from koersvast.demo import content
from koersvast.demo.planning_demo import load_planning
from tests.demo_snapshot import load_demo

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_scenario_run_compare_adopt_and_urgency(live_server, page):
    municipality, _logins = load_demo()
    users = {u.username: u for u in get_user_model().objects.all()}
    load_planning(municipality, users=users)

    login(page, live_server, "portfoliomanager", content.DEMO_PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Planning").click()
    page.get_by_role("navigation", name="Planning").get_by_role("link", name="Scenario's").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Scenario's")
    assert_accessible(page)

    # A new scenario with one extra project leader from 2027-Q3.
    page.get_by_role("link", name="Nieuw scenario").click()
    page.get_by_label("Naam").fill("Eén projectleider erbij")
    page.get_by_role("button", name="Scenario aanmaken").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Eén projectleider erbij")
    page.get_by_label("Soort hefboom").select_option(label="Capaciteit wijzigen (fte)")
    page.get_by_label("Pool").select_option(label="Projectleiders")
    page.get_by_label("Vanaf / start (kwartaal)").select_option("2027-Q3")
    page.get_by_label("Fte erbij (negatief: eraf)").fill("1")
    page.get_by_role("button", name="Hefboom toevoegen").click()
    expect(page.get_by_role("status").first).to_contain_text("Hefboom toegevoegd")
    assert_accessible(page)

    # Run it and wait until the progress is done.
    page.get_by_role("button", name="Doorrekenen").click()
    expect(page.locator("#run-progress")).to_contain_text("Doorgerekend op", timeout=30_000)
    expect(page.get_by_role("heading", name="Resultaat")).to_be_visible()
    expect(page.get_by_role("table", name="Bezetting per pool per kwartaal")).to_be_visible()
    assert_accessible(page)

    # Compare with the plan of record.
    page.get_by_role("link", name="Vergelijken met het plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Scenario's vergelijken")
    expect(page.get_by_role("table", name="Waarde per scenario en per domein")).to_contain_text(
        "Totale waarde"
    )
    assert_accessible(page)

    # Adopt it through a recorded decision.
    page.get_by_role("link", name="Eén projectleider erbij").first.click()
    page.get_by_role("link", name="Vaststellen als plan").click()
    assert_accessible(page)
    page.get_by_label("Gremium").select_option(index=0)
    page.get_by_label("Motivering").fill("Extra projectleider is begroot in de voorjaarsnota.")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vastgesteld plan")

    # The political-urgency request with its three options.
    page.get_by_role("navigation", name="Planning").get_by_role("link", name="Scenario's").click()
    page.get_by_role("table", name="Urgente verzoeken").get_by_role(
        "link", name="Opvang ontheemden uit Oekraïne"
    ).click()
    # The options were computed against the plan before this adoption: compute them again.
    # (Another note names the exploitatie room that settled work already takes.)
    stale = page.get_by_role("alert").filter(has_text="Het vastgestelde plan is gewijzigd")
    expect(stale).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Opnieuw doorrekenen").click()
    expect(page.get_by_role("button", name="Besluit vastleggen")).to_be_visible(timeout=60_000)
    for option in ("1. Niet doen", "2. Faseren", "3. Extra middelen"):
        expect(page.get_by_role("heading", name=option)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("radio", name="Faseren", exact=True).check()
    page.get_by_label("Gremium").select_option(label="College van B&W")
    page.get_by_label("Motivering").fill("Opvang gaat voor; parkeren schuift.")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_role("heading", name="Besluit", exact=True)).to_be_visible()
    assert_accessible(page)
