"""Excel import: the shipped workbooks, re-import by reference, and broken files writing nothing."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from koersvast.audit.models import AuditEvent
from koersvast.portfolio.models import Initiative
from koersvast.spreadsheets import samples
from koersvast.spreadsheets.services import WorkbookRejected, portfolio_import
from koersvast.tenancy.choices import Role
from tests.factories import DomainFactory, InitiativeFactory

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "excel"
DOMAINS = [
    "Sociaal domein",
    "Ruimte",
    "Openbare ruimte",
    "Informatievoorziening",
    "Bedrijfsvoering",
]


@pytest.fixture
def domains(municipality):
    return [DomainFactory(municipality=municipality, name=name) for name in DOMAINS]


@pytest.fixture
def manager(personas):
    return personas[Role.PORTFOLIO_MANAGER]


def xlsx(rows, *, merge: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


HEADER = ["Kenmerk", "Titel", "Domein", "Krediet", "Fase"]


def run(municipality, by, content, **kw):
    return portfolio_import(municipality=municipality, by=by, content=content, **kw)


def test_shipped_workbooks_are_current() -> None:
    for name, build in (
        ("koersvast-sjabloon.xlsx", samples.template_bytes),
        ("voorbeeld-portfolio.xlsx", samples.sample_bytes),
    ):
        shipped = load_workbook(DOCS / name)
        fresh = load_workbook(BytesIO(build()))
        assert shipped.sheetnames == fresh.sheetnames
        assert [c.value for c in shipped.active[1]] == [c.value for c in fresh.active[1]]
    assert "Kenmerk" in (DOCS / "README.md").read_text()


def test_template_imports(municipality, domains, manager) -> None:
    report = run(municipality, manager, (DOCS / "koersvast-sjabloon.xlsx").read_bytes())
    assert report.ok, report.issues
    assert report.created == 2
    made = Initiative.objects.get(title="Voorbeeld: Herinrichting Marktplein")
    assert made.domain.name == "Openbare ruimte" and made.state == "opgenomen"
    assert made.budget_capital == 1200000 and made.duration_quarters == 6
    assert (made.start_year, made.start_quarter) == (2027, 3)
    assert made.reference and made.taakveld.code == "2.1"


def test_sample_imports_and_reimport_updates(municipality, domains, manager) -> None:
    content = (DOCS / "voorbeeld-portfolio.xlsx").read_bytes()
    dry = run(municipality, manager, content, dry_run=True)
    assert dry.ok, dry.issues
    assert dry.created == 12 and Initiative.objects.count() == 0
    report = run(municipality, manager, content)
    assert report.applied and report.created == 12
    station = Initiative.objects.get(reference="VB-2025-04")
    assert station.budget_capital == 4500000 and station.state == "in_uitvoering"
    assert station.work_form == "programma" and station.duration_quarters == 16
    sewer = Initiative.objects.get(reference="VB-2025-06")
    assert (sewer.start_year, sewer.start_quarter) == (2026, 3) and sewer.is_statutory
    events = AuditEvent.objects.count()
    again = run(municipality, manager, content)
    assert again.unchanged == 12 and Initiative.objects.count() == 12
    assert AuditEvent.objects.count() == events


def test_excel_round_trip_updates_by_reference(municipality, domains, pm_client, manager) -> None:
    InitiativeFactory(municipality=municipality, domain=domains[0], reference="R-1", title="Oud")
    InitiativeFactory(municipality=municipality, domain=domains[1], reference="R-2")
    exported = pm_client.get(reverse("spreadsheets:export_portfolio")).content
    workbook = load_workbook(BytesIO(exported))
    workbook.active["B2"] = "Nieuwe titel"
    buffer = BytesIO()
    workbook.save(buffer)
    report = run(municipality, manager, buffer.getvalue())
    assert report.ok, report.issues
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert Initiative.objects.count() == 2
    assert Initiative.objects.get(reference="R-1").title == "Nieuwe titel"
    event = AuditEvent.objects.order_by("-pk").first()
    assert "title" in str(event.changes)


BROKEN = {
    "text in amount": (
        xlsx([HEADER, ["", "Project A", "Ruimte", "heel veel", "Idee"]]),
        "Geen bedrag",
    ),
    "missing required column": (xlsx([["Kenmerk", "Titel"], ["", "Project A"]]), "Domein"),
    "duplicate keys": (
        xlsx([HEADER, ["K-1", "A", "Ruimte", 1, "Idee"], ["K-1", "B", "Ruimte", 2, "Idee"]]),
        "staat al in regel 2",
    ),
    "unknown domain": (xlsx([HEADER, ["", "A", "Mars", 1, "Idee"]]), "Onbekend domein"),
    "formula": (
        xlsx([HEADER, ["", "A", "Ruimte", "=1000*5", "Idee"]]),
        "Formule zonder berekende waarde",
    ),
    "merged cells": (
        xlsx([HEADER, ["", "A", "Ruimte", 1, "Idee"], ["", "B", None, 1, "Idee"]], merge="C2:C3"),
        "Samengevoegde cellen",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_workbook_writes_nothing(case, municipality, domains, manager) -> None:
    content, expected = BROKEN[case]
    before = (Initiative.objects.count(), AuditEvent.objects.count())
    report = run(municipality, manager, content)
    assert not report.ok and not report.applied
    assert any(expected in issue.message for issue in report.issues), report.issues
    assert (Initiative.objects.count(), AuditEvent.objects.count()) == before


CONTENT_TYPES = (
    b'<Types><Override ContentType="application/vnd.openxmlformats-officedocument.'
    b'spreadsheetml.sheet.main+xml"/></Types>'
)


def _zip_of_text() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("lijst.csv", "Kenmerk;Titel")
    return buffer.getvalue()


def _bomb() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return buffer.getvalue()


REJECTED = {
    "empty sheet": (xlsx([]), "leeg"),
    "header only": (xlsx([HEADER]), "geen gegevens"),
    "not xlsx": (b"Kenmerk;Titel\n1;A\n", "geen Excel-werkmap"),
    "zip but not xlsx": (_zip_of_text(), "geen Excel-werkmap"),
    "oversized": (b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024 + 1), "groter dan 5 MB"),
    "decompression bomb": (_bomb(), "uitgepakt groter"),
}


@pytest.mark.parametrize("case", sorted(REJECTED))
def test_rejected_file_writes_nothing(case, municipality, domains, manager) -> None:
    content, expected = REJECTED[case]
    before = (Initiative.objects.count(), AuditEvent.objects.count())
    with pytest.raises(WorkbookRejected, match=expected):
        run(municipality, manager, content)
    assert (Initiative.objects.count(), AuditEvent.objects.count()) == before


def test_reader_may_not_import(municipality, domains, personas) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run(municipality, personas[Role.READER], xlsx([HEADER, ["", "A", "Ruimte", 1, ""]]))


def test_command_imports_and_rejects(municipality, domains, tmp_path, capsys) -> None:
    good = tmp_path / "lijst.xlsx"
    good.write_bytes((DOCS / "voorbeeld-portfolio.xlsx").read_bytes())
    call_command("import_excel", str(good), municipality="GM0344", dry_run=True)
    assert Initiative.objects.count() == 0
    call_command("import_excel", str(good), municipality="GM0344")
    assert Initiative.objects.count() == 12
    assert "12 nieuw" in capsys.readouterr().out
    bad = tmp_path / "fout.xlsx"
    bad.write_bytes(BROKEN["text in amount"][0])
    with pytest.raises(CommandError):
        call_command("import_excel", str(bad), municipality="GM0344")
    assert "Geen bedrag" in capsys.readouterr().err
    assert Initiative.objects.count() == 12


def test_import_respects_given_references(municipality, domains, manager) -> None:
    """A new row without a reference gets the municipality's next one, after those given."""
    InitiativeFactory(municipality=municipality, domain=domains[0], reference="KV-003")
    content = xlsx(
        [
            HEADER,
            ["", "Zonder kenmerk", "Ruimte", 1, "Idee"],
            ["KV-010", "Met kenmerk", "Ruimte", 1, "Idee"],
            ["", "Nog een zonder", "Ruimte", 1, "Idee"],
        ]
    )
    report = run(municipality, manager, content)
    assert report.ok, report.issues
    assert [row.reference for row in report.rows] == ["KV-011", "KV-010", "KV-012"]
    assert Initiative.objects.get(reference="KV-011").title == "Zonder kenmerk"


def test_import_cleans_control_characters(municipality, domains, manager) -> None:
    """Text pasted from Word carries U+000B, which Excel stores as _x000B_: it becomes a space.

    Other control characters go; a literal "_x0041_" (stored by Excel as _x005F_x0041_) stays.
    """
    content = xlsx(
        [
            ["Kenmerk", "Titel", "Domein", "Probleem", "Resultaat"],
            [
                "KV-001_x0001_",
                "Digitaal_x000B_loket_x0002_",
                "Ruimte",
                "Regel één_x000B_\nregel twee_x001F_",
                "Code _x005F_x0041_ blijft",
            ],
        ]
    )
    report = run(municipality, manager, content)
    assert report.ok, report.issues
    made = Initiative.objects.get()
    assert (made.reference, made.title) == ("KV-001", "Digitaal loket")
    assert made.problem == "Regel één \nregel twee"
    assert made.intended_result == "Code _x0041_ blijft"


def test_import_refuses_a_decision_only_change_to_running_work(
    municipality, domains, manager
) -> None:
    """Budget, scope and duration of running work change only by a decision (0403): the row
    says so and nothing is written; the same values (or other fields) still import."""
    running = InitiativeFactory(
        municipality=municipality,
        domain=domains[1],
        reference="KV-020",
        state="in_uitvoering",
        budget_capital=100_000,
    )
    changed = xlsx([HEADER, ["KV-020", "Nieuwe titel", "Ruimte", 250_000, "In uitvoering"]])
    report = run(municipality, manager, changed)
    assert not report.ok
    (issue,) = report.issues
    assert "besluit" in issue.message and issue.row == 2
    running.refresh_from_db()
    assert running.budget_capital == 100_000 and running.title != "Nieuwe titel"

    same = xlsx([HEADER, ["KV-020", "Nieuwe titel", "Ruimte", 100_000, "In uitvoering"]])
    assert run(municipality, manager, same).ok
    running.refresh_from_db()
    assert running.title == "Nieuwe titel"
