"""Excel in the browser: export the portfolio list, import the sample workbook step by step."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from koersvast.demo import content
from koersvast.demo.services import demo_load

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "excel" / "voorbeeld-portfolio.xlsx"


def test_export_and_import_the_sample(live_server, page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo_load()
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
