"""A plan version's page, its Excel export (read back) and its decision document (page and
PDF): contents, rights, the links that lead there, and query counts."""

from __future__ import annotations

import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from koersvast.planning.choices import LeverKind
from koersvast.planning.models import PlanVersion
from koersvast.planning.selectors.document import decision_document
from koersvast.planning.services.adoption import scenario_adopt
from koersvast.tenancy.choices import Role
from tests.factories import InitiativeFactory

from .test_plan_of_record import _run, _too_big

pytestmark = pytest.mark.django_db


@pytest.fixture
def pm(personas):
    return personas[Role.PORTFOLIO_MANAGER]


@pytest.fixture
def versions(world, municipality, pm):
    """Plan 2027-1, then Plan 2027-2 with a +1 fte lever that brings F (too big before) in."""
    _too_big(world, municipality)
    scenario_adopt(
        scenario=_run(municipality, pm, "Basis"), body=world["body"], rationale="Begroting", by=pm
    )
    more = _run(
        municipality,
        pm,
        "Meer projectleiders",
        {
            "kind": LeverKind.CAPACITY,
            "pool": world["pl"],
            "year": 2027,
            "quarter": 1,
            "fte": Decimal(3),
        },
    )
    scenario_adopt(scenario=more, body=world["body"], rationale="Voorjaarsnota", by=pm)
    return list(PlanVersion.objects.order_by("pk"))


def test_the_version_page_lists_the_plan_and_links_export_and_document(
    versions, pm_client, municipality
):
    first, second = versions
    response = pm_client.get(reverse("planning:plan_version", args=[second.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Plan 2027-2" in html and "Voorjaarsnota" in html
    for name in ("plan_version_export", "plan_version_document", "plan_version_document_pdf"):
        assert reverse(f"planning:{name}", args=[second.pk]) in html
    planned = response.context["planned"]
    assert {item.initiative.reference for item in planned} >= {"A", "D", "F"}
    # The list of versions and the roadmap link here.
    versions_page = pm_client.get(reverse("planning:plan_versions")).content.decode()
    assert reverse("planning:plan_version", args=[first.pk]) in versions_page
    assert reverse("planning:plan_version_document", args=[first.pk]) in versions_page
    roadmap = pm_client.get(reverse("planning:roadmap")).content.decode()
    assert reverse("planning:plan_export") in roadmap
    scenario_page = pm_client.get(second.scenario.get_absolute_url()).content.decode()
    assert reverse("planning:plan_version_document", args=[second.pk]) in scenario_page


def test_the_excel_export_reads_back_one_row_per_initiative(versions, pm_client):
    _first, second = versions
    response = pm_client.get(reverse("planning:plan_version_export", args=[second.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="plan-2027-2-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:6] == ("Kenmerk", "Titel", "Domein", "Fase", "Geplande start", "Gepland einde")
    assert header[-2:] == ("Planversie", "Besluit")
    by_reference = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    assert len(body) == second.items.count() == len(by_reference)
    item = second.items.select_related("initiative").get(initiative__reference="D")
    d = by_reference["D"]
    assert (d["Geplande start"], d["Gepland einde"]) == (item.start_period, item.end_period)
    assert d["Fase"] == "Gepland" and d["Planversie"] == "Plan 2027-2"
    assert "Voorjaarsnota" in d["Besluit"] and "College" in d["Besluit"]
    assert by_reference["C"]["Liep al (werkelijke start)"] == "ja"
    # The roadmap's download is the current plan's.
    current = pm_client.get(reverse("planning:plan_export"))
    assert current.status_code == 200
    assert current["Content-Disposition"].startswith('attachment; filename="plan-2027-2-')


def test_without_a_plan_the_current_export_is_404(pm_client):
    assert pm_client.get(reverse("planning:plan_export")).status_code == 404


def test_the_decision_document_compares_with_the_previous_plan(versions, pm_client):
    first, second = versions
    document = decision_document(second)
    assert document.previous == first
    assert [c.version for c in document.columns] == [first, second]
    assert [m.reference for m in document.came_in] == ["F"]
    assert len(document.changes) == 1 and "Plan 2027-2" in document.changes[0].description
    assert {"2027", "2028"} <= set(document.years)  # 2026: C runs since 2026-Q4
    assert "Projectleiders" in document.pools
    # More capacity in the new plan: the room per year grows, the value does not fall.
    pl = {
        year: shares for pool, year, shares in document.capacity_rows() if pool == "Projectleiders"
    }
    before, after = pl["2027"]
    assert after.room > before.room
    assert document.columns[1].value >= document.columns[0].value
    response = pm_client.get(reverse("planning:plan_version_document", args=[second.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Besluitdocument Plan 2027-2" in html and "Plan 2027-1" in html
    assert "komt in het plan" in html and "Voorjaarsnota" in html
    assert "Hefbomen die echte wijzigingen werden" in html
    # The first version has nothing to compare with.
    first_html = pm_client.get(reverse("planning:plan_version_document", args=[first.pk]))
    assert "Geen vorig plan om mee te vergelijken." in first_html.content.decode()


def test_the_decision_document_pdf(versions, pm_client):
    pytest.importorskip("weasyprint")
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        pytest.skip("poppler-utils missing: run `make chromium`")
    _first, second = versions
    response = pm_client.get(reverse("planning:plan_version_document_pdf", args=[second.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = subprocess.run(  # noqa: S603 - fixed tool, our own PDF
        [pdftotext, "-layout", "-", "-"],
        input=response.content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert "Besluitdocument Plan 2027-2" in text
    assert "Wat verschuift" in text


def test_every_reading_role_opens_the_pages_and_others_are_refused(versions, personas, client_for):
    _first, second = versions
    urls = [
        reverse(f"planning:{name}", args=[second.pk])
        for name in ("plan_version", "plan_version_export", "plan_version_document")
    ]
    for role in (Role.READER, Role.BOARD_MEMBER, Role.POLITICAL_SPONSOR, Role.OFFICIAL_SPONSOR):
        client = client_for(personas[role])
        assert [client.get(url).status_code for url in urls] == [200, 200, 200], role
    for role in (Role.SUBMITTER, Role.ADMINISTRATOR):
        client = client_for(personas[role])
        assert {client.get(url).status_code for url in urls} == {403}, role


def test_another_municipality_gets_404(versions, client_for, outsider):
    client = client_for(outsider)
    _first, second = versions
    for name in (
        "plan_version",
        "plan_version_export",
        "plan_version_document",
        "plan_version_document_pdf",
    ):
        assert client.get(reverse(f"planning:{name}", args=[second.pk])).status_code == 404


def test_the_pages_keep_their_query_counts(versions, pm_client, world, municipality):
    """More initiatives in the plan, the same number of queries (page, export, document)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _first, second = versions

    def counts(version):
        result = []
        for name in ("plan_version", "plan_version_export", "plan_version_document"):
            with CaptureQueriesContext(connection) as queries:
                assert (
                    pm_client.get(reverse(f"planning:{name}", args=[version.pk])).status_code == 200
                )
            result.append(len(queries))
        return result

    few = counts(second)
    for index in range(6):
        InitiativeFactory(
            municipality=municipality,
            reference=f"X{index}",
            state="opgenomen",
            domain=world["a"].domain,
        )
    scenario_adopt(
        scenario=_run(municipality, second.adopted_by, "Groter"),
        body=world["body"],
        rationale="Meer",
        by=second.adopted_by,
    )
    third = PlanVersion.objects.order_by("-pk").first()
    assert third.items.count() > second.items.count()
    assert counts(third) == few
