"""Candidates from the backlog and "does it fit?" in the browser (issue 15, decision 0407): a
scenario that includes the backlog shows which candidates fit and from when; the admission
decision form shows the score, the advice and the fit check after its background computation;
with axe."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from koersvast.demo import content
from koersvast.demo.planning_demo import load_planning
from koersvast.planning.choices import LeverKind
from koersvast.planning.models import Scenario
from koersvast.planning.services.scenarios import lever_add
from koersvast.portfolio.models import Initiative
from tests.demo_snapshot import load_demo

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _demo():
    municipality, _logins = load_demo()
    users = {u.username: u for u in get_user_model().objects.all()}
    load_planning(municipality, users=users)
    return municipality


def test_a_scenario_with_candidates_shows_which_fit(live_server, page):
    _demo()
    login(page, live_server, "portfoliomanager", content.DEMO_PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Planning").click()
    page.get_by_role("navigation", name="Planning").get_by_role("link", name="Scenario's").click()
    page.get_by_role("link", name="Nieuw scenario").click()
    page.get_by_label("Naam").fill("Backlog erbij")
    page.get_by_role("button", name="Scenario aanmaken").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Backlog erbij")
    # A copy of the demo's plan, which includes the candidates: switch them off and on again.
    switch = page.locator("#include-candidates")
    switch.get_by_role("button", name="Zonder kandidaten rekenen").click()
    expect(switch).to_contain_text("Alleen opgenomen, geplande en lopende initiatieven")
    switch.get_by_role("button", name="Kandidaten uit de backlog meenemen").click()
    expect(switch).to_contain_text("Kandidaten uit de backlog (op de agenda voor besluitvorming)")
    # In the demo the exploitatie room binds the backlog: with more of it candidates fit.
    scenario = Scenario.objects.get(name="Backlog erbij")
    lever_add(
        scenario=scenario,
        by=get_user_model().objects.get(username="portfoliomanager"),
        kind=LeverKind.BUDGET,
        budget_kind="exploitatie",
        amount=Decimal(3_000_000),
        year=2027,
        quarter=1,
    )
    page.reload()
    # The test server runs the optimiser within the request (twice: admitted work, candidates).
    page.get_by_role("button", name="Doorrekenen", exact=True).click(timeout=300_000)
    candidates = page.get_by_role(
        "table", name="Kandidaten uit de backlog: vanaf wanneer ze passen, of waarom niet"
    )
    expect(candidates).to_be_visible(timeout=120_000)
    fitting = candidates.locator("tr[data-candidate]").filter(has_text="past naast het plan")
    expect(fitting.first).to_be_visible()
    expect(fitting.first.locator(".badge--candidate")).to_have_text("kandidaat")
    expect(fitting.first.locator("td").first).to_have_text(re.compile(r"^\d{4}-Q\d$"))
    assert_accessible(page)

    # Adopting names the candidates and does not admit them.
    page.get_by_role("link", name="Vaststellen als plan").click()
    expect(page.locator(".candidates-note")).to_contain_text("vaststellen neemt")
    assert_accessible(page)


def test_the_admission_form_shows_the_fit_check(live_server, page):
    municipality = _demo()
    initiative = (
        Initiative.objects.filter(municipality=municipality, state="besluitvorming")
        .exclude(has_political_urgency=True)
        .order_by("reference")
        .first()
    )
    assert initiative is not None, "the demo has nothing on a decision agenda"
    login(page, live_server, "boardlid", content.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/intake/initiatieven/{initiative.pk}/besluit/")
    expect(page.get_by_role("heading", name="Mandaat")).to_be_visible()
    expect(page.get_by_role("heading", name="Score", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Advies", exact=True)).to_be_visible()
    fit = page.locator("#admission-fit")
    expect(fit).to_contain_text("Nog niet getoetst aan het vastgestelde plan.")
    # Computed in the background (within the request on the test server), then shown.
    fit.get_by_role("button", name="Toetsen aan het plan").click()
    expect(page.locator("[data-fit=fits], [data-fit=does-not-fit]")).to_be_visible(timeout=180_000)
    expect(page.locator("#admission-fit")).to_contain_text("Getoetst aan Plan 2027-")
    assert_accessible(page)
