"""Checks for uploaded files: size per kind, type sniffed from the content, zip bombs, names.

Every upload form validates its file here before a view reads or stores it, so a hostile or
mistaken file is refused with a Dutch message on the form and nothing is written. The type is
decided by the bytes, never by the file name or the browser's Content-Type (both are chosen by
the sender). Limits come from settings (``UPLOAD_MAX_BYTES`` per kind, ``XLSX_MAX_*``) with the
defaults below.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zipfile
from enum import StrEnum
from pathlib import PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class UploadKind(StrEnum):
    XLSX = "xlsx"
    JSON = "json"
    CSV = "csv"
    ATTACHMENT = "attachment"


MB = 1024 * 1024
DEFAULT_MAX_BYTES = {
    # The Excel reader (spreadsheets/constants.py) has its own 5 MB limit; keep them equal.
    UploadKind.XLSX: 5 * MB,
    UploadKind.JSON: 1 * MB,
    UploadKind.CSV: 5 * MB,
    UploadKind.ATTACHMENT: 20 * MB,
}
DEFAULT_XLSX_MAX_UNCOMPRESSED = 100 * MB
DEFAULT_XLSX_MAX_RATIO = 100
DEFAULT_XLSX_MAX_MEMBERS = 2_000
# Small members (styles, shared strings of a tiny sheet) legitimately compress very well; the
# ratio only says something about a member that unpacks to more than this.
RATIO_CHECKED_FROM = 1 * MB

# Bytes that never occur in text (C0 controls except tab, newline, form feed, carriage return).
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
TEXT_ENCODINGS = ("utf-8-sig", "cp1252")

# Attachments: the sniffed type and the extensions a file of that type may carry.
ATTACHMENT_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "pdf": (".pdf",),
    "png": (".png",),
    "jpeg": (".jpg", ".jpeg"),
    "docx": (".docx",),
    "xlsx": (".xlsx",),
    "pptx": (".pptx",),
    "odt": (".odt",),
    "ods": (".ods",),
    "odp": (".odp",),
    "text": (".txt", ".csv"),
}
OOXML_MAIN_PARTS = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
MAX_NAME_LENGTH = 120


# --- limits ---------------------------------------------------------------------------------


def max_bytes(kind: UploadKind) -> int:
    """The largest accepted file of this kind (settings.UPLOAD_MAX_BYTES overrides)."""
    configured = getattr(settings, "UPLOAD_MAX_BYTES", {})
    return int(configured.get(str(kind), DEFAULT_MAX_BYTES[kind]))


def check_size(upload: Any, kind: UploadKind) -> None:
    limit = max_bytes(kind)
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("Het bestand is groter dan %(mb)s MB.") % {"mb": _megabytes(limit)}, code="too_big"
        )
    if upload.size == 0:
        raise ValidationError(_("Het bestand is leeg."), code="empty")


def _megabytes(size: int) -> str:
    return f"{size / MB:g}"


# --- reading without trusting -----------------------------------------------------------------


def _content(upload: Any) -> bytes:
    """The whole file (already known to be within its size limit), rewound for the next reader."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return bytes(data)


def _head(upload: Any, size: int = 64) -> bytes:
    upload.seek(0)
    data = upload.read(size)
    upload.seek(0)
    return bytes(data)


def _open_zip(stream: IO[bytes]) -> zipfile.ZipFile | None:
    try:
        return zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


# --- Excel -------------------------------------------------------------------------------------


def not_xlsx_message() -> str:
    return _(
        "Dit is geen Excel-werkmap (.xlsx). Open het bestand in Excel en kies "
        "Opslaan als › Excel-werkmap (*.xlsx)."
    )


def check_zip_bomb(archive: zipfile.ZipFile) -> None:
    """Refuse an archive that unpacks to far more than it is, reading only its directory.

    The sizes come from the central directory, so nothing is decompressed. A lying directory
    does not help an attacker: Python's zipfile stops at the declared size and checks the CRC.
    """
    members = archive.infolist()
    limit_members = int(getattr(settings, "XLSX_MAX_MEMBERS", DEFAULT_XLSX_MAX_MEMBERS))
    if len(members) > limit_members:
        raise ValidationError(
            _("Het bestand bevat meer dan %(n)s onderdelen en wordt niet gelezen.")
            % {"n": limit_members},
            code="zip_members",
        )
    limit_size = int(
        getattr(settings, "XLSX_MAX_UNCOMPRESSED_BYTES", DEFAULT_XLSX_MAX_UNCOMPRESSED)
    )
    unpacked = sum(member.file_size for member in members)
    if unpacked > limit_size:
        raise ValidationError(
            _("Het bestand is uitgepakt groter dan %(mb)s MB en wordt niet gelezen.")
            % {"mb": _megabytes(limit_size)},
            code="zip_size",
        )
    limit_ratio = int(getattr(settings, "XLSX_MAX_COMPRESSION_RATIO", DEFAULT_XLSX_MAX_RATIO))
    packed = sum(member.compress_size for member in members)
    suspicious = [
        member
        for member in members
        if member.file_size > RATIO_CHECKED_FROM
        and member.file_size > limit_ratio * max(member.compress_size, 1)
    ]
    if suspicious or (unpacked > RATIO_CHECKED_FROM and unpacked > limit_ratio * max(packed, 1)):
        raise ValidationError(
            _(
                "Het bestand is verdacht sterk ingepakt (meer dan %(ratio)s keer) en wordt "
                "niet gelezen."
            )
            % {"ratio": limit_ratio},
            code="zip_ratio",
        )


def validate_xlsx(upload: Any) -> None:
    """An OOXML workbook within the limits: a zip with [Content_Types].xml and xl/workbook.xml."""
    check_size(upload, UploadKind.XLSX)
    upload.seek(0)
    archive = _open_zip(upload)
    try:
        if archive is None:
            raise ValidationError(not_xlsx_message(), code="not_xlsx")
        names = set(archive.namelist())
        if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
            raise ValidationError(not_xlsx_message(), code="not_xlsx")
        check_zip_bomb(archive)
    finally:
        if archive is not None:
            archive.close()
        upload.seek(0)


# --- JSON and CSV ----------------------------------------------------------------------------


def validate_json(upload: Any) -> None:
    """UTF-8 text (a BOM is allowed) that parses as JSON."""
    check_size(upload, UploadKind.JSON)
    try:
        text = _content(upload).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("Dit is geen JSON-bestand: het is geen UTF-8-tekst."), code="not_json"
        ) from None
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        raise ValidationError(
            _("Dit is geen geldig JSON-bestand (regel %(line)s, kolom %(col)s).")
            % {"line": error.lineno, "col": error.colno},
            code="not_json",
        ) from None
    except RecursionError:  # "[[[[…" nested deeper than the parser's stack
        raise ValidationError(
            _("Dit JSON-bestand is te diep genest en wordt niet gelezen."), code="not_json"
        ) from None


def decode_text(data: bytes) -> str | None:
    """The text in UTF-8 (with or without BOM) or Windows-1252, or None when it is not text."""
    if CONTROL_BYTES.search(data):
        return None
    for encoding in TEXT_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def validate_csv(upload: Any) -> None:
    """Text in UTF-8, UTF-8 with BOM or Windows-1252, without NUL or other control bytes."""
    check_size(upload, UploadKind.CSV)
    data = _content(upload)
    if _sniff_binary(data) is not None:
        raise ValidationError(
            _(
                "Dit is geen CSV-bestand maar een %(type)s. Sla het in Excel op als "
                "CSV (gescheiden door lijstscheidingsteken)."
            )
            % {"type": _sniff_binary(data)},
            code="not_csv",
        )
    if decode_text(data) is None:
        raise ValidationError(
            _("Dit is geen CSV-bestand: het bevat tekens die niet in tekst voorkomen."),
            code="not_csv",
        )


def _sniff_binary(data: bytes) -> str | None:
    """A readable name for well-known binary formats, to make the CSV error helpful."""
    signatures = {
        b"PK\x03\x04": _("zip- of Excel-bestand"),
        b"\xd0\xcf\x11\xe0": _("ouder Office-bestand (.xls/.doc)"),
        b"%PDF-": _("PDF-bestand"),
        b"\x89PNG": _("afbeelding"),
        b"\xff\xd8\xff": _("afbeelding"),
    }
    return next((name for magic, name in signatures.items() if data.startswith(magic)), None)


# --- attachments -----------------------------------------------------------------------------


def sniff_attachment(upload: Any) -> str | None:
    """The type of an attachment decided by its bytes (a key of ATTACHMENT_EXTENSIONS)."""
    head = _head(upload)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_office(upload)
    if decode_text(_content(upload)) is not None:
        return "text"
    return None


def _sniff_office(upload: Any) -> str | None:
    upload.seek(0)
    archive = _open_zip(upload)
    if archive is None:
        return None
    try:
        names = set(archive.namelist())
        if "[Content_Types].xml" in names:
            return next((kind for part, kind in OOXML_MAIN_PARTS.items() if part in names), None)
        if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
            return ODF_MIMETYPES.get(archive.read("mimetype").strip())
        return None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None
    finally:
        archive.close()
        upload.seek(0)


def allowed_attachment_extensions() -> list[str]:
    return sorted({ext for exts in ATTACHMENT_EXTENSIONS.values() for ext in exts})


def validate_attachment(upload: Any) -> str:
    """An allowed type whose content matches its extension; returns the sanitised name."""
    check_size(upload, UploadKind.ATTACHMENT)
    name = safe_filename(upload.name or "")
    suffix = PurePosixPath(name).suffix.lower()
    kind = sniff_attachment(upload)
    allowed = ", ".join(allowed_attachment_extensions())
    if kind is None or suffix not in allowed_attachment_extensions():
        raise ValidationError(
            _("Dit bestandstype wordt niet geaccepteerd. Toegestaan: %(types)s.")
            % {"types": allowed},
            code="attachment_type",
        )
    if suffix not in ATTACHMENT_EXTENSIONS[kind]:
        raise ValidationError(
            _(
                "De inhoud van het bestand past niet bij de extensie %(ext)s; het bestand "
                "wordt niet geaccepteerd."
            )
            % {"ext": suffix},
            code="attachment_mismatch",
        )
    return name


def safe_filename(name: str, fallback: str = "bijlage") -> str:
    """A name safe to store and to offer for download: no path, no control or odd characters."""
    name = unicodedata.normalize("NFC", name)
    name = re.split(r"[\\/]", name)[-1]  # a browser may send a full Windows path
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r'[<>:"|?*\x00]', "_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    suffix = suffix.lower()[:10]
    stem = stem.strip(" .")[: MAX_NAME_LENGTH - len(suffix) - 1] or fallback
    return f"{stem}.{suffix}" if suffix else stem
