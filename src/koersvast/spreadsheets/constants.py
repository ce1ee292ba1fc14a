"""Limits of the Excel import (protect the server against huge or hostile workbooks)."""

from __future__ import annotations

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Sum of the uncompressed sizes of the zip members: a "zip bomb" is small on disk only.
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ZIP_MEMBERS = 2_000
MAX_DATA_ROWS = 5_000
MAX_COLUMNS = 80
# The header row is looked for in the first rows (a title row above it is common).
HEADER_SEARCH_ROWS = 10
# The OOXML main part of an .xlsx workbook (macro-enabled .xlsm has another type).
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Uploaded files older than this are removed by the next upload (abandoned imports).
STALE_UPLOAD_SECONDS = 24 * 3600
