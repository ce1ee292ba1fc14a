"""The portfolio manager enters an investment of € 2.000.000 (ICT, 5 jaar, lineair) with dekking
from a reserve, and reads € 400.000 afschrijving a year, plus rente, in the meerjarenraming from
the year after ingebruikname; the voorjaarsnota's PDF carries the meerjarenraming and the
weerstandsvermogen."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from koersvast.finance.selectors.estimate import default_budget_year
from koersvast.tenancy.choices import Role
from tests.conftest import PASSWORD
from tests.factories import InitiativeFactory

from .conftest import assert_accessible, login
from .finance_steps import add_reserve_dekking

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_investment_with_reserve_in_the_meerjarenraming(
    live_server, page, personas, municipality, tmp_path
):
    year = default_budget_year()
    initiative = InitiativeFactory(municipality=municipality, title="Nieuw zaaksysteem")
    login(page, live_server, personas[Role.PORTFOLIO_MANAGER].username, PASSWORD)
    page.goto(live_server.url + initiative.get_absolute_url())
    expect(page.get_by_role("heading", name="Financiën")).to_be_visible()
    page.get_by_role("link", name="Investeringen, exploitatie en dekking").click()
    assert_accessible(page)

    # An investment, first with a typo in the amount, which is explained.
    page.get_by_role("link", name="Investering toevoegen").click()
    page.get_by_label("Omschrijving").fill("Zaaksysteem")
    page.get_by_label("Investeringsbedrag (€)").fill("twee miljoen")
    page.get_by_label("Jaar van ingebruikname").fill(str(year))
    page.get_by_label("Activacategorie").select_option(label="ICT (5 jaar)")
    page.get_by_label("Afschrijvingsmethode").select_option(label="Lineair")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Geen bedrag")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Investeringsbedrag (€)").fill("2.000.000")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("table", name="Investeringen")).to_contain_text("€ 2.000.000")

    # Dekking of the afschrijving from a bestemmingsreserve, structurally.
    add_reserve_dekking(page, year + 1)
    assert_accessible(page)

    # The meerjarenraming of the portfolio.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Financiën").click()
    table = page.get_by_role("table", name="Meerjarenraming van het portfolio (€)")
    expect(table).to_be_visible()
    cells = table.locator('tr[data-key="afschrijving"] td')
    expect(cells).to_have_text(["€ 0", "€ 400.000", "€ 400.000", "€ 400.000"])
    expect(table.locator('tr[data-key="rente"] td')).to_have_text(
        ["€ 0", "€ 40.000", "€ 32.000", "€ 24.000"]
    )
    expect(table.locator('tr[data-key="dekking_structureel"] td')).to_have_text(
        ["€ 0", "€ 400.000", "€ 400.000", "€ 400.000"]
    )
    # Only the rente is left uncovered.
    expect(table.locator('tr[data-key="saldo"] td')).to_have_text(
        ["€ 0", "€ -40.000", "€ -32.000", "€ -24.000"]
    )
    assert_accessible(page)

    page.get_by_role("navigation", name="Financiën").get_by_role(
        "link", name="Investeringsplan (MIP)"
    ).click()
    expect(
        page.get_by_role("table", name="Investeringen met kapitaallasten per jaar")
    ).to_contain_text("Zaaksysteem")
    assert_accessible(page)

    # The voorjaarsnota, made as a PDF in the background, has the finance tables.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Rapportages").click()
    page.get_by_label("Soort rapportage").select_option(label="Portfoliorapportage per P&C-moment")
    page.get_by_label("P&C-moment").select_option(label="Voorjaarsnota")
    page.get_by_label("Jaar").fill(str(year))
    page.get_by_role("button", name="Rapportage tonen").click()
    # A voorjaarsnota sets the frame for next year's begroting: its raming starts next year.
    expect(page.get_by_role("heading", name=f"Meerjarenraming {year + 1}")).to_be_visible()
    page.get_by_role("button", name="PDF maken").click()
    expect(page.get_by_role("status")).to_contain_text("De PDF is klaar.")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF downloaden").click()
    pdf = tmp_path / "voorjaarsnota.pdf"
    download.value.save_as(pdf)
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils missing: run `make chromium`"
    text = subprocess.run(  # noqa: S603 - fixed tool, our own file
        [pdftotext, str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    words = " ".join(text.split())
    assert f"Meerjarenraming {year + 1}" in words
    assert "Lasten, baten, kapitaallasten, dekking en saldo van het portfolio" in words
    assert "400.000" in words and "40.000" in words
    assert "Weerstandsvermogen" in words
