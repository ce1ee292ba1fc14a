"""Published P&C reports also as PDF/A-3b for the archive, checked in the file itself."""

from __future__ import annotations

import io
import sys
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from pypdf import PdfReader

from koersvast.reports.models import PdfJob
from koersvast.reports.pdf import render_pdf
from koersvast.reports.services import report_publish
from koersvast.tenancy.choices import Role

PDFAID = "http://www.aiim.org/pdfa/ns/id/"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RAAD = {"kind": "raad", "moment": "najaarsnota", "year": 2026, "threshold": 1_000_000}
BODY = """
<article class="pc-report"><h1>Najaarsnota 2026</h1>
<table class="table"><caption>Budget</caption>
<thead><tr><th scope="col">Taakveld</th><th scope="col">Budget</th></tr></thead>
<tbody><tr><th scope="row">2.1 Verkeer en vervoer</th><td>€ 2.800.000</td></tr></tbody></table>
<p>Vervanging Zuidbrug ligt op schema.</p></article>
"""


def identification(pdf: bytes) -> dict[str, str]:
    """The PDF/A and PDF/UA identification in the XMP metadata (namespace → part+conformance)."""
    catalog = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    xmp = ET.fromstring(catalog["/Metadata"].get_object().get_data())  # noqa: S314 - our own PDF
    found = {}
    for description in xmp.iter(f"{{{RDF}}}Description"):
        for namespace, name in ((PDFAID, "pdfa"), (PDFUAID, "pdfua")):
            part = description.get(f"{{{namespace}}}part")
            if part is None:
                child = description.find(f"{{{namespace}}}part")
                part = child.text if child is not None else None
            if part is not None:
                found[name] = part + description.get(f"{{{namespace}}}conformance", "")
    return found


def fonts(reader: PdfReader) -> list[dict]:
    descriptors = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptors.append(descendant.get_object()["/FontDescriptor"].get_object())
    return descriptors


@pytest.fixture(scope="module")
def archive() -> bytes:
    return render_pdf(
        body_html=BODY, title="Najaarsnota 2026", municipality="Utrecht", archival=True
    )


def test_the_archive_copy_identifies_itself_as_pdfa_3b(archive) -> None:
    assert archive.startswith(b"%PDF-1.7")
    assert identification(archive) == {"pdfa": "3B"}


def test_the_archive_copy_is_self_contained(archive) -> None:
    reader = PdfReader(io.BytesIO(archive))
    catalog = reader.trailer["/Root"]
    assert not reader.is_encrypted
    (intent,) = catalog["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/S"] == "/GTS_PDFA1"
    assert intent["/DestOutputProfile"].get_object().get_data()  # the embedded sRGB profile
    descriptors = fonts(reader)
    assert descriptors
    assert all({"/FontFile", "/FontFile2", "/FontFile3"} & set(d) for d in descriptors)
    assert "/JavaScript" not in str(catalog.get("/Names", {}))


def test_the_archive_copy_stays_tagged(archive) -> None:
    catalog = PdfReader(io.BytesIO(archive)).trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert str(catalog["/Lang"]) == "nl"


def test_the_ordinary_pdf_stays_pdfua() -> None:
    pdf = render_pdf(body_html=BODY, title="Najaarsnota 2026", municipality="Utrecht")
    assert identification(pdf) == {"pdfua": "1"}


@pytest.mark.django_db
def test_a_publication_gets_its_archive_copy(
    municipality, personas, client_for, portfolio, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        published = report_publish(
            municipality=municipality, parameters=RAAD, by=personas[Role.PORTFOLIO_MANAGER]
        )
    job = PdfJob.objects.get()
    assert job.status == "ready" and job.archive
    client = client_for(personas[Role.READER])
    page = client.get(published.get_absolute_url()).content.decode()
    url = reverse("reports:published_pdfa", args=[published.pk])
    assert url in page
    # The stored copy is served: it works without WeasyPrint and makes no new job.
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('-pdf-a.pdf"')
    assert identification(response.content) == {"pdfa": "3B"}
    assert PdfJob.objects.count() == 1


@pytest.mark.django_db
def test_an_older_publication_is_rendered_again_for_its_archive_copy(
    municipality, personas, client_for, portfolio, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        published = report_publish(
            municipality=municipality, parameters=RAAD, by=personas[Role.PORTFOLIO_MANAGER]
        )
    job = PdfJob.objects.get()
    job.archive.delete(save=True)  # as published before archive copies existed
    client = client_for(personas[Role.READER])
    url = reverse("reports:published_pdfa", args=[published.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(url)
    assert first.status_code == 302 and first.url == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == "ready" and job.archive
    assert identification(client.get(url).content) == {"pdfa": "3B"}
