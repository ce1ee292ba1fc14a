"""Quarters and months: one value object for "2027-Q3" instead of a label builder per app."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from koersvast.core.periods import (
    Month,
    Quarter,
    quarter_index,
    quarter_label,
    quarter_of_label,
    quarters_between,
)

quarters = st.builds(Quarter, st.integers(2000, 2100), st.integers(1, 4))
months = st.builds(Month, st.integers(2000, 2100), st.integers(1, 12))


def test_a_quarter_is_the_pair_the_models_use() -> None:
    q = Quarter.parse("2027-Q3")
    assert q == (2027, 3)
    assert {(2027, 3): "x"}[q] == "x"
    year, quarter = q
    assert (year, quarter) == (2027, 3)
    assert q.label == str(q) == f"{q}" == "2027-Q3"
    assert Quarter.parse(" 2027-k3 ") == q


def test_counting_quarters() -> None:
    q = Quarter(2027, 3)
    assert q + 1 == (2027, 4)
    assert q + 2 == (2028, 1)
    assert q - 3 == (2026, 4)
    assert q - Quarter(2026, 4) == 3
    assert Quarter(2026, 4) < q < Quarter(2028, 1)
    assert Quarter.series((2027, 3), 3) == [(2027, 3), (2027, 4), (2028, 1)]
    assert list(quarters_between(Quarter(2027, 4), Quarter(2028, 1))) == [(2027, 4), (2028, 1)]


def test_days_of_a_quarter() -> None:
    assert Quarter.of(dt.date(2027, 8, 15)) == (2027, 3)
    assert Quarter(2027, 3).first_day == dt.date(2027, 7, 1)
    assert Quarter(2027, 4).last_day == dt.date(2027, 12, 31)
    assert Quarter(2028, 1).last_day == dt.date(2028, 3, 31)
    assert Quarter(2027, 1).months() == [(2027, 1), (2027, 2), (2027, 3)]


@pytest.mark.parametrize("label", ["2027Q3", "2027-Q5", "2027-Q0", "27-Q3", "", "2027-08", "Q3"])
def test_what_is_not_a_quarter_is_refused(label: str) -> None:
    with pytest.raises(ValueError, match="not a quarter"):
        Quarter.parse(label)


def test_optional_labels() -> None:
    assert quarter_label(2027, 3) == "2027-Q3"
    assert quarter_label(None, 3) == quarter_label(2027, None) == ""
    assert quarter_index(2027, 1) == 2027 * 4
    assert quarter_index(None, None) is None


def test_months() -> None:
    m = Month.parse("2027-08")
    assert m == (2027, 8) and m.label == str(m) == "2027-08"
    assert m.quarter == (2027, 3)
    assert m + 5 == (2028, 1) and m - 8 == (2026, 12) and Month(2028, 1) - m == 5
    assert m.first_day == dt.date(2027, 8, 1) and m.last_day == dt.date(2027, 8, 31)
    assert Month(2028, 2).last_day == dt.date(2028, 2, 29)
    assert quarter_of_label("2027-08") == quarter_of_label("2027-Q3") == (2027, 3)
    with pytest.raises(ValueError, match="not a month"):
        Month.parse("2027-13")
    with pytest.raises(ValueError, match="not a month"):
        quarter_of_label("augustus")


@given(quarters)
def test_a_quarter_label_reads_back(q: Quarter) -> None:
    assert Quarter.parse(q.label) == q


@given(quarters, st.integers(-400, 400))
def test_adding_and_subtracting_agree(q: Quarter, n: int) -> None:
    assert (q + n) - n == q
    assert (q + n) - q == n
    assert (q + n > q) == (n > 0)
    assert Quarter.from_ordinal(q.ordinal) == q


@given(st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)))
def test_every_day_lies_in_its_quarter_and_month(day: dt.date) -> None:
    q = Quarter.of(day)
    assert q.first_day <= day <= q.last_day
    assert (q + 1).first_day == q.last_day + dt.timedelta(days=1)
    m = Month.of(day)
    assert m.first_day <= day <= m.last_day and m.quarter == q
    assert Month.parse(m.label) == m


@given(months, st.integers(-400, 400))
def test_months_count(m: Month, n: int) -> None:
    assert (m + n) - n == m and (m + n) - m == n
