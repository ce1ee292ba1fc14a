"""Reading an uploaded workbook safely: file checks first, then one sheet as a table.

The checks run before openpyxl sees the file: the size, that it is a zip holding an OOXML
workbook (not a renamed .xls, .xlsm, CSV or anything else), and the uncompressed size of its
members (a decompression bomb is small on disk). Formulas are accepted with the value Excel
cached when it last saved the file; a formula without a cached value, and merged cells in the
table, are rejected with a message (docs/decisions/0501-excel-import-export.md).
"""

from __future__ import annotations

import warnings
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from . import constants as limits


class WorkbookRejected(Exception):
    """The file as a whole cannot be imported; the message says why, in plain Dutch."""


@dataclass(frozen=True)
class Issue:
    """A problem in the file: where (row, column), which value, and why."""

    message: str
    row: int | None = None
    column: str = ""
    value: str = ""


@dataclass
class Table:
    """One sheet as a header and data rows (row numbers as Excel shows them)."""

    sheet: str
    headers: list[str]
    rows: list[tuple[int, list[Any]]]
    issues: list[Issue] = field(default_factory=list)

    def column_name(self, index: int) -> str:
        header = self.headers[index] if index < len(self.headers) else ""
        letter = get_column_letter(index + 1)
        return f"{letter} ({header})" if header else letter


def check_file(content: bytes) -> None:
    """Reject anything that is not a reasonably sized .xlsx workbook, before parsing it."""
    if len(content) > limits.MAX_UPLOAD_BYTES:
        raise WorkbookRejected(
            _("Het bestand is groter dan %(mb)s MB.") % {"mb": limits.MAX_UPLOAD_BYTES // 2**20}
        )
    not_xlsx = _(
        "Dit is geen Excel-werkmap (.xlsx). Open het bestand in Excel en kies "
        "Opslaan als › Excel-werkmap (*.xlsx)."
    )
    if not content.startswith(b"PK\x03\x04"):
        raise WorkbookRejected(not_xlsx)
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            members = archive.infolist()
            if len(members) > limits.MAX_ZIP_MEMBERS:
                raise WorkbookRejected(not_xlsx)
            if sum(member.file_size for member in members) > limits.MAX_UNCOMPRESSED_BYTES:
                raise WorkbookRejected(
                    _("Het bestand is uitgepakt groter dan %(mb)s MB en wordt niet gelezen.")
                    % {"mb": limits.MAX_UNCOMPRESSED_BYTES // 2**20}
                )
            names = {member.filename for member in members}
            if "[Content_Types].xml" not in names:
                raise WorkbookRejected(not_xlsx)
            if archive.getinfo("[Content_Types].xml").file_size > 1_000_000:
                raise WorkbookRejected(not_xlsx)
            types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except zipfile.BadZipFile:
        raise WorkbookRejected(not_xlsx) from None
    if limits.XLSX_CONTENT_TYPE not in types:
        raise WorkbookRejected(not_xlsx)


def _load(content: bytes, *, data_only: bool) -> Workbook:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported extensions (data validation, ...)
            return load_workbook(BytesIO(content), data_only=data_only, rich_text=False)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise WorkbookRejected(
            _("Het bestand kon niet als Excel-werkmap worden gelezen; het is mogelijk beschadigd.")
        ) from None


def sheet_names(content: bytes) -> list[str]:
    """The names of the worksheets (after the file checks)."""
    check_file(content)
    return _load(content, data_only=True).sheetnames


def _header_row(rows: list[tuple[Any, ...]]) -> int | None:
    for index, row in enumerate(rows[: limits.HEADER_SEARCH_ROWS]):
        if sum(1 for v in row if isinstance(v, str) and v.strip()) >= 2:
            return index
    return None


def read_table(content: bytes, sheet: str | None = None) -> Table:
    """The table on a sheet (default: the first one); raises WorkbookRejected for the file."""
    check_file(content)
    values_book = _load(content, data_only=True)
    name = sheet or values_book.sheetnames[0]
    if name not in values_book.sheetnames:
        raise WorkbookRejected(_("Het werkblad “%(name)s” bestaat niet.") % {"name": name})
    values = values_book[name]
    if values.max_row > limits.MAX_DATA_ROWS + limits.HEADER_SEARCH_ROWS:
        raise WorkbookRejected(
            _("Het werkblad heeft meer dan %(n)s regels; splits het bestand.")
            % {"n": limits.MAX_DATA_ROWS}
        )
    if values.max_column > limits.MAX_COLUMNS:
        raise WorkbookRejected(
            _("Het werkblad heeft meer dan %(n)s kolommen.") % {"n": limits.MAX_COLUMNS}
        )
    grid = [tuple(row) for row in values.iter_rows(values_only=True)]
    header_index = _header_row(grid)
    if header_index is None:
        raise WorkbookRejected(
            _("Het werkblad “%(name)s” is leeg of heeft geen kopregel met kolomnamen.")
            % {"name": name}
        )
    headers = [str(v).strip() if v is not None else "" for v in grid[header_index]]
    while headers and not headers[-1]:
        headers.pop()
    rows = [
        (number, list(row[: len(headers)]) + [None] * (len(headers) - len(row)))
        for number, row in enumerate(grid[header_index + 1 :], start=header_index + 2)
        if any(v is not None and str(v).strip() for v in row[: len(headers)])
    ]
    table = Table(sheet=name, headers=headers, rows=rows)
    if not rows:
        raise WorkbookRejected(
            _("Het werkblad “%(name)s” bevat geen gegevens onder de kopregel.") % {"name": name}
        )
    table.issues.extend(_merged_cells(values, header_index + 1))
    table.issues.extend(_formulas(content, name, table))
    return table


def _merged_cells(sheet: Any, header_row: int) -> list[Issue]:
    return [
        Issue(
            _(
                "Samengevoegde cellen worden niet ondersteund: maak de samenvoeging van "
                "%(range)s ongedaan en vul elke cel."
            )
            % {"range": merged.coord},
            row=merged.min_row,
            column=get_column_letter(merged.min_col),
        )
        for merged in sheet.merged_cells.ranges
        if merged.max_row >= header_row
    ]


def _formulas(content: bytes, name: str, table: Table) -> list[Issue]:
    """Formulas without a cached value (the file was never calculated by Excel)."""
    formulas = _load(content, data_only=False)[name]
    cached = dict(table.rows)
    issues = []
    for row in formulas.iter_rows(min_row=table.rows[0][0]):
        for cell in row:
            if cell.data_type != "f" or cell.column > len(table.headers):
                continue
            row_values = cached.get(cell.row)
            if row_values is not None and row_values[cell.column - 1] is None:
                issues.append(
                    Issue(
                        _(
                            "Formule zonder berekende waarde: open het bestand in Excel en sla "
                            "het opnieuw op, of vervang de formule door de waarde."
                        ),
                        row=cell.row,
                        column=table.column_name(cell.column - 1),
                        value=str(cell.value)[:100],
                    )
                )
    return issues
