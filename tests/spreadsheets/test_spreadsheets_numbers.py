"""Whole numbers in an import read as in every form (core.numbers.parse_integer)."""

from __future__ import annotations

import pytest

from koersvast.spreadsheets.fields import parse_int


@pytest.mark.parametrize(
    ("value", "number"), [("12", 12), (12.0, 12), ("1.250", 1250), ("12,0", 12), ("", None)]
)
def test_whole_numbers(value: object, number: int | None) -> None:
    # "1.250" was refused as "no whole number" (the dot read as a decimal point).
    assert parse_int(value, 0, 10_000) == number


@pytest.mark.parametrize("value", ["1,5", "twaalf", True, "1e3"])
def test_what_is_no_whole_number_is_refused(value: object) -> None:
    with pytest.raises(ValueError, match="geheel getal"):
        parse_int(value, 0, 10_000)


def test_the_range_is_checked() -> None:
    with pytest.raises(ValueError, match="tussen 1 en 40"):
        parse_int("41", 1, 40)
