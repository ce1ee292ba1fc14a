"""The portfolio manager imports an existing MIP from Excel: a dry run first (nothing saved),
then the import; the meerjarenraming then shows the difference with the primitieve begroting the
raad adopted."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from koersvast.finance import services
from koersvast.finance.models import Investment
from koersvast.finance.selectors.estimate import default_budget_year
from koersvast.tenancy.choices import Role
from tests.conftest import PASSWORD
from tests.factories import DecisionBodyFactory, InitiativeFactory

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _mip(reference: str, year: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "MIP"
    sheet.append(["Kenmerk", "Investering", "Categorie", "Methode", "Ingebruikname", "Bedrag"])
    sheet.append([reference, "Zaaksysteem", "ICT", "Lineair", year, 2_000_000])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def test_import_a_mip_and_see_the_difference_with_the_begroting(
    live_server, page, personas, municipality
):
    year = default_budget_year()
    pm = personas[Role.PORTFOLIO_MANAGER]
    initiative = InitiativeFactory(
        municipality=municipality, title="Nieuw zaaksysteem", state="gepland"
    )
    council = DecisionBodyFactory(municipality=municipality, name="Gemeenteraad", kind="raad")
    services.budget_primitive_adopt(
        municipality=municipality,
        budget_year=year,
        decision=services.CouncilDecision(body=council, decided_on=datetime.date(year - 1, 11, 5)),
        by=pm,
    )
    login(page, live_server, pm.username, PASSWORD)
    page.goto(live_server.url + "/financien/mip/")
    page.get_by_role("link", name="Importeren uit Excel").click()
    assert_accessible(page)
    page.get_by_label("Excel-bestand (.xlsx)").set_input_files(
        {
            "name": "mip.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": _mip(initiative.reference, year),
        }
    )
    page.get_by_role("button", name="Bestand inlezen").click()

    # The dry run: what would happen, nothing saved yet.
    expect(page.get_by_role("status")).to_contain_text("Proefimport geslaagd: 1 nieuw")
    expect(page.get_by_role("table", name="Voorbeeld per regel")).to_contain_text("Zaaksysteem")
    assert not Investment.objects.exists()
    assert_accessible(page)
    page.get_by_role("button", name="Importeren", exact=True).click()
    expect(page.get_by_text("Import voltooid: 1 nieuw")).to_be_visible()
    expect(
        page.get_by_role("table", name="Investeringen met kapitaallasten per jaar")
    ).to_contain_text("Zaaksysteem")

    # The meerjarenraming (prognose) against the primitieve begroting.
    page.get_by_role("navigation", name="Financiën").get_by_role(
        "link", name="Meerjarenraming"
    ).click()
    expect(page.get_by_test_id("version")).to_contain_text(
        f"vergeleken met Primitieve begroting {year}"
    )
    difference = page.get_by_role("table", name=f"Verschil met Primitieve begroting {year}")
    expect(difference.locator('tr[data-key="afschrijving"] td')).to_have_text(
        ["€ 0", "€ 400.000", "€ 400.000", "€ 400.000", "€ 1.200.000"]
    )
    assert_accessible(page)
