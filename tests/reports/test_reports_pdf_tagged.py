"""The P&C report PDFs are tagged and accessible (PDF/UA-1): structure, language and title."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from koersvast.reports.pdf import render_pdf

BODY = """
<article class="pc-report">
  <h1>Najaarsnota 2026</h1>
  <h2>Per taakveld</h2>
  <table class="table"><caption>Budget per taakveld</caption>
    <thead><tr><th scope="col">Taakveld</th><th scope="col">Budget</th></tr></thead>
    <tbody><tr><th scope="row">2.1 Verkeer en vervoer</th><td>€ 2.800.000</td></tr></tbody>
  </table>
  <p>Vervanging Zuidbrug ligt op schema.</p>
</article>
"""


def _structure_types(node: object, found: set[str]) -> set[str]:
    """Every structure type (/S) below a node of the structure tree."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, dict):
        if "/S" in node:
            found.add(str(node["/S"]))
        _structure_types(node.get("/K"), found)
    elif isinstance(node, list):
        for child in node:
            _structure_types(child, found)
    return found


@pytest.fixture(scope="module")
def reader() -> PdfReader:
    pdf = render_pdf(body_html=BODY, title="Najaarsnota 2026", municipality="Utrecht")
    return PdfReader(io.BytesIO(pdf))


def test_the_pdf_is_tagged(reader):
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    tree = catalog["/StructTreeRoot"].get_object()
    types = _structure_types(tree, set())
    assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/P"} <= types, types


def test_the_pdf_has_a_language_and_shows_its_title(reader):
    catalog = reader.trailer["/Root"]
    assert str(catalog["/Lang"]) == "nl"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == "Najaarsnota 2026"
    assert b"pdfuaid:part" in catalog["/Metadata"].get_object().get_data()
