"""The cost of extra middelen on the exploitatie, per year: its incidental and structural effect
and how it could be funded (decision 1103). Pure Python: whole euros in, whole euros out.

- **Structural** in a year is the part that continues every year to the end of the horizon (the
  smallest amount of that year and every later one); the rest of the year is **incidental**. An
  extra fte kept to the end of the horizon is structural; one for two quarters is incidental.
- **Funding**: the free room of the algemene middelen in a year (what the plan leaves of the
  exploitatie room) covers first the structural and then the incidental effect of that year; the
  free reserve room (beschikbare weerstandscapaciteit minus the benodigde: a stock, drawn down
  year by year) covers only what is incidental — a structural burden is not paid from a reserve
  (BBV: structurele lasten structureel dekken). What is left is **ongedekt**.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class YearEffect:
    """The effect of one year on the exploitatie and how it is funded (whole euros)."""

    year: int
    incidental: int
    structural: int
    from_general: int
    from_reserve: int
    uncovered: int

    @property
    def total(self) -> int:
        return self.incidental + self.structural


@dataclass(frozen=True)
class CostEffect:
    years: list[YearEffect]
    reserve_room: int

    @property
    def incidental(self) -> int:
        return sum(y.incidental for y in self.years)

    @property
    def structural_end(self) -> int:
        """The structural effect in the last year: what the extra middelen cost every year on."""
        return self.years[-1].structural if self.years else 0

    @property
    def uncovered(self) -> int:
        return sum(y.uncovered for y in self.years)

    @property
    def total(self) -> int:
        return sum(y.total for y in self.years)

    def __bool__(self) -> bool:
        return self.total > 0


def cost_effect(
    amounts: Mapping[int, int],
    years: Sequence[int],
    *,
    general_room: Mapping[int, int] | None = None,
    reserve_room: int = 0,
) -> CostEffect:
    """The incidental and structural effect of `amounts` (euros per year; years outside `years`
    are ignored, missing years are 0) over the horizon `years`, and what the free room of the
    algemene middelen per year and the free reserve room cover of it."""
    ordered = sorted(set(years))
    values = [max(0, int(amounts.get(year, 0))) for year in ordered]
    structural = list(values)
    for index in range(len(structural) - 2, -1, -1):
        structural[index] = min(structural[index], structural[index + 1])
    room = dict(general_room or {})
    reserve = max(0, int(reserve_room))
    result = []
    for year, value, fixed in zip(ordered, values, structural, strict=True):
        incidental = value - fixed
        general = max(0, int(room.get(year, 0)))
        general_structural = min(general, fixed)
        general_incidental = min(general - general_structural, incidental)
        from_reserve = min(reserve, incidental - general_incidental)
        reserve -= from_reserve
        from_general = general_structural + general_incidental
        result.append(
            YearEffect(
                year=year,
                incidental=incidental,
                structural=fixed,
                from_general=from_general,
                from_reserve=from_reserve,
                uncovered=value - from_general - from_reserve,
            )
        )
    return CostEffect(years=result, reserve_room=max(0, int(reserve_room)))
