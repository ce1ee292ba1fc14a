"""PDFs rendered by WeasyPrint, checked with poppler (pdftotext, pdftoppm) as a reader would."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from koersvast.reports.models import PdfJob
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


def make_pdf(client, capture, data=PORTFOLIO):
    """Ask for a live report's PDF as the page does; the background task runs on commit."""
    with capture(execute=True):
        response = client.post(reverse("reports:report_pdf"), data)
    assert response.status_code == 302
    return PdfJob.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))


@needs_poppler
def test_portfolio_pdf_contains_the_report(
    pm_client, portfolio, tmp_path, django_capture_on_commit_callbacks
) -> None:
    job = make_pdf(pm_client, django_capture_on_commit_callbacks)
    page = pm_client.get(job.get_absolute_url()).content.decode()
    assert "De PDF is klaar." in page
    assert "hx-get" not in page  # nothing left to poll
    response = pm_client.get(reverse("reports:pdf_download", args=[job.pk]))
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


def test_a_pending_pdf_shows_progress_and_polls(pm_client, portfolio) -> None:
    response = pm_client.post(reverse("reports:report_pdf"), PORTFOLIO)  # no worker ran yet
    job = PdfJob.objects.get()
    assert response.url == job.get_absolute_url()
    assert job.status == "pending" and job.title == "Portfoliorapportage – Najaarsnota 2026"
    page = pm_client.get(job.get_absolute_url()).content.decode()
    assert "De PDF wordt gemaakt" in page
    assert f'hx-get="{job.get_absolute_url()}"' in page
    partial = pm_client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert partial.content.decode().startswith('<div id="pdf-status"')
    download = pm_client.get(reverse("reports:pdf_download", args=[job.pk]))
    assert download.status_code == 302 and download.url == job.get_absolute_url()


@needs_poppler
def test_published_pdf_is_made_from_the_snapshot(
    municipality, personas, client_for, portfolio, tmp_path, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        published = report_publish(
            municipality=municipality, parameters=RAAD, by=personas[Role.PORTFOLIO_MANAGER]
        )
    portfolio.bridge.title = "Andere titel"
    portfolio.bridge.save()
    response = client_for(personas[Role.READER]).get(
        reverse("reports:published_pdf", args=[published.pk]), follow=True
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "Vervanging Zuidbrug" in text
    assert "Andere titel" not in text
    assert "Gepubliceerde momentopname" in text
    assert "Realisatie" in text
    assert dark_share(first_page_png(response.content, tmp_path)) > 0.005


def test_published_pdf_is_made_at_publication_and_kept(
    municipality, personas, client_for, portfolio, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        published = report_publish(
            municipality=municipality, parameters=RAAD, by=personas[Role.PORTFOLIO_MANAGER]
        )
    job = PdfJob.objects.get()
    assert (job.published, job.status) == (published, "ready")
    # Downloads come from the stored PDF: they work even without WeasyPrint, and make no job.
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    client = client_for(personas[Role.READER])
    url = reverse("reports:published_pdf", args=[published.pk])
    first, second = client.get(url, follow=True), client.get(url, follow=True)
    assert first.content == second.content == job.file.open("rb").read()
    assert PdfJob.objects.count() == 1


def test_without_weasyprint_the_job_fails_with_a_dutch_reason_and_can_be_retried(
    pm_client, portfolio, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    # A None entry in sys.modules makes `import weasyprint` fail, as on a server without it.
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    job = make_pdf(pm_client, django_capture_on_commit_callbacks)
    assert job.status == "failed"
    page = pm_client.get(job.get_absolute_url()).content.decode()
    assert "PDF maken kan op deze server niet" in page
    assert "Opnieuw proberen" in page
    # The HTML report keeps working.
    assert pm_client.get(reverse("reports:report"), PORTFOLIO).status_code == 200
    monkeypatch.delitem(sys.modules, "weasyprint")
    with django_capture_on_commit_callbacks(execute=True):
        pm_client.post(reverse("reports:pdf_retry", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.error) == ("ready", "")
    assert job.file.open("rb").read().startswith(b"%PDF")


def test_a_job_whose_worker_vanished_fails_and_old_live_pdfs_are_removed(
    pm_client, portfolio, municipality
) -> None:
    pm_client.post(reverse("reports:report_pdf"), PORTFOLIO)
    job = PdfJob.objects.get()
    long_ago = timezone.now() - datetime.timedelta(days=2)
    PdfJob.objects.filter(pk=job.pk).update(updated_at=long_ago, created_at=long_ago)
    page = pm_client.get(job.get_absolute_url()).content.decode()
    assert "De achtergrondtaak is niet afgerond" in page
    pm_client.post(reverse("reports:report_pdf"), PORTFOLIO)  # a new request tidies up
    assert not PdfJob.objects.filter(pk=job.pk).exists()
    assert PdfJob.objects.count() == 1


def test_a_pdf_request_needs_valid_parameters(pm_client, portfolio) -> None:
    response = pm_client.post(reverse("reports:report_pdf"), {**PORTFOLIO, "year": "abc"})
    assert response.status_code == 400
    assert not PdfJob.objects.exists()


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
