"""One amount parser for forms, grids and imports: Dutch and English notation agree."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from koersvast.core.numbers import MAX_AMOUNT, parse_amount
from koersvast.monitoring.actuals import parse_amount as actuals_amount


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.250", "1250.00"),  # a Dutch thousands separator, in every parser
        ("1.250.000", "1250000.00"),
        ("1.234,56", "1234.56"),
        ("€ 1.250.000,50", "1250000.50"),
        ("1234.56", "1234.56"),  # English decimal point
        ("1234.5", "1234.50"),
        ("€ 12 000", "12000.00"),
        ("12\u00a0000 euro", "12000.00"),
        ("0,5", "0.50"),
        (250000, "250000.00"),
        (1250.5, "1250.50"),
        ("", "0.00"),
    ],
)
def test_dutch_and_english_notation(text: object, amount: str) -> None:
    assert parse_amount(text) == Decimal(amount)
    assert actuals_amount(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["twaalf", "1,2,3", "NaN", "Infinity", "1e400", "12-3"])
def test_what_is_not_an_amount_is_refused_with_a_message(text: str) -> None:
    with pytest.raises(ValueError, match="bedrag"):
        parse_amount(text)


def test_negative_amounts_only_where_they_mean_something() -> None:
    with pytest.raises(ValueError, match="nul of positief"):
        parse_amount("-1.250")
    assert parse_amount("−1.250", allow_negative=True) == Decimal("-1250.00")
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
