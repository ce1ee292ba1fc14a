"""Upload limits: size per kind, type sniffed from the bytes, zip bombs, sanitised names.

Every file here is real: workbooks written by openpyxl, a zip bomb built with zipfile, a PDF
renamed to .xlsx. The view tests show that the error reaches the form and nothing is written.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from koersvast.audit.models import AuditEvent
from koersvast.core import uploads
from koersvast.framework.models import Framework
from koersvast.intake.models import Attachment
from koersvast.monitoring.models import BudgetLine
from koersvast.tenancy.choices import Role
from tests.factories import InitiativeFactory

MB = 1024 * 1024
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(20)


def real_xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Kenmerk", "Titel"])
    sheet.append(["T-1", "Nieuwe sporthal"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def xlsx_bomb(unpacked_mb: int) -> bytes:
    """A workbook-shaped zip whose sheet unpacks to `unpacked_mb` MB of zeros (streamed in)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            chunk = bytes(MB)
            for _ in range(unpacked_mb):
                member.write(chunk)
    return buffer.getvalue()


def odf(mimetype: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype)  # stored first and uncompressed, as ODF requires
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def rejected(validator: Any, file: SimpleUploadedFile) -> str:
    with pytest.raises(ValidationError) as caught:
        validator(file)
    return " ".join(caught.value.messages)


# --- validators ------------------------------------------------------------------------------


def test_a_real_workbook_passes_and_stays_readable() -> None:
    file = upload("lijst.xlsx", real_xlsx())
    uploads.validate_xlsx(file)
    assert file.read()[:4] == b"PK\x03\x04"  # rewound for the view


@pytest.mark.parametrize(
    "content",
    [
        PDF,  # a PDF renamed to .xlsx
        b"Kenmerk;Titel\nT-1;Sporthal\n",  # a CSV renamed to .xlsx
        zip_of({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}),  # a .docx
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),  # an old .xls
        b"PK\x03\x04" + bytes(100),  # a broken zip
    ],
    ids=["pdf", "csv", "docx", "xls", "broken-zip"],
)
def test_anything_but_a_workbook_is_not_xlsx(content: bytes) -> None:
    assert "geen Excel-werkmap (.xlsx)" in rejected(
        uploads.validate_xlsx, upload("x.xlsx", content)
    )


def test_a_zip_bomb_is_refused_from_its_directory() -> None:
    bomb = xlsx_bomb(unpacked_mb=150)
    assert len(bomb) < MB  # small on disk, 150 MB unpacked
    message = rejected(uploads.validate_xlsx, upload("bom.xlsx", bomb))
    assert "uitgepakt groter dan 100 MB" in message


def test_a_highly_compressed_member_is_refused_below_the_size_limit() -> None:
    message = rejected(uploads.validate_xlsx, upload("bom.xlsx", xlsx_bomb(unpacked_mb=20)))
    assert "verdacht sterk ingepakt (meer dan 100 keer)" in message


def test_the_unpacked_limit_is_a_setting(settings) -> None:
    settings.XLSX_MAX_UNCOMPRESSED_BYTES = 2 * MB
    noise = os.urandom(3 * MB)  # incompressible: the ratio is fine, the size is not
    content = zip_of({"[Content_Types].xml": b"<T/>", "xl/workbook.xml": b"<w/>", "x.bin": noise})
    assert "uitgepakt groter dan 2 MB" in rejected(uploads.validate_xlsx, upload("a.xlsx", content))


def test_too_many_members_are_refused() -> None:
    members = {"[Content_Types].xml": b"<T/>", "xl/workbook.xml": b"<w/>"}
    members |= {f"xl/media/{n}.bin": b"x" for n in range(2_001)}
    message = rejected(uploads.validate_xlsx, upload("a.xlsx", zip_of(members)))
    assert "meer dan 2000 onderdelen" in message


def test_an_oversized_workbook_is_refused_before_reading() -> None:
    content = real_xlsx() + bytes(5 * MB)
    assert "groter dan 5 MB" in rejected(uploads.validate_xlsx, upload("a.xlsx", content))


def test_an_empty_file_is_refused() -> None:
    assert "leeg" in rejected(uploads.validate_csv, upload("a.csv", b""))


def test_json_must_be_utf8_that_parses() -> None:
    uploads.validate_json(upload("kader.json", '\ufeff{"naam": "Één"}'.encode()))
    assert "geen UTF-8" in rejected(uploads.validate_json, upload("k.json", PDF))
    assert "regel 2, kolom 1" in rejected(uploads.validate_json, upload("k.json", b"{\n"))
    assert "te diep genest" in rejected(uploads.validate_json, upload("k.json", b"[" * 100_000))
    big = json.dumps({"x": "a" * MB}).encode()
    assert "groter dan 1 MB" in rejected(uploads.validate_json, upload("k.json", big))


@pytest.mark.parametrize(
    "content",
    [
        b"kenmerk;jaar\nT-1;2026\n",
        "\ufeffkenmerk;omschrijving\nT-1;Één\n".encode(),  # UTF-8 with BOM (Excel)
        "kenmerk;omschrijving\nT-1;café €\n".encode("cp1252"),  # Windows-1252 (older Excel)
    ],
    ids=["utf8", "utf8-bom", "cp1252"],
)
def test_csv_in_the_usual_encodings_passes(content: bytes) -> None:
    uploads.validate_csv(upload("a.csv", content))


def test_csv_with_nul_bytes_or_a_binary_file_is_refused() -> None:
    nul = b"kenmerk;jaar\nT-1;2026\x00\n"
    assert "tekens die niet in tekst" in rejected(uploads.validate_csv, upload("a.csv", nul))
    utf16 = "kenmerk;jaar\n".encode("utf-16")  # every other byte is NUL
    assert "tekens die niet in tekst" in rejected(uploads.validate_csv, upload("a.csv", utf16))
    message = rejected(uploads.validate_csv, upload("a.csv", real_xlsx()))
    assert "geen CSV-bestand maar een zip- of Excel-bestand" in message


@pytest.mark.parametrize(
    ("name", "content", "kind", "stored"),
    [
        ("plan.pdf", PDF, "pdf", "plan.pdf"),
        ("foto.PNG", PNG, "png", "foto.png"),
        ("foto.jpeg", JPEG, "jpeg", "foto.jpeg"),
        ("lijst.xlsx", real_xlsx(), "xlsx", "lijst.xlsx"),
        ("notitie.odt", odf(b"application/vnd.oasis.opendocument.text"), "odt", "notitie.odt"),
        ("notities.txt", "Één regel\n".encode(), "text", "notities.txt"),
    ],
)
def test_allowed_attachments_are_sniffed_from_their_bytes(name, content, kind, stored) -> None:
    file = upload(name, content)
    assert uploads.sniff_attachment(file) == kind
    assert uploads.validate_attachment(file) == stored


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("virus.exe", b"MZ\x90\x00" + bytes(60), "niet geaccepteerd"),
        ("plan.pdf", b"MZ\x90\x00" + bytes(60), "niet geaccepteerd"),  # an .exe named .pdf
        ("plan.pdf", PNG, "past niet bij de extensie .pdf"),
        ("plan.docx", PDF, "past niet bij de extensie .docx"),
        ("pagina.html", b"<script>alert(1)</script>", "niet geaccepteerd"),
        ("archief.zip", zip_of({"a.txt": b"a"}), "niet geaccepteerd"),
    ],
)
def test_other_attachments_are_refused(name, content, expected) -> None:
    assert expected in rejected(uploads.validate_attachment, upload(name, content))


def test_an_oversized_attachment_is_refused(settings) -> None:
    settings.UPLOAD_MAX_BYTES = {"attachment": 1 * MB}
    message = rejected(uploads.validate_attachment, upload("a.pdf", PDF + bytes(MB)))
    assert "groter dan 1 MB" in message


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("C:\\Users\\jan\\Documenten\\plan.PDF", "plan.pdf"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ('ev<il>:"na|me?*.pdf', "ev_il___na_me__.pdf"),
        ("factuur\u202efdp.exe.pdf", "factuurfdp.exe.pdf"),  # right-to-left override removed
        ("regel\nbreuk\t.txt", "regelbreuk.txt"),
        ("  ...verborgen.txt  ", "verborgen.txt"),
        (".txt", "txt"),
        ("", "bijlage"),
        ("a" * 300 + ".pdf", "a" * 116 + ".pdf"),
    ],
)
def test_names_are_sanitised(name: str, safe: str) -> None:
    assert uploads.safe_filename(name) == safe


# --- the import views: the error on the form, nothing written --------------------------------


@pytest.fixture
def media(disk_storage):
    return disk_storage  # files on the local disk, where the test can look (storage_support)


@pytest.mark.django_db
def test_excel_import_shows_the_error_and_stores_nothing(pm_client, media) -> None:
    events = AuditEvent.objects.count()
    response = pm_client.post(
        reverse("spreadsheets:import_upload"), {"file": upload("lijst.xlsx", xlsx_bomb(150))}
    )
    assert response.status_code == 200
    assert "uitgepakt groter dan 100 MB" in response.content.decode()
    assert "spreadsheets_import" not in pm_client.session
    assert not list(media.rglob("*.xlsx"))
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_framework_import_shows_the_error_and_writes_nothing(pm_client) -> None:
    response = pm_client.post(
        reverse("framework:framework_import"), {"file": upload("kader.json", PDF)}
    )
    assert response.status_code == 200
    assert "Dit is geen JSON-bestand" in response.content.decode()
    assert not Framework.objects.exists()


@pytest.mark.django_db
def test_budget_import_shows_the_error_and_writes_nothing(municipality, pm_client) -> None:
    initiative = InitiativeFactory(municipality=municipality, state="in_uitvoering")
    csv = f"kenmerk;jaar;soort;bedrag\n{initiative.reference};2026;krediet;12,5\n\x00".encode()
    events = AuditEvent.objects.count()
    response = pm_client.post(
        reverse("monitoring:budget_import"), {"file": upload("realisatie.csv", csv)}
    )
    assert response.status_code == 200
    assert "tekens die niet in tekst voorkomen" in response.content.decode()
    assert not BudgetLine.objects.exists()
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_attachment_upload_shows_the_error_and_stores_nothing(
    municipality, personas, client_for
) -> None:
    submitter = personas[Role.SUBMITTER]
    initiative = InitiativeFactory(municipality=municipality, state="idee", submitted_by=submitter)
    client = client_for(submitter)
    url = reverse("intake:attachment_upload", args=[initiative.pk])
    exe = upload("begroting.pdf", b"MZ\x90\x00" + bytes(60))
    page = client.post(url, {"file": exe}, follow=True).content.decode()
    assert "niet geaccepteerd" in page
    assert not Attachment.objects.exists()
    # A genuine file under a hostile name is stored under the sanitised name.
    client.post(url, {"file": upload("..\\..\\<img src=x>plan.PDF", PDF)})
    assert Attachment.objects.get().name == "_img src=x_plan.pdf"
