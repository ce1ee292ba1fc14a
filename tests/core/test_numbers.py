"""One number reading for forms, grids and imports: Dutch and English notation agree."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from koersvast.core.numbers import (
    MAX_AMOUNT,
    format_euros,
    format_integer,
    parse_amount,
    parse_integer,
    parse_quantity,
)
from koersvast.monitoring.actuals import parse_amount as actuals_amount


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.250", "1250.00"),  # a Dutch thousands separator, in every parser
        ("1.250.000", "1250000.00"),
        ("1.234,56", "1234.56"),
        ("€ 1.250.000,50", "1250000.50"),
        ("€ 1.234.567", "1234567.00"),
        ("1234.56", "1234.56"),  # English decimal point
        ("1234.5", "1234.50"),
        ("1,234.50", "1234.50"),  # English grouping
        ("1,234,567", "1234567.00"),
        ("1,234,567.89", "1234567.89"),
        ("€ 12 000", "12000.00"),
        ("12\u00a0000 euro", "12000.00"),
        ("1234", "1234.00"),
        ("0,5", "0.50"),
        (250000, "250000.00"),
        (1250.5, "1250.50"),
        ("", "0.00"),
    ],
)
def test_dutch_and_english_notation(text: object, amount: str) -> None:
    assert parse_amount(text) == Decimal(amount)
    assert actuals_amount(text) == Decimal(amount)


@pytest.mark.parametrize(
    "text",
    ["twaalf", "1,2,3", "NaN", "Infinity", "1e400", "1e3", "12-3", "1.2.3", "1.23.456", "€", "-"],
)
def test_what_is_not_an_amount_is_refused_with_a_message(text: str) -> None:
    with pytest.raises(ValueError, match="bedrag"):
        parse_amount(text)


def test_english_grouping_was_read_a_thousand_times_too_small() -> None:
    """The bug this parser had: "1,234.50" read as 1,23 (the comma taken for the decimal
    sign, the dot dropped); now the last sign is the decimal sign, the other groups."""
    assert parse_amount("1,234.50") == Decimal("1234.50")
    assert parse_amount("1.234,50") == Decimal("1234.50")
    with pytest.raises(ValueError, match="bedrag"):
        parse_amount("1,23.50")  # the other sign must group in threes


def test_more_than_two_decimals_is_refused_instead_of_rounded_away() -> None:
    """ "1,234" (an English thousand, or a Dutch 1,234) was silently 1,23; now the user is asked."""
    with pytest.raises(ValueError, match="twee cijfers"):
        parse_amount("1,234")
    with pytest.raises(ValueError, match="twee cijfers"):
        parse_amount("0.125")
    assert parse_amount(0.125) == Decimal("0.12")  # a number from Excel is rounded, as before
    assert parse_amount("0.50") == Decimal("0.50")  # no group of thousands starts with a 0


def test_a_leading_zero_does_not_start_a_group_of_thousands() -> None:
    """The bug: "0.125" and "0.250" were read as 125 and 250 (a dot before three digits)."""
    with pytest.raises(ValueError, match="twee cijfers"):
        parse_amount("0.125")
    assert parse_integer("0.000") == 0
    assert parse_integer("1.000") == 1000


def test_negative_amounts_only_where_they_mean_something() -> None:
    with pytest.raises(ValueError, match="nul of positief"):
        parse_amount("-1.250")
    assert parse_amount("−1.250", allow_negative=True) == Decimal("-1250.00")
    assert parse_amount("- € 1.250,50", allow_negative=True) == Decimal("-1250.50")
    assert actuals_amount("-250,00") == Decimal("-250.00")  # a credit in the financial system


def test_implausibly_large_amounts_are_refused() -> None:
    with pytest.raises(ValueError, match="onwaarschijnlijk groot"):
        parse_amount(str(MAX_AMOUNT))
    assert parse_amount("999.999.999.999,99") == Decimal("999999999999.99")


@given(st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2))
def test_an_amount_written_the_dutch_way_reads_back(amount: Decimal) -> None:
    euros, cents = f"{amount:.2f}".split(".")
    grouped = f"{int(euros):,}".replace(",", ".")
    assert parse_amount(f"€ {grouped},{cents}") == amount
    assert parse_amount(f"{amount:.2f}") == amount


@given(st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2))
def test_an_amount_written_the_english_way_reads_back(amount: Decimal) -> None:
    assert parse_amount(f"€{amount:,.2f}") == amount


@given(st.integers(min_value=-(10**15), max_value=10**15), st.sampled_from(["nl", "en"]))
def test_a_formatted_integer_reads_back(number: int, notation: str) -> None:
    assert parse_integer(format_integer(number, notation=notation)) == number  # type: ignore[arg-type]


@given(st.integers(min_value=-(10**11), max_value=10**11))
def test_formatted_euros_read_back(number: int) -> None:
    assert parse_amount(format_euros(number), allow_negative=True) == number
    assert parse_amount(format_euros(number, sign_first=True), allow_negative=True) == number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1234", 1234),
        ("1.234", 1234),
        ("1,234,567", 1234567),
        ("12,0", 12),
        ("1,234", 1234),  # a whole number: the comma can only group
        (3.0, 3),
        ("-5", -5),
    ],
)
def test_integers(text: object, number: int) -> None:
    assert parse_integer(text) == number


@pytest.mark.parametrize("text", ["1,5", "twee", "", "1,2345", True])
def test_what_is_not_a_whole_number_is_refused(text: object) -> None:
    with pytest.raises(ValueError, match="geheel getal"):
        parse_integer(text)


def test_formatting() -> None:
    assert format_integer(1234567) == "1.234.567"
    assert format_integer(1234567, notation="en") == "1,234,567"
    assert format_integer(Decimal("2.5")) == "2"  # half to even, as round() does
    assert format_integer(-1234.6) == "-1.235"
    assert format_euros(1234567) == "€ 1.234.567"
    assert format_euros(-2500) == "€ -2.500"
    assert format_euros(-2500, sign_first=True) == "−€ 2.500"
    assert format_euros(Decimal("999.5"), notation="en") == "€ 1,000"


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("1,5", "1.5"),
        ("1.5", "1.5"),
        (" 0,8 ", "0.8"),
        ("1.500", "1.500"),
        ("12", "12"),
        (",5", "0.5"),
    ],
)
def test_quantities_know_no_thousands(text: str, quantity: str) -> None:
    assert parse_quantity(text) == Decimal(quantity)


@pytest.mark.parametrize("text", ["1e3", "NaN", "1,2,3", "1.234,5", "veel", "Infinity"])
def test_what_is_not_a_quantity_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="getal"):
        parse_quantity(text)


def test_negative_quantities_only_when_allowed() -> None:
    with pytest.raises(ValueError, match="nul of positief"):
        parse_quantity("-1")
    assert parse_quantity("−1,5", allow_negative=True) == Decimal("-1.5")


@given(st.decimals(min_value=0, max_value=10_000, places=2), st.sampled_from([",", "."]))
def test_a_quantity_reads_back(quantity: Decimal, sign: str) -> None:
    assert parse_quantity(f"{quantity:f}".replace(".", sign)) == quantity
