"""The Monte Carlo of benodigde weerstandscapaciteit and the ratio's rating."""

from __future__ import annotations

import pytest

from koersvast.finance.montecarlo import (
    RiskInput,
    rating,
    ratio,
    required_capacity,
    simulate_totals,
)


def test_one_certain_risk_gives_exactly_its_amount() -> None:
    result = required_capacity([RiskInput("a", 1.0, 250_000, 250_000)])
    assert result.required == 250_000
    assert result.mean == 250_000
    assert result.contributions[0].share == 1.0


def test_a_fixed_seed_reproduces_and_another_seed_differs() -> None:
    risks = [RiskInput(i, 0.1 + i / 100, 10_000 * i, 30_000 * i) for i in range(1, 40)]
    first = required_capacity(risks, seed=7)
    again = required_capacity(risks, seed=7)
    other = required_capacity(risks, seed=8)
    assert first.required == again.required
    assert first.mean == again.mean
    assert first.required != other.required


def test_required_lies_between_expected_and_worst_case() -> None:
    risks = [RiskInput(i, 0.3, 100_000, 300_000) for i in range(20)]
    result = required_capacity(risks)
    expected = sum(r.expected for r in risks)  # 20 × 0,3 × 200.000 = 1.200.000
    assert expected == pytest.approx(1_200_000)
    assert result.mean == pytest.approx(expected, rel=0.02)
    assert expected < result.required < 20 * 300_000


def test_quantile_of_a_single_coin_flip() -> None:
    """A risk with a 50 % chance: at 40 % certainty nothing is needed, at 90 % its amount."""
    risks = [RiskInput("x", 0.5, 1000, 1000)]
    assert required_capacity(risks, certainty=0.4).required == 0
    assert required_capacity(risks, certainty=0.9).required == 1000


def test_contributions_are_ordered_by_expected_value() -> None:
    risks = [
        RiskInput("small", 0.5, 10, 10),
        RiskInput("large", 0.2, 1000, 3000),
        RiskInput("mid", 0.9, 100, 100),
    ]
    keys = [c.key for c in required_capacity(risks).top(2)]
    assert keys == ["large", "mid"]


def test_no_risks_need_nothing() -> None:
    assert required_capacity([]).required == 0
    assert list(simulate_totals([], runs=3)) == [0, 0, 0]


@pytest.mark.parametrize(
    "risk",
    [RiskInput("p", 1.5, 0, 1), RiskInput("n", 0.5, -1, 1), RiskInput("r", 0.5, 5, 1)],
)
def test_invalid_input_is_refused(risk) -> None:
    with pytest.raises(ValueError, match=r"kans|effect"):
        required_capacity([risk])


@pytest.mark.parametrize(
    ("value", "letter", "name"),
    [
        (2.5, "A", "uitstekend"),
        (2.0, "A", "uitstekend"),
        (1.99, "B", "ruim voldoende"),
        (1.4, "B", "ruim voldoende"),
        (1.0, "C", "voldoende"),
        (0.8, "D", "matig"),
        (0.6, "E", "onvoldoende"),
        (0.59, "F", "ruim onvoldoende"),
        (0.0, "F", "ruim onvoldoende"),
        (None, "A", "uitstekend"),
    ],
)
def test_rating_scale(value, letter, name) -> None:
    assert rating(value) == (letter, name)


def test_ratio() -> None:
    assert ratio(3_000_000, 2_000_000) == 1.5
    assert ratio(1, 0) is None
