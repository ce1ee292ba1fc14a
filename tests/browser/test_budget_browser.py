"""The portfolio manager tightens the budget per year, runs a scenario with a budget lever and
reads what the budget keeps out."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from koersvast.capacity.models import BudgetCapacity
from koersvast.demo import content
from koersvast.demo.planning_demo import load_planning
from tests.demo_snapshot import load_demo

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_budget_per_year_shapes_the_plan(live_server, page):
    municipality, _logins = load_demo()
    load_planning(municipality, users={u.username: u for u in get_user_model().objects.all()})

    login(page, live_server, "portfoliomanager", content.DEMO_PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Planning").click()
    page.get_by_role("navigation", name="Planning").get_by_role(
        "link", name="Capaciteit", exact=True
    ).click()
    budget = page.get_by_role("table", name="Budgetruimte per jaar (€)")
    expect(budget).to_contain_text("€ 6.000.000")
    assert_accessible(page)

    # Less krediet in 2029; a typo first, which is explained and keeps the input.
    page.get_by_role("link", name="Budget bewerken").click()
    assert_accessible(page)
    field = page.get_by_label("Krediet in 2029 (€)")
    field.fill("vier miljoen")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Krediet 2029")
    expect(field).to_have_value("vier miljoen")
    assert BudgetCapacity.objects.get(kind="krediet", year=2029).amount == 6_000_000
    field.fill("4.500.000")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("table", name="Budgetruimte per jaar (€)")).to_contain_text(
        "€ 4.500.000"
    )

    # A scenario with half a million less exploitatie a year from 2028.
    page.get_by_role("navigation", name="Planning").get_by_role("link", name="Scenario's").click()
    page.get_by_role("link", name="Nieuw scenario").click()
    page.get_by_label("Naam").fill("Bezuiniging exploitatie")
    page.get_by_role("button", name="Scenario aanmaken").click()
    page.get_by_label("Soort hefboom").select_option(label="Budget wijzigen (€ per jaar)")
    page.get_by_label("Soort budget").select_option(label="Exploitatie")
    page.get_by_label("Vanaf / start (kwartaal)").select_option("2028-Q1")
    page.get_by_label("Bedrag per jaar erbij (negatief: eraf) (€)").fill("-500.000")
    page.get_by_role("button", name="Hefboom toevoegen").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "−€ 500.000 exploitatie per jaar vanaf 2028"
    )

    page.get_by_role("button", name="Doorrekenen").click()
    expect(page.locator("#run-progress")).to_contain_text("Doorgerekend op", timeout=30_000)
    spending = page.get_by_role("table", name="Uitgaven per jaar tegen de budgetruimte")
    expect(spending).to_contain_text("€ 4.500.000")  # krediet room in 2029
    expect(spending).to_contain_text("€ 3.000.000")  # exploitatie 2028: 3.5 − 0.5 million
    # The demo's initiatives have investments: their explanation uses the finance terms.
    expect(
        page.get_by_text(re.compile(r"krediet 2030 € [\d.]+ boven de ruimte")).first
    ).to_be_visible()
    assert_accessible(page)

    # Compared with the plan: budget per year per scenario.
    page.get_by_role("link", name="Vergelijken met het plan").click()
    expect(page.get_by_role("heading", name="Budget per jaar")).to_be_visible()
    expect(page.get_by_role("table", name="Exploitatie")).to_contain_text("€ 3.000.000")
    assert_accessible(page)
