"""Reporting periods: which quarter a report covers and when it is due."""

from __future__ import annotations

import datetime

from koersvast.core.periods import Quarter

#: Days after the end of a quarter within which its progress report is due.
REPORT_GRACE_DAYS = 21


def quarter_of(day: datetime.date) -> Quarter:
    return Quarter.of(day)


def previous_quarter(year: int, quarter: int) -> Quarter:
    return Quarter(year, quarter) - 1


def report_due(year: int, quarter: int) -> datetime.date:
    """The last day to submit the report over a quarter."""
    return Quarter(year, quarter).last_day + datetime.timedelta(days=REPORT_GRACE_DAYS + 1)


def reporting_period(today: datetime.date) -> tuple[int, int]:
    """The most recent quarter whose report is due by `today`."""
    year, quarter = previous_quarter(*quarter_of(today))
    if today <= report_due(year, quarter):
        year, quarter = previous_quarter(year, quarter)
    return year, quarter
