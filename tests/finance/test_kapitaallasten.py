"""Kapitaallasten against hand-computed tables (lineair and annuïteit, with and without residual
value, both start-year rules) and hypothesis invariants."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koersvast.finance.kapitaallasten import (
    Investment,
    Method,
    ScheduleError,
    StartRule,
    first_year,
    schedule,
    totals_by_year,
)

D = Decimal


def table(charges):
    return [
        (c.year, c.book_value_start, c.depreciation, c.interest, c.book_value_end) for c in charges
    ]


def test_linear_without_residual_value() -> None:
    """€ 1.000.000, 4 jaar, 2 % omslagrente, in gebruik 2026: afschrijving vanaf 2027."""
    charges = schedule(Investment(D(1_000_000), 2026, 4), D("0.02"))
    assert table(charges) == [
        (2027, D(1_000_000), D(250_000), D(20_000), D(750_000)),
        (2028, D(750_000), D(250_000), D(15_000), D(500_000)),
        (2029, D(500_000), D(250_000), D(10_000), D(250_000)),
        (2030, D(250_000), D(250_000), D(5_000), D(0)),
    ]
    assert [c.total for c in charges] == [D(270_000), D(265_000), D(260_000), D(255_000)]


def test_linear_with_residual_value() -> None:
    """Restwaarde € 200.000: € 200.000 afschrijving per jaar, rente over de boekwaarde."""
    charges = schedule(Investment(D(1_000_000), 2026, 4, residual=D(200_000)), D("0.02"))
    assert table(charges) == [
        (2027, D(1_000_000), D(200_000), D(20_000), D(800_000)),
        (2028, D(800_000), D(200_000), D(16_000), D(600_000)),
        (2029, D(600_000), D(200_000), D(12_000), D(400_000)),
        (2030, D(400_000), D(200_000), D(8_000), D(200_000)),
    ]


def test_linear_rounding_goes_to_the_last_year() -> None:
    """€ 1.000 over 3 jaar: 333,33 twice and 333,34 in the last year."""
    charges = schedule(Investment(D(1000), 2026, 3), D(0))
    assert [c.depreciation for c in charges] == [D("333.33"), D("333.33"), D("333.34")]
    assert all(c.interest == 0 for c in charges)


def test_annuity_without_residual_value() -> None:
    """€ 1.000.000, 4 jaar, 5 %: annuïteit 1.000.000 × 0,05 / (1 − 1,05⁻⁴) = 282.011,83.

    Each year: rente = 5 % of the book value; afschrijving = annuïteit − rente; the last year
    takes the rest (two cents of rounding).
    """
    charges = schedule(Investment(D(1_000_000), 2026, 4, Method.ANNUITY), D("0.05"))
    assert table(charges) == [
        (2027, D("1000000.00"), D("232011.83"), D("50000.00"), D("767988.17")),
        (2028, D("767988.17"), D("243612.42"), D("38399.41"), D("524375.75")),
        (2029, D("524375.75"), D("255793.04"), D("26218.79"), D("268582.71")),
        (2030, D("268582.71"), D("268582.71"), D("13429.14"), D("0.00")),
    ]
    assert [c.total for c in charges] == [D("282011.83")] * 3 + [D("282011.85")]


def test_annuity_with_residual_value() -> None:
    """Restwaarde € 100.000: annuïteit on 900.000 (253.810,65) plus 5 % of 100.000 (5.000)."""
    charges = schedule(
        Investment(D(1_000_000), 2026, 4, Method.ANNUITY, residual=D(100_000)), D("0.05")
    )
    assert table(charges) == [
        (2027, D("1000000.00"), D("208810.65"), D("50000.00"), D("791189.35")),
        (2028, D("791189.35"), D("219251.18"), D("39559.47"), D("571938.17")),
        (2029, D("571938.17"), D("230213.74"), D("28596.91"), D("341724.43")),
        (2030, D("341724.43"), D("241724.43"), D("17086.22"), D("100000.00")),
    ]
    assert {c.total for c in charges} == {D("258810.65")}


def test_annuity_at_zero_interest_is_linear() -> None:
    annuity = schedule(Investment(D(500_000), 2026, 5, Method.ANNUITY), D(0))
    linear = schedule(Investment(D(500_000), 2026, 5, Method.LINEAR), D(0))
    assert table(annuity) == table(linear)


def test_start_year_rules() -> None:
    """Default: the year after ingebruikname; or the year of ingebruikname itself."""
    investment = Investment(D(2_000_000), 2027, 5)
    assert first_year(2027) == 2028
    assert first_year(2027, StartRule.SAME_YEAR) == 2027
    assert [c.year for c in schedule(investment, D("0.02"))] == [2028, 2029, 2030, 2031, 2032]
    same = schedule(investment, D("0.02"), StartRule.SAME_YEAR)
    assert [c.year for c in same] == [2027, 2028, 2029, 2030, 2031]
    assert {c.depreciation for c in same} == {D(400_000)}
    assert same[0].interest == D(40_000)


def test_until_year_stops_early_with_the_same_figures() -> None:
    investment = Investment(D(3_000_000), 2020, 40, Method.ANNUITY, residual=D(10_000))
    full = schedule(investment, D("0.025"))
    assert table(schedule(investment, D("0.025"), until_year=2030)) == table(full)[:10]


def test_totals_by_year_sums_only_the_asked_years() -> None:
    investments = [Investment(D(2_000_000), 2026, 5), Investment(D(1_000_000), 2027, 4)]
    totals = totals_by_year(investments, D("0.02"), StartRule.NEXT_YEAR, [2026, 2027, 2028])
    assert totals[2026].total == 0
    assert totals[2027].depreciation == D(400_000)
    assert totals[2027].interest == D(40_000)
    assert totals[2028].depreciation == D(400_000) + D(250_000)
    assert totals[2028].interest == D(32_000) + D(20_000)


@pytest.mark.parametrize(
    ("investment", "message"),
    [
        (Investment(D(-1), 2026, 5), "negatief"),
        (Investment(D(100), 2026, 0), "minstens 1 jaar"),
        (Investment(D(100), 2026, 5, residual=D(101)), "hoger"),
        (Investment(D(100), 2026, 5, residual=D(-1)), "restwaarde"),
    ],
)
def test_invalid_investments_are_refused_in_dutch(investment, message) -> None:
    with pytest.raises(ScheduleError, match=message):
        schedule(investment, D("0.02"))


def test_negative_interest_rate_is_refused() -> None:
    with pytest.raises(ScheduleError, match="omslagrente"):
        schedule(Investment(D(100), 2026, 5), D("-0.01"))


amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


@st.composite
def investments(draw):
    amount = draw(amounts)
    residual = draw(st.decimals(min_value=0, max_value=amount, places=2, allow_nan=False))
    return Investment(
        amount=amount,
        activation_year=draw(st.integers(1990, 2060)),
        term=draw(st.integers(1, 60)),
        method=draw(st.sampled_from(list(Method))),
        residual=residual,
    )


rates = st.decimals(min_value=0, max_value=D("0.15"), places=4, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(investment=investments(), rate=rates, rule=st.sampled_from(list(StartRule)))
def test_invariants(investment, rate, rule) -> None:
    charges = schedule(investment, rate, rule)
    assert len(charges) == investment.term
    # Total depreciation is exactly amount − residual value.
    assert sum(c.depreciation for c in charges) == investment.amount - investment.residual
    # The book value never goes negative, nor below the residual value, and ends there.
    assert all(c.book_value_end >= investment.residual >= 0 for c in charges)
    assert charges[-1].book_value_end == investment.residual
    assert all(c.depreciation >= 0 and c.interest >= 0 for c in charges)
    # Years are consecutive from the rule's first year; interest is rate × book value.
    assert [c.year for c in charges] == list(
        range(
            first_year(investment.activation_year, rule),
            first_year(investment.activation_year, rule) + investment.term,
        )
    )
    assert all(abs(c.interest - c.book_value_start * rate) <= D("0.005") for c in charges)


@settings(max_examples=200, deadline=None)
@given(
    investment=investments(),
    rate=rates,
    rule=st.sampled_from(list(StartRule)),
    window=st.tuples(st.integers(1985, 2070), st.integers(0, 10)),
)
def test_a_window_is_a_slice_of_the_full_schedule(investment, rate, rule, window) -> None:
    first, length = window
    full = [c for c in schedule(investment, rate, rule) if first <= c.year <= first + length]
    part = schedule(investment, rate, rule, from_year=first, until_year=first + length)
    assert table(part) == table(full)


def test_linear_with_tiny_amounts_falls_back_to_the_loop() -> None:
    """€ 0,05 over 10 jaar: a cent a year would overshoot; the book value stays ≥ 0."""
    charges = schedule(Investment(D("0.05"), 2026, 10), D("0.02"))
    assert sum(c.depreciation for c in charges) == D("0.05")
    assert all(c.book_value_end >= 0 for c in charges)
