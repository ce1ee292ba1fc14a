"""Benodigde weerstandscapaciteit by Monte Carlo simulation of the portfolio's risks.

Pure Python with numpy (no Django; import-linter enforces it). Each run draws, per risk, whether
it occurs (with its probability) and, if so, its financial effect: the point estimate, or a
uniform draw between the minimum and the maximum. The benodigde weerstandscapaciteit at a
certainty (90 % by default) is that quantile of the total per run: in 90 % of the runs the
risks together cost no more. The generator is seeded, so the same input gives the same answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

DEFAULT_RUNS = 10_000
DEFAULT_CERTAINTY = 0.9
DEFAULT_SEED = 20_27


@dataclass(frozen=True)
class RiskInput:
    """One risk: its probability (0–1) and its financial effect from `low` to `high` euros
    (equal for a point estimate)."""

    key: object
    probability: float
    low: float
    high: float

    def validate(self) -> None:
        if not 0 <= self.probability <= 1:
            raise ValueError("De kans ligt tussen 0 en 100 %.")
        if self.low < 0 or self.high < self.low:
            raise ValueError("Het financieel effect loopt van een minimum tot een hoger maximum.")

    @property
    def expected(self) -> float:
        """Verwachtingswaarde: kans × gemiddeld effect."""
        return self.probability * (self.low + self.high) / 2


@dataclass(frozen=True)
class Contribution:
    key: object
    expected: float
    share: float


@dataclass(frozen=True)
class SimulationResult:
    required: float
    certainty: float
    runs: int
    seed: int
    mean: float
    contributions: list[Contribution]

    def top(self, count: int = 10) -> list[Contribution]:
        return self.contributions[:count]


def simulate_totals(
    risks: Sequence[RiskInput], *, runs: int = DEFAULT_RUNS, seed: int = DEFAULT_SEED
) -> np.ndarray:
    """The total effect of all risks in each of `runs` runs."""
    if runs < 1:
        raise ValueError("Er is minstens één simulatierun nodig.")
    for risk in risks:
        risk.validate()
    if not risks:
        return np.zeros(runs)
    rng = np.random.default_rng(seed)
    probability = np.array([r.probability for r in risks])
    low = np.array([r.low for r in risks])
    span = np.array([r.high - r.low for r in risks])
    occurs = rng.random((runs, len(risks))) < probability
    effect = low + rng.random((runs, len(risks))) * span
    return np.where(occurs, effect, 0.0).sum(axis=1)


def required_capacity(
    risks: Sequence[RiskInput],
    *,
    certainty: float = DEFAULT_CERTAINTY,
    runs: int = DEFAULT_RUNS,
    seed: int = DEFAULT_SEED,
) -> SimulationResult:
    """Benodigde weerstandscapaciteit at `certainty`, with each risk's contribution (its
    expected value and share of the total expected value), largest first."""
    if not 0 < certainty < 1:
        raise ValueError("De zekerheid ligt tussen 0 en 100 %.")
    totals = simulate_totals(risks, runs=runs, seed=seed)
    # A quantile that is one of the simulated totals: with one certain risk, exactly its amount.
    required = float(np.quantile(totals, certainty, method="inverted_cdf"))
    expected_sum = sum(r.expected for r in risks)
    contributions = sorted(
        (
            Contribution(r.key, r.expected, r.expected / expected_sum if expected_sum else 0.0)
            for r in risks
        ),
        key=lambda c: -c.expected,
    )
    return SimulationResult(
        required=required,
        certainty=certainty,
        runs=runs,
        seed=seed,
        mean=float(totals.mean()),
        contributions=contributions,
    )


# Ratio weerstandsvermogen = beschikbare / benodigde weerstandscapaciteit, on the usual scale.
RATING_SCALE: tuple[tuple[float, str, str], ...] = (
    (2.0, "A", "uitstekend"),
    (1.4, "B", "ruim voldoende"),
    (1.0, "C", "voldoende"),
    (0.8, "D", "matig"),
    (0.6, "E", "onvoldoende"),
    (0.0, "F", "ruim onvoldoende"),
)


def ratio(available: float, required: float) -> float | None:
    """Beschikbare / benodigde weerstandscapaciteit; None when nothing is required."""
    if required <= 0:
        return None
    return available / required


def rating(value: float | None) -> tuple[str, str]:
    """The class (A–F) and its Dutch name; no required capacity rates as A."""
    if value is None:
        return RATING_SCALE[0][1], RATING_SCALE[0][2]
    for floor, letter, name in RATING_SCALE:
        if value >= floor:
            return letter, name
    return RATING_SCALE[-1][1], RATING_SCALE[-1][2]
