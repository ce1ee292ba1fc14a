"""EDM types of the feed: how a value is written to JSON and how a literal is read from $filter."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any


class Edm(StrEnum):
    INT32 = "Edm.Int32"
    INT64 = "Edm.Int64"
    STRING = "Edm.String"
    DECIMAL = "Edm.Decimal"
    DATE = "Edm.Date"
    DATETIME = "Edm.DateTimeOffset"
    BOOLEAN = "Edm.Boolean"


INTEGERS = {Edm.INT32, Edm.INT64}
DATETIME_PRECISION = 6  # fractional digits of seconds the feed serves (the database's precision)
NUMBERS = INTEGERS | {Edm.DECIMAL}


@dataclass(frozen=True)
class Prop:
    """One scalar property: its OData name, EDM type and where its value comes from.

    `source` is an ORM lookup (or annotation name) for database-backed sets and a key of the
    row dictionary for sets computed in Python. Every property can be selected, filtered and
    sorted: the feed exposes no property that the database cannot compare.
    """

    name: str
    type: Edm
    source: str = ""
    nullable: bool = True
    precision: int | None = None
    scale: int | None = None
    max_length: int | None = None

    @property
    def lookup(self) -> str:
        return self.source or self.name


def to_json(prop: Prop, value: Any) -> Any:
    """The JSON value of a property (OData JSON format 4.0)."""
    if value is None:
        return None
    if prop.type == Edm.DECIMAL:
        # A JSON number, as Power BI expects without IEEE754Compatible; 14 digits fit a double.
        return float(value)
    if prop.type in INTEGERS:
        return int(value)
    if prop.type == Edm.DATE:
        if isinstance(value, datetime.datetime):
            value = value.date()
        return value.isoformat()
    if prop.type == Edm.DATETIME:
        # Exactly what is stored (microseconds, $metadata says Precision 6): a value copied
        # from the feed into $filter must find its row again.
        utc = value.astimezone(datetime.UTC)
        return utc.isoformat(timespec="microseconds").replace("+00:00", "Z")
    if prop.type == Edm.BOOLEAN:
        return bool(value)
    return str(value)


def python_value(prop: Prop, value: Any) -> Any:
    """A row value normalised for comparison with a parsed literal (Python evaluation)."""
    if value is None:
        return None
    if prop.type == Edm.DECIMAL:
        return Decimal(str(value))
    if prop.type == Edm.DATE and isinstance(value, datetime.datetime):
        return value.date()
    return value
