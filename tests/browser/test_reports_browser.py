"""P&C reports in the browser: generate a raad report, publish it, download and read its PDF."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect

from koersvast.demo import content
from koersvast.reports.models import PublishedReport
from tests.demo_snapshot import load_demo

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_portfolio_manager_publishes_raad_report_and_downloads_pdf(
    live_server, page: Page, tmp_path
) -> None:
    municipality, _logins = load_demo()
    year = timezone.localdate().year

    login(page, live_server, "portfoliomanager", content.DEMO_PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Rapportages").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapportages")
    expect(page.get_by_text("Er zijn nog geen rapportages gepubliceerd.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Soort rapportage").select_option(label="Raadsrapportage grote projecten")
    page.get_by_label("P&C-moment").select_option(label="Najaarsnota")
    page.get_by_label("Jaar").fill(str(year))
    page.get_by_role("button", name="Rapportage tonen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Raadsrapportage grote projecten – Najaarsnota {year}"
    )
    table = page.get_by_role("table", name="Fase, planning, budget, risico's en kleur")
    expect(table).to_be_visible()
    expect(page.get_by_role("img", name="Budget per groot project")).to_be_visible()
    assert_accessible(page)

    # The live report's PDF is made in the background; its page says when it is ready.
    page.get_by_role("button", name="PDF maken").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("PDF van Raadsrapportage")
    expect(page.get_by_role("status")).to_contain_text("De PDF is klaar.")
    assert_accessible(page)
    with page.expect_download() as live_download:
        page.get_by_role("link", name="PDF downloaden").click()
    assert live_download.value.suggested_filename.endswith(".pdf")
    page.go_back()

    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text("De rapportage is gepubliceerd en ligt vast")).to_be_visible()
    expect(page.get_by_text("kan niet worden gewijzigd of verwijderd")).to_be_visible()
    published = PublishedReport.objects.get(municipality=municipality)
    project = published.data["projects"][0]
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF downloaden").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    pdf = tmp_path / "raad.pdf"
    download.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")

    pdftotext, pdftoppm = shutil.which("pdftotext"), shutil.which("pdftoppm")
    assert pdftotext and pdftoppm, "poppler-utils missing: run `make chromium`"
    text = subprocess.run(  # noqa: S603 - fixed tool, our own file
        [pdftotext, str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    words = " ".join(text.split())
    assert municipality.name in words
    assert project["reference"] in words
    # Table cells wrap, and pdftotext reads a wrapped cell's lines between its neighbours' (or
    # glued to a narrow neighbour: "2030versterken"): each word is there, not always alone.
    assert all(word in words for word in project["title"].split())
    assert "Gepubliceerde momentopname" in words

    subprocess.run(  # noqa: S603 - fixed tool, our own file
        [pdftoppm, "-png", "-r", "72", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    (png,) = tmp_path.glob("page*.png")
    image = Image.open(png).convert("L")
    # A4 landscape is 842 × 595 points; pdftoppm rounds the page box up to whole pixels.
    assert abs(image.width - 842) <= 1 and abs(image.height - 595) <= 1
    not_white = sum(image.histogram()[:200]) / (image.width * image.height)
    assert 0.005 < not_white < 0.5

    page.get_by_role("link", name="Rapportages").first.click()
    expect(page.get_by_role("link", name=published.title, exact=True)).to_be_visible()
    expect(page.get_by_text("Geldend")).to_be_visible()
