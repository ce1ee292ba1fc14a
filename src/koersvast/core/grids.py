"""Values per cell from a grid of inputs in one form: fte per quarter, euros per kind and year.

A grid posts one field per cell, named `<prefix>-<row>-<column>` (`fte-2027-3`,
`budget-capital-2027`, `planned-2027-operating`; a one-dimensional grid is `<prefix>-<key>`).
`read_grid` reads the cells it is given (never what else was posted), parses each non-empty
cell with the caller's parser, and keeps a message per cell that could not be read, so a page
shows every mistake at once and saves nothing until there are none. `field_name` names the
input in the template, so the name is written in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


def field_name(prefix: str, *key: Any) -> str:
    """The name of a cell's input: `field_name("fte", 2027, 3)` is "fte-2027-3"."""
    return "-".join([prefix, *(str(part) for part in key)])


@dataclass
class Grid[K: tuple[Any, ...], V]:
    """What `read_grid` read: a value (None for an empty cell) or an error per cell."""

    values: dict[K, V | None] = field(default_factory=dict)
    errors: dict[K, str] = field(default_factory=dict)
    raw: dict[K, str] = field(default_factory=dict)

    @property
    def messages(self) -> list[str]:
        """The errors in the order of the cells."""
        return list(self.errors.values())

    @property
    def is_valid(self) -> bool:
        return not self.errors


def read_grid[K: tuple[Any, ...], V](
    data: Mapping[str, Any],
    prefix: str,
    cells: Iterable[K],
    parse: Callable[[str], V],
    *,
    describe: Callable[[K, str, ValueError], str] | None = None,
) -> Grid[K, V]:
    """Each cell's value from `data` (e.g. request.POST): `parse(text)` of the stripped text.

    An empty or missing cell is None (the caller decides whether that means 0 or "not set").
    A ValueError from `parse` becomes the cell's error: `describe(key, text, error)` words it
    (the period or row it is about), by default the error's own message.
    """
    grid: Grid[K, V] = Grid()
    for key in cells:
        raw = str(data.get(field_name(prefix, *key)) or "").strip()
        grid.raw[key] = raw
        if not raw:
            grid.values[key] = None
            continue
        try:
            grid.values[key] = parse(raw)
        except ValueError as error:
            grid.errors[key] = describe(key, raw, error) if describe else str(error)
    return grid
