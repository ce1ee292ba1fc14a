"""Periods as the municipality plans in them: quarters ("2027-Q3") and months ("2027-08").

`Quarter` and `Month` are named tuples, so a `Quarter` is also the `(year, quarter)` pair that
models, dictionaries and the optimiser's translation use everywhere: `Quarter(2027, 3) ==
(2027, 3)`, it unpacks as `year, quarter = period`, and it orders by time. On top of that it
reads and writes its label, counts (`+ n`, `- n`, the difference of two quarters), and knows its
days. Planning in months (`planning.Granularity.MONTH`) labels periods "2027-08"; `quarter_of_label`
reads either kind of label as the quarter it falls in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import NamedTuple, overload

_QUARTER = re.compile(r"^\s*(\d{4})\s*-\s*[QqKk]([1-4])\s*$")
_MONTH = re.compile(r"^\s*(\d{4})-(0[1-9]|1[0-2])\s*$")


class Quarter(NamedTuple):
    """Kwartaal: a year and its quarter (1-4)."""

    year: int
    quarter: int

    # --- making one ---------------------------------------------------------------------

    @classmethod
    def parse(cls, label: str) -> Quarter:
        """The quarter of a label "2027-Q3" (also "2027-K3"); ValueError for anything else."""
        match = _QUARTER.match(label or "")
        if not match:
            raise ValueError(f"not a quarter: {label!r} (expected e.g. 2027-Q3)")
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        """The quarter a day falls in."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def from_ordinal(cls, index: int) -> Quarter:
        """The inverse of `ordinal`: quarters counted from year 0."""
        return cls(index // 4, index % 4 + 1)

    @classmethod
    def series(cls, start: tuple[int, int], count: int) -> list[Quarter]:
        """`count` consecutive quarters from `start`."""
        first = cls(*start).ordinal
        return [cls.from_ordinal(first + i) for i in range(count)]

    # --- reading it -----------------------------------------------------------------------

    @property
    def ordinal(self) -> int:
        """Quarters since the start of year 0: differences of ordinals count quarters."""
        return self.year * 4 + self.quarter - 1

    @property
    def label(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    def __str__(self) -> str:
        return self.label

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def last_day(self) -> dt.date:
        return (self + 1).first_day - dt.timedelta(days=1)

    def months(self) -> list[Month]:
        """The three months of the quarter."""
        return [Month(self.year, 3 * self.quarter - 2 + i) for i in range(3)]

    # --- counting -------------------------------------------------------------------------

    def __add__(self, quarters: int) -> Quarter:  # type: ignore[override]
        if not isinstance(quarters, int) or isinstance(quarters, bool):
            return NotImplemented
        return Quarter.from_ordinal(self.ordinal + quarters)

    @overload
    def __sub__(self, other: int) -> Quarter: ...
    @overload
    def __sub__(self, other: tuple[int, int]) -> int: ...
    def __sub__(self, other: int | tuple[int, int]) -> Quarter | int:
        """`q - 2` is two quarters earlier; `q - p` is the number of quarters from p to q."""
        if isinstance(other, int) and not isinstance(other, bool):
            return Quarter.from_ordinal(self.ordinal - other)
        if isinstance(other, tuple) and len(other) == 2:
            return self.ordinal - Quarter(*other).ordinal
        return NotImplemented


def quarter_label(year: int | None, quarter: int | None) -> str:
    """ "2027-Q3", or "" when the year or the quarter is not known (an optional start)."""
    return Quarter(year, quarter).label if year and quarter else ""


def quarter_index(year: int | None, quarter: int | None) -> int | None:
    """The quarter's `ordinal`, or None when the year or the quarter is not known."""
    return Quarter(year, quarter).ordinal if year and quarter else None


class Month(NamedTuple):
    """Maand: a year and its month (1-12), as planning in months labels its periods."""

    year: int
    month: int

    @classmethod
    def parse(cls, label: str) -> Month:
        """The month of a label "2027-08"; ValueError for anything else."""
        match = _MONTH.match(label or "")
        if not match:
            raise ValueError(f"not a month: {label!r} (expected e.g. 2027-08)")
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def from_ordinal(cls, index: int) -> Month:
        return cls(index // 12, index % 12 + 1)

    @property
    def ordinal(self) -> int:
        return self.year * 12 + self.month - 1

    @property
    def label(self) -> str:
        return f"{self.year}-{self.month:02d}"

    def __str__(self) -> str:
        return self.label

    @property
    def quarter(self) -> Quarter:
        return Quarter(self.year, (self.month - 1) // 3 + 1)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return (self + 1).first_day - dt.timedelta(days=1)

    def __add__(self, months: int) -> Month:  # type: ignore[override]
        if not isinstance(months, int) or isinstance(months, bool):
            return NotImplemented
        return Month.from_ordinal(self.ordinal + months)

    @overload
    def __sub__(self, other: int) -> Month: ...
    @overload
    def __sub__(self, other: tuple[int, int]) -> int: ...
    def __sub__(self, other: int | tuple[int, int]) -> Month | int:
        if isinstance(other, int) and not isinstance(other, bool):
            return Month.from_ordinal(self.ordinal - other)
        if isinstance(other, tuple) and len(other) == 2:
            return self.ordinal - Month(*other).ordinal
        return NotImplemented


def quarter_of_label(label: str) -> Quarter:
    """The quarter of a period label of either granularity: "2027-Q3" or "2027-08"."""
    try:
        return Quarter.parse(label)
    except ValueError:
        return Month.parse(label).quarter


def quarters_between(first: Quarter, last: Quarter) -> Iterator[Quarter]:
    """`first` through `last`, both included (nothing when last is before first)."""
    for index in range(first.ordinal, last.ordinal + 1):
        yield Quarter.from_ordinal(index)
