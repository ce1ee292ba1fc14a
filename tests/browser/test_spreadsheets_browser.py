"""Excel in the browser: export the portfolio list, import the sample workbook step by step."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from koersvast.demo import content
from tests.demo_snapshot import load_demo

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "excel" / "voorbeeld-portfolio.xlsx"


def test_export_and_import_the_sample(live_server, page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo()
    login(page, live_server, "portfoliomanager", content.DEMO_PASSWORD)

    page.goto(f"{live_server.url}/portfolio/")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporteren naar Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    page.goto(f"{live_server.url}/excel/import/")
    assert_accessible(page)
    page.get_by_label("Excel-bestand (.xlsx)").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Bestand inlezen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kolommen koppelen")
    expect(page.get_by_label("Projectnaam")).to_have_value("title")
    expect(page.get_by_label("Opmerkingen")).to_have_value("")
    assert_accessible(page)

    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("status").first).to_contain_text("Proefimport geslaagd: 12 nieuw")
    assert_accessible(page)
    page.get_by_role("button", name="Importeren", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Import voltooid: 12 nieuw")
    page.goto(f"{live_server.url}/portfolio/?q=VB-2025-04")
    expect(page.get_by_role("link", name="Gebiedsontwikkeling Stationskwartier")).to_be_visible()


def test_excel_round_trip_updates_without_duplicates(live_server, page, settings, tmp_path):
    """Export the list, change a title in Excel, import it back: one update, nothing new."""
    from openpyxl import load_workbook

    from koersvast.portfolio.models import Initiative

    settings.MEDIA_ROOT = tmp_path
    load_demo()
    before = Initiative.objects.count()
    login(page, live_server, "portfoliomanager", content.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/portfolio/?q=Vervanging+zaaksysteem")
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporteren naar Excel").click()
    exported = tmp_path / "export.xlsx"
    download.value.save_as(exported)
    workbook = load_workbook(exported)
    sheet = workbook.active
    assert sheet.max_row >= 2, "the filtered export holds the initiative"
    reference = sheet["A2"].value
    sheet["B2"] = new_title = "Vervanging zaaksysteem (tweede fase)"
    workbook.save(exported)

    page.goto(f"{live_server.url}/excel/import/")
    page.get_by_label("Excel-bestand (.xlsx)").set_input_files(str(exported))
    page.get_by_role("button", name="Bestand inlezen").click()
    page.get_by_role("button", name="Controleren").click()
    page.get_by_role("button", name="Importeren", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Import voltooid: 0 nieuw, 1 bijgewerkt")
    assert Initiative.objects.count() == before  # updated by reference, no duplicate
    assert Initiative.objects.get(reference=reference).title == new_title
