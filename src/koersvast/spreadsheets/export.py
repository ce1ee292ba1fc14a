"""A small generic Excel writer: typed columns in, a styled .xlsx workbook (bytes) out.

Lists define their columns once (header, type, value getter); the writer takes care of typed
cells, number formats, the bold filled header, the frozen header row, the autofilter and widths.

Every workbook the application writes puts its rows through `append_row`: text is always a text
cell (a title "=HYPERLINK(...)" is shown, never evaluated: formula injection, OWASP) and holds
no character XML cannot carry (text stored before input was cleaned, core/text.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from io import BytesIO
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from koersvast.core.text import clean_text

from .constants import XLSX_MIME


class ColumnType(StrEnum):
    """How a column's values are stored and formatted in Excel."""

    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    EURO = "euro"
    DATE = "date"
    DATETIME = "datetime"
    PERCENTAGE = "percentage"


NUMBER_FORMATS: dict[ColumnType, str] = {
    ColumnType.TEXT: "@",
    ColumnType.INTEGER: "#,##0",
    ColumnType.DECIMAL: "#,##0.0",
    ColumnType.EURO: "€ #,##0",
    ColumnType.DATE: "dd-mm-yyyy",
    ColumnType.DATETIME: "dd-mm-yyyy hh:mm",
    ColumnType.PERCENTAGE: "0%",
}

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
MIN_WIDTH, MAX_WIDTH = 8, 60
WIDTH_SAMPLE_ROWS = 200
# What Excel and LibreOffice read as the start of a formula when a user types or edits a cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel's limit per cell; a longer text makes Excel "repair" (and empty) the workbook.
MAX_CELL_CHARS = 32_767


@dataclass(frozen=True)
class Column:
    """One column of an export: its header, its type and how to get the value from a row."""

    header: str
    type: ColumnType
    value: Callable[[Any], Any]


_LOOKS_ESCAPED = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def escape_ooxml(text: str) -> str:
    """Text that Excel shows as it is: a literal "_x0041_" would otherwise be read as "A"."""
    return _LOOKS_ESCAPED.sub(r"_x005F_\1", text)


def text_cell(sheet: Worksheet, value: str) -> Cell:
    """A cell that holds the text as text, whatever it starts with, and only XML-safe text.

    openpyxl would store "=..." as a formula; the explicit string type stops that, and the quote
    prefix (Excel's leading apostrophe, not part of the value) keeps it text when edited.
    """
    text = escape_ooxml(clean_text(value))
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - 1] + "…"
    cell = Cell(sheet)
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def append_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    """Append a row of values below the sheet's last row, text as `text_cell`."""
    sheet.append([text_cell(sheet, v) if isinstance(v, str) else v for v in values])


def _local(value: dt.datetime) -> dt.datetime:
    # Excel has no time zones: write the local wall-clock time.
    return (timezone.localtime(value) if timezone.is_aware(value) else value).replace(tzinfo=None)


def _cell_value(value: Any, column_type: ColumnType) -> Any:
    if value is None or value == "":
        return None
    if column_type is ColumnType.TEXT:
        return str(value)
    if column_type is ColumnType.DATE:
        return _local(value).date() if isinstance(value, dt.datetime) else value
    if column_type is ColumnType.DATETIME:
        return _local(value).replace(microsecond=0) if isinstance(value, dt.datetime) else value
    if column_type is ColumnType.INTEGER:
        return int(value)
    return value if isinstance(value, (int, float, Decimal)) else Decimal(str(value))


def _width(header: str, values: list[Any]) -> float:
    def length(value: Any) -> int:
        if isinstance(value, dt.datetime):
            return 16
        if isinstance(value, dt.date):
            return 10
        if isinstance(value, (int, float, Decimal)):
            return len(f"{value:,.0f}") + 2
        return max((len(line) for line in str(value).splitlines()), default=0)

    longest = max([len(header), *(length(v) for v in values if v is not None)])
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))


def workbook_bytes(*, title: str, columns: list[Column], rows: Iterable[Any]) -> bytes:
    """An .xlsx workbook with one sheet: a styled, frozen, filterable header and typed cells."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    append_row(sheet, [column.header for column in columns])
    for cell in sheet[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    samples: list[list[Any]] = [[] for _ in columns]
    count = 0
    for count, row in enumerate(rows, start=1):
        values = [_cell_value(column.value(row), column.type) for column in columns]
        append_row(sheet, values)
        if count <= WIDTH_SAMPLE_ROWS:
            for sample, value in zip(samples, values, strict=True):
                sample.append(value)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = _width(column.header, samples[index - 1])
        if column.type is not ColumnType.TEXT:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = NUMBER_FORMATS[column.type]
    sheet.freeze_panes = "A2"
    last = get_column_letter(max(len(columns), 1))
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A download of workbook bytes."""
    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
