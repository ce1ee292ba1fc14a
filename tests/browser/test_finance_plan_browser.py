"""Issue 16's acceptance journey through planning: an investment of € 2.000.000 (ICT, 5 jaar,
lineair) with dekking from a reserve weighs on the exploitatie with its kapitaallasten from the
year after ingebruikname; with the exploitatie room entered per year, that room binds in the
plan and the optimiser's explanation says so in the same terms."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from koersvast.finance.selectors.estimate import default_budget_year
from koersvast.planning.models import PlanningSettings
from koersvast.tenancy.choices import Role
from tests.conftest import PASSWORD
from tests.factories import InitiativeFactory

from .conftest import assert_accessible, login
from .finance_steps import add_reserve_dekking

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_kapitaallasten_bind_the_exploitatie_room_of_the_plan(
    live_server, page, personas, municipality
):
    year = default_budget_year()
    PlanningSettings.objects.create(
        municipality=municipality, first_year=year, first_quarter=1, horizon=16
    )
    # Admitted work that must start at once (it cannot wait for room in a later year).
    initiative = InitiativeFactory(
        municipality=municipality,
        title="Nieuw zaaksysteem",
        state="opgenomen",
        start_year=year,
        start_quarter=1,
        latest_year=year,
        latest_quarter=1,
        duration_quarters=4,
        budget_capital=Decimal(0),
        budget_operating=Decimal(0),
    )
    login(page, live_server, personas[Role.PORTFOLIO_MANAGER].username, PASSWORD)
    page.goto(live_server.url + initiative.get_absolute_url())
    page.get_by_role("link", name="Investeringen, exploitatie en dekking").click()

    page.get_by_role("link", name="Investering toevoegen").click()
    page.get_by_label("Omschrijving").fill("Zaaksysteem")
    page.get_by_label("Investeringsbedrag (€)").fill("2.000.000")
    page.get_by_label("Jaar van ingebruikname").fill(str(year))
    page.get_by_label("Activacategorie").select_option(label="ICT (5 jaar)")
    page.get_by_label("Afschrijvingsmethode").select_option(label="Lineair")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("table", name="Investeringen")).to_contain_text("€ 2.000.000")

    # The reserve covers the afschrijving; the rente is left for the algemene middelen.
    add_reserve_dekking(page, year + 1)

    # The meerjarenraming: € 400.000 afschrijving a year plus rente from the year after.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Financiën").click()
    table = page.get_by_role("table", name="Meerjarenraming van het portfolio (€)")
    expect(table.locator('tr[data-key="afschrijving"] td')).to_have_text(
        ["€ 0", "€ 400.000", "€ 400.000", "€ 400.000"]
    )
    expect(table.locator('tr[data-key="rente"] td')).to_have_text(
        ["€ 0", "€ 40.000", "€ 32.000", "€ 24.000"]
    )

    # The exploitatie room per year: € 25.000 for the portfolio from the year after.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Planning").click()
    page.get_by_role("navigation", name="Planning").get_by_role(
        "link", name="Capaciteit", exact=True
    ).click()
    expect(page.get_by_text("kapitaallasten, min baten en dekking")).to_be_visible()
    page.get_by_role("link", name="Budget bewerken").click()
    page.get_by_label(f"Exploitatie in {year} (€)").fill("100.000")
    for later in (year + 1, year + 2, year + 3):
        page.get_by_label(f"Exploitatie in {later} (€)").fill("25.000")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("table", name="Budgetruimte per jaar (€)")).to_contain_text("€ 25.000")

    # The plan: the kapitaallasten do not fit the room, and the explanation says so.
    page.get_by_role("navigation", name="Planning").get_by_role("link", name="Scenario's").click()
    page.get_by_role("link", name="Nieuw scenario").click()
    page.get_by_label("Naam").fill("Begroting")
    page.get_by_role("button", name="Scenario aanmaken").click()
    page.get_by_role("button", name="Doorrekenen").click()
    expect(page.locator("#run-progress")).to_contain_text("Doorgerekend op", timeout=30_000)
    row = page.get_by_role("row", name="Nieuw zaaksysteem")
    expect(row).to_contain_text("Niet ingepland")
    expect(row).to_contain_text(f"kapitaallasten {year + 1} € 15.000 boven de ruimte")
    expect(row).to_contain_text(f"kapitaallasten {year + 2} € 7.000 boven de ruimte")
    spending = page.get_by_role("table", name="Uitgaven per jaar tegen de budgetruimte")
    expect(spending).to_contain_text("€ 25.000")
    assert_accessible(page)

    # A budget lever on the exploitatie buys the room: the plan takes it in.
    page.get_by_label("Soort hefboom").select_option(label="Budget wijzigen (€ per jaar)")
    page.get_by_label("Soort budget").select_option(label="Exploitatie")
    page.get_by_label("Vanaf / start (kwartaal)").select_option(f"{year + 1}-Q1")
    page.get_by_label("Bedrag per jaar erbij (negatief: eraf) (€)").fill("20.000")
    page.get_by_role("button", name="Hefboom toevoegen").click()
    page.get_by_role("button", name="Doorrekenen").click()
    expect(page.locator("#run-progress")).to_contain_text("Doorgerekend op", timeout=30_000)
    planned = page.get_by_role("table", name="Ingeplande initiatieven met start, einde en waarde")
    expect(planned.get_by_role("row", name="Nieuw zaaksysteem")).to_contain_text(f"{year}-Q1")
    assert_accessible(page)
