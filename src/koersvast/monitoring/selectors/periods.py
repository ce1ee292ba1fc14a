"""Reporting periods: which quarter a report covers and when it is due."""

from __future__ import annotations

import datetime

#: Days after the end of a quarter within which its progress report is due.
REPORT_GRACE_DAYS = 21


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def report_due(year: int, quarter: int) -> datetime.date:
    """The last day to submit the report over a quarter."""
    next_year, next_quarter = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
    start = datetime.date(next_year, 3 * (next_quarter - 1) + 1, 1)
    return start + datetime.timedelta(days=REPORT_GRACE_DAYS)


def reporting_period(today: datetime.date) -> tuple[int, int]:
    """The most recent quarter whose report is due by `today`."""
    year, quarter = previous_quarter(*quarter_of(today))
    if today <= report_due(year, quarter):
        year, quarter = previous_quarter(year, quarter)
    return year, quarter
