"""Parsing of an actuals export (CSV) from the financial system, with per-row Dutch messages.

Columns: kenmerk (initiative reference), jaar, soort (krediet/exploitatie), bedrag. The separator
is a semicolon or a comma; amounts may use a decimal comma and thousands dots (1.234,56).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from koersvast.core.numbers import parse_amount as core_parse_amount
from koersvast.portfolio.choices import BudgetKind

COLUMNS = ("kenmerk", "jaar", "soort", "bedrag")


MAX_ROWS = 20_000


@dataclass
class ActualRow:
    line: int
    reference: str
    year: int
    kind: str
    amount: Decimal


@dataclass
class ParsedActuals:
    rows: list[ActualRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def parse_amount(text: str) -> Decimal:
    """An amount of a budget line or an actual: may be negative (a correction or a credit)."""
    return core_parse_amount(text, allow_negative=True)


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError


def parse_actuals(content: bytes) -> ParsedActuals:
    result = ParsedActuals()
    try:
        text = _decode(content)
    except ValueError:
        result.errors.append(_("Het bestand is geen leesbare tekst (gebruik CSV in UTF-8)."))
        return result
    first_line = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [cell.strip().lower() for cell in next(reader, [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        result.errors.append(
            _("Kolommen ontbreken in de eerste regel: %(cols)s. Verwacht: %(all)s.")
            % {"cols": ", ".join(missing), "all": ", ".join(COLUMNS)}
        )
        return result
    index = {name: header.index(name) for name in COLUMNS}
    seen: dict[tuple[str, int, str], int] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(result.rows) + len(result.errors) >= MAX_ROWS:
            result.errors.append(_("Het bestand heeft meer dan %(n)s regels.") % {"n": MAX_ROWS})
            break
        row_errors = []
        values = {name: (cells[i].strip() if i < len(cells) else "") for name, i in index.items()}
        if not values["kenmerk"]:
            row_errors.append(_("het kenmerk ontbreekt"))
        year = 0
        if values["jaar"].isdigit() and 2000 <= int(values["jaar"]) <= 2100:
            year = int(values["jaar"])
        else:
            row_errors.append(_("'%(v)s' is geen jaartal") % {"v": values["jaar"]})
        kind = values["soort"].lower()
        if kind not in BudgetKind.values:
            row_errors.append(
                _("soort '%(v)s' is niet krediet of exploitatie") % {"v": values["soort"]}
            )
        amount = Decimal(0)
        try:
            amount = parse_amount(values["bedrag"])
        except ValueError:
            row_errors.append(_("'%(v)s' is geen bedrag") % {"v": values["bedrag"]})
        key = (values["kenmerk"], year, kind)
        if not row_errors and key in seen:
            row_errors.append(_("dezelfde combinatie staat ook op regel %(n)s") % {"n": seen[key]})
        if row_errors:
            result.errors.append(
                _("Regel %(line)s: %(errors)s.") % {"line": line, "errors": "; ".join(row_errors)}
            )
            continue
        seen[key] = line
        result.rows.append(ActualRow(line, values["kenmerk"], year, kind, amount))
    if not result.rows and not result.errors:
        result.errors.append(_("Het bestand bevat geen regels met bedragen."))
    return result
