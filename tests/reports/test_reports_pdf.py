"""PDFs rendered by WeasyPrint, checked with poppler (pdftotext, pdftoppm) as a reader would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image

from koersvast.reports.models import PublishedReportPdf
from koersvast.reports.services import report_publish
from koersvast.tenancy.choices import Role

pytestmark = pytest.mark.django_db

PORTFOLIO = {"kind": "portfolio", "moment": "najaarsnota", "year": 2026, "group_by": "taakveld"}
RAAD = {"kind": "raad", "moment": "najaarsnota", "year": 2026, "threshold": 1_000_000}
PDFTOTEXT = shutil.which("pdftotext") or "pdftotext"
PDFTOPPM = shutil.which("pdftoppm") or "pdftoppm"
needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="poppler-utils missing: run `make chromium`"
)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(  # noqa: S603 - fixed tool, our own file
        [PDFTOTEXT, str(path), "-"], capture_output=True, check=True, text=True
    )
    return " ".join(result.stdout.split())  # table cells wrap; compare words, not lines


def first_page_png(pdf: bytes, tmp_path: Path) -> Image.Image:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    subprocess.run(  # noqa: S603 - fixed tool, our own file
        [PDFTOPPM, "-png", "-r", "60", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
        check=True,
    )
    (png,) = tmp_path.glob("page*.png")
    return Image.open(png).convert("L")


def dark_share(image: Image.Image) -> float:
    """Share of pixels that are clearly not white (text, lines, bars)."""
    histogram = image.histogram()
    return sum(histogram[:200]) / (image.width * image.height)


@needs_poppler
def test_portfolio_pdf_contains_the_report(pm_client, portfolio, tmp_path) -> None:
    response = pm_client.get(reverse("reports:report_pdf"), PORTFOLIO)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "portfoliorapportage-najaarsnota-2026.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content, tmp_path)
    assert "Utrecht" in text
    assert "Vervanging Zuidbrug" in text
    assert "2.1 Verkeer en vervoer" in text
    assert "€ 1.300.000" in text
    assert "Concept" in text
    image = first_page_png(response.content, tmp_path)
    assert image.width > image.height  # A4 landscape
    assert 0.005 < dark_share(image) < 0.5  # text and charts, not blank, not a black page


@needs_poppler
def test_published_pdf_is_made_from_the_snapshot(
    municipality, personas, client_for, portfolio, tmp_path
) -> None:
    published = report_publish(
        municipality=municipality, parameters=RAAD, by=personas[Role.PORTFOLIO_MANAGER]
    )
    portfolio.bridge.title = "Andere titel"
    portfolio.bridge.save()
    response = client_for(personas[Role.READER]).get(
        reverse("reports:published_pdf", args=[published.pk])
    )
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    assert "Vervanging Zuidbrug" in text
    assert "Andere titel" not in text
    assert "Gepubliceerde momentopname" in text
    assert "Realisatie" in text
    assert dark_share(first_page_png(response.content, tmp_path)) > 0.005


def test_published_pdf_is_kept_after_the_first_download(
    municipality, personas, client_for, portfolio, monkeypatch
) -> None:
    published = report_publish(
        municipality=municipality, parameters=RAAD, by=personas[Role.PORTFOLIO_MANAGER]
    )
    client = client_for(personas[Role.READER])
    url = reverse("reports:published_pdf", args=[published.pk])
    first = client.get(url)
    assert first.status_code == 200
    # Later downloads come from the stored PDF: they work even without WeasyPrint.
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content
    assert PublishedReportPdf.objects.get().report == published


def test_without_weasyprint_a_dutch_message(pm_client, portfolio, monkeypatch) -> None:
    # A None entry in sys.modules makes `import weasyprint` fail, as on a server without it.
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    response = pm_client.get(reverse("reports:report_pdf"), PORTFOLIO)
    assert response.status_code == 503
    content = response.content.decode()
    assert "PDF maken kan op deze server niet" in content
    # The HTML report keeps working.
    assert pm_client.get(reverse("reports:report"), PORTFOLIO).status_code == 200


def test_app_checks_without_weasyprint(tmp_path) -> None:
    code = (
        "import sys; sys.modules['weasyprint'] = None\n"
        "import django; django.setup()\n"
        "from django.core.management import call_command; call_command('check')\n"
        "import koersvast.reports.views\n"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "koersvast.config.settings.test",
            # Some system checks open a connection; the test database is not theirs to use.
            "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
