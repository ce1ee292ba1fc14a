"""The grid helper: values per (row, column) from a form, with a message per cell."""

from __future__ import annotations

from decimal import Decimal

from django.http import QueryDict

from koersvast.core.grids import field_name, read_grid
from koersvast.core.numbers import parse_amount


def test_cells_are_read_parsed_and_kept_apart() -> None:
    data = QueryDict(
        "budget-capital-2027=1.250&budget-capital-2028=&budget-operating-2027=twaalf"
        "&budget-operating-2029=5"
    )
    cells = [(kind, year) for kind in ("capital", "operating") for year in (2027, 2028)]
    grid = read_grid(data, "budget", cells, parse_amount)
    assert grid.values == {
        ("capital", 2027): Decimal("1250.00"),
        ("capital", 2028): None,
        ("operating", 2028): None,  # missing is empty; 2029 was not asked for
    }
    assert list(grid.errors) == [("operating", 2027)]
    assert "bedrag" in grid.messages[0]
    assert grid.raw[("operating", 2027)] == "twaalf"
    assert not grid.is_valid


def test_errors_are_worded_by_the_caller() -> None:
    grid = read_grid(
        {"jaar-2027": " x "},
        "jaar",
        [(2027,)],
        parse_amount,
        describe=lambda key, raw, error: f"{key[0]}: '{raw}' — {error}",
    )
    assert grid.messages == ["2027: 'x' — Geen bedrag: gebruik alleen cijfers, bijv. 250000."]


def test_field_names() -> None:
    assert field_name("fte", 2027, 3) == "fte-2027-3"
    assert field_name("jaar", 2027) == "jaar-2027"
