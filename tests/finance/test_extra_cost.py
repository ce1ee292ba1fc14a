"""The cost of extra middelen per year: incidental and structural effect on the exploitatie and
how it could be funded (decision 1103)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from koersvast.finance.extra_cost import cost_effect
from koersvast.finance.models import ResistanceCapacity
from koersvast.finance.selectors.claims import extra_cost_effect
from koersvast.finance.selectors.resistance import free_reserve_room

YEARS = [2027, 2028, 2029, 2030]


def _rows(effect):
    return [
        (y.year, y.incidental, y.structural, y.from_general, y.from_reserve, y.uncovered)
        for y in effect.years
    ]


def test_what_runs_to_the_end_of_the_horizon_is_structural_the_rest_incidental() -> None:
    effect = cost_effect({2027: 50_000, 2028: 120_000, 2029: 80_000, 2030: 80_000}, YEARS)
    assert [(y.incidental, y.structural) for y in effect.years] == [
        (0, 50_000),
        (40_000, 80_000),
        (0, 80_000),
        (0, 80_000),
    ]
    assert effect.structural_end == 80_000
    assert effect.incidental == 40_000
    assert effect.total == 330_000


def test_an_amount_that_stops_before_the_end_is_incidental() -> None:
    effect = cost_effect({2027: 25_000}, YEARS)
    assert _rows(effect)[0] == (2027, 25_000, 0, 0, 0, 25_000)
    assert effect.structural_end == 0 and effect.uncovered == 25_000


def test_a_reserve_covers_only_incidental_and_is_drawn_down() -> None:
    effect = cost_effect(
        {2027: 30_000, 2028: 30_000, 2029: 10_000, 2030: 10_000}, YEARS, reserve_room=35_000
    )
    assert _rows(effect) == [
        (2027, 20_000, 10_000, 0, 20_000, 10_000),
        (2028, 20_000, 10_000, 0, 15_000, 15_000),
        (2029, 0, 10_000, 0, 0, 10_000),
        (2030, 0, 10_000, 0, 0, 10_000),
    ]
    assert effect.uncovered == 45_000


def test_free_algemene_middelen_cover_structural_first_then_incidental() -> None:
    effect = cost_effect(
        {2027: 30_000, 2028: 10_000},
        [2027, 2028],
        general_room={2027: 15_000, 2028: 4_000},
        reserve_room=100_000,
    )
    assert _rows(effect) == [
        (2027, 20_000, 10_000, 15_000, 15_000, 0),
        (2028, 0, 10_000, 4_000, 0, 6_000),
    ]


def test_nothing_costs_nothing_and_years_outside_the_horizon_are_ignored() -> None:
    effect = cost_effect({2031: 5_000, 2027: -3}, YEARS)
    assert not effect and effect.uncovered == 0 and len(effect.years) == 4


@pytest.mark.django_db
def test_free_reserve_room_is_available_minus_required(municipality) -> None:
    assert free_reserve_room(municipality=municipality, year=2027) == 0
    ResistanceCapacity.objects.create(
        municipality=municipality, year=2027, amount=Decimal("500000.00")
    )
    # Without risks nothing is required: all of it is free.
    assert free_reserve_room(municipality=municipality, year=2027) == 500_000
    effect = extra_cost_effect(
        municipality=municipality, amounts={2027: 25_000}, years=[2027, 2028]
    )
    assert effect.reserve_room == 500_000
    assert _rows(effect)[0] == (2027, 25_000, 0, 0, 25_000, 0)


@pytest.mark.django_db
def test_no_cost_reads_nothing(municipality, django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        effect = extra_cost_effect(municipality=municipality, amounts={}, years=YEARS)
    assert not effect
