"""Own intake fields in Chromium: the beheerder creates one, an indiener submits an initiative
that fills it, and the initiative page shows it (axe-core on every page)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from koersvast.portfolio.models import CustomField, Initiative
from koersvast.tenancy.choices import Role
from tests.conftest import PASSWORD
from tests.factories import DomainFactory

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_beheerder_adds_a_field_and_an_indiener_fills_it(
    live_server, page, browser, personas, municipality
):
    DomainFactory(municipality=municipality, name="Sociaal domein")
    admin, submitter = personas[Role.ADMINISTRATOR], personas[Role.SUBMITTER]

    login(page, live_server, admin.username, PASSWORD)
    page.goto(f"{live_server.url}{reverse('administration:index')}")
    page.get_by_role("link", name="Eigen intakevelden").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Nieuw eigen veld").click()
    page.get_by_label("Label").fill("Wijk")
    page.get_by_label("Soort").select_option("keuze")
    page.get_by_label("Keuzes").fill("Noord\nZuid\nCentrum")
    page.get_by_label("Helptekst").fill("De wijk waar het initiatief vooral speelt.")
    page.get_by_label("Verplicht").check()
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("‘Wijk’ is opgeslagen.")).to_be_visible()
    expect(page.get_by_role("cell", name="Wijk")).to_be_visible()
    assert CustomField.objects.get(municipality=municipality).code == "wijk"

    context = browser.new_context(locale="nl-NL")
    submitter_page = context.new_page()
    login(submitter_page, live_server, submitter.username, PASSWORD)
    submitter_page.goto(f"{live_server.url}{reverse('intake:create')}")
    submitter_page.get_by_label("Titel").fill("Buurtkamer")
    submitter_page.get_by_label("Probleem of behoefte").fill("Geen ontmoetingsplek in de wijk.")
    submitter_page.get_by_label("Beoogd resultaat").fill("Een buurtkamer die open is.")
    submitter_page.get_by_label("Domein").select_option(label="Sociaal domein")
    # Without the required own field nothing is saved, with a Dutch message.
    submitter_page.get_by_role("button", name="Opslaan en indienen").click()
    expect(submitter_page.get_by_text("Dit veld is vereist.")).to_be_visible()
    assert_accessible(submitter_page)
    submitter_page.get_by_label("Wijk").select_option("Zuid")
    submitter_page.get_by_role("button", name="Opslaan en indienen").click()
    expect(submitter_page.get_by_role("heading", level=1)).to_have_text("Buurtkamer")
    expect(submitter_page.get_by_role("heading", name="Gegevens van de gemeente")).to_be_visible()
    facts = submitter_page.locator("dl.facts").filter(has_text="Wijk")
    expect(facts.locator("dd").filter(has_text="Zuid")).to_be_visible()
    assert_accessible(submitter_page)
    initiative = Initiative.objects.get(title="Buurtkamer")
    assert initiative.custom_values == {"wijk": "Zuid"}
    assert initiative.state == "ingediend"
    context.close()


def test_portfolio_manager_imports_a_project_plan(live_server, page, personas, municipality):
    from pathlib import Path

    DomainFactory(municipality=municipality, name="Bedrijfsvoering")
    CustomField.objects.create(
        municipality=municipality, code="wijk", name="Wijk", kind="keuze", options=["Noord", "Zuid"]
    )
    plan = Path(__file__).parents[1] / "spreadsheets" / "project" / "portfolio.xml"
    login(page, live_server, personas[Role.PORTFOLIO_MANAGER].username, PASSWORD)
    page.goto(f"{live_server.url}{reverse('spreadsheets:import_upload')}")
    page.get_by_role("link", name="Importeren uit Microsoft Project (.xml)").click()
    assert_accessible(page)
    page.get_by_label("Microsoft Project-bestand (.xml)").set_input_files(str(plan))
    page.get_by_label("Domein voor alle taken").select_option(label="Bedrijfsvoering")
    page.get_by_role("button", name="Plan inlezen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kolommen koppelen")
    expect(page.get_by_label("Wijk", exact=True)).to_have_value("eigen:wijk")
    assert_accessible(page)
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("cell", name="Speeltuinen vernieuwen")).to_be_visible()
    assert_accessible(page)
    assert not Initiative.objects.filter(municipality=municipality).exists()
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_text("Import voltooid: 2 nieuw")).to_be_visible()
    assert Initiative.objects.get(title="Nieuw zaaksysteem").custom_values == {"wijk": "Noord"}
