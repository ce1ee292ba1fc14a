"""Tests for group AHP: aggregation of individual judgements (AIJ), consensus and spread."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koersvast.weighing.ahp import SAATY_SCALE, ahp_weights, pairwise_matrix
from koersvast.weighing.errors import AhpInputError
from koersvast.weighing.group import (
    aggregate_judgements,
    aggregate_matrices,
    consensus,
    consensus_band,
    group_ahp,
)

ITEMS = ["wonen", "zorg", "klimaat"]


def _judgements(values: list[float], items: list[str] = ITEMS) -> dict[tuple[str, str], float]:
    pairs = list(itertools.combinations(items, 2))
    return dict(zip(pairs, values, strict=True))


@st.composite
def participant_sets(draw: st.DrawFn) -> tuple[list[str], list[dict[tuple[str, str], float]]]:
    n = draw(st.integers(min_value=2, max_value=6))
    k = draw(st.integers(min_value=1, max_value=5))
    items = [f"i{index}" for index in range(n)]
    pair_count = n * (n - 1) // 2
    judgements = [
        _judgements(
            draw(st.lists(st.sampled_from(SAATY_SCALE), min_size=pair_count, max_size=pair_count)),
            items,
        )
        for _ in range(k)
    ]
    return items, judgements


def test_geometric_mean_of_two_judgements():
    # 9 and 1 → 3; 3 and 1/3 → 1.
    matrix = aggregate_judgements(
        ["a", "b", "c"],
        [
            {("a", "b"): 9, ("a", "c"): 3, ("b", "c"): 1},
            {("a", "b"): 1, ("a", "c"): 1 / 3, ("b", "c"): 1},
        ],
    )
    assert matrix[0, 1] == pytest.approx(3.0)
    assert matrix[1, 0] == pytest.approx(1 / 3)
    assert matrix[0, 2] == pytest.approx(1.0)
    assert matrix[1, 2] == pytest.approx(1.0)


def test_group_result_reports_each_participant_and_the_widest_pair():
    result = group_ahp(
        ITEMS,
        [
            _judgements([3, 5, 2]),
            _judgements([3, 5, 2]),
            _judgements([1 / 5, 1, 3]),
        ],
    )
    assert len(result.individuals) == 3
    assert result.individuals[0].cr == pytest.approx(ahp_weights(ITEMS, _judgements([3, 5, 2])).cr)
    widest = result.most_divergent(1)[0]
    assert (widest.first, widest.second) == ("wonen", "zorg")
    assert widest.judgements == pytest.approx((3, 3, 1 / 5))
    assert 0 < result.consensus < 1


def test_identical_participants_have_full_consensus_and_no_divergent_pairs():
    result = group_ahp(ITEMS, [_judgements([3, 5, 2])] * 3)
    assert result.consensus == pytest.approx(1.0)
    assert result.consensus_band == "very_high"
    assert result.most_divergent() == ()


def test_opposite_extremes_have_low_consensus():
    result = group_ahp(["a", "b"], [{("a", "b"): 9}, {("a", "b"): 1 / 9}])
    assert result.consensus < 0.5
    assert result.consensus_band == "very_low"


def test_consensus_of_disjoint_priorities_is_zero_and_of_one_participant_one():
    assert consensus([[1, 0], [0, 1]]) == pytest.approx(0.0)
    assert consensus([[0.2, 0.8]]) == 1.0


@pytest.mark.parametrize(
    ("value", "band"),
    [(0.9, "very_high"), (0.8, "high"), (0.7, "moderate"), (0.55, "low"), (0.2, "very_low")],
)
def test_consensus_bands_follow_goepel(value, band):
    assert consensus_band(value) == band


def test_refuses_nothing_to_aggregate_and_ragged_input():
    with pytest.raises(AhpInputError):
        group_ahp(ITEMS, [])
    with pytest.raises(AhpInputError):
        aggregate_matrices([np.ones((2, 2)), np.ones((3, 3))])
    with pytest.raises(AhpInputError):
        consensus([])


@settings(max_examples=60, deadline=None)
@given(participant_sets())
def test_aggregated_matrix_is_reciprocal(data):
    items, individuals = data
    matrix = aggregate_judgements(items, individuals)
    assert np.allclose(matrix * matrix.T, 1.0)
    assert np.allclose(np.diag(matrix), 1.0)


@settings(max_examples=60, deadline=None)
@given(participant_sets(), st.integers(min_value=2, max_value=5))
def test_identical_judgements_aggregate_to_the_input(data, copies):
    items, individuals = data
    single = individuals[0]
    matrix = aggregate_judgements(items, [single] * copies)
    assert np.allclose(matrix, pairwise_matrix(items, single))
    result = group_ahp(items, [single] * copies)
    assert result.aggregate.weights == pytest.approx(ahp_weights(items, single).weights)
    assert result.consensus == pytest.approx(1.0)


@settings(max_examples=60, deadline=None)
@given(participant_sets())
def test_group_weights_sum_to_one_and_consensus_is_bounded(data):
    items, individuals = data
    result = group_ahp(items, individuals)
    assert math.isclose(sum(result.aggregate.weights), 1.0, rel_tol=1e-9)
    assert all(w > 0 for w in result.aggregate.weights)
    assert 0.0 <= result.consensus <= 1.0
    assert all(p.spread >= 1.0 - 1e-9 for p in result.pairs)


@settings(max_examples=40, deadline=None)
@given(participant_sets())
def test_aggregation_does_not_depend_on_participant_order(data):
    items, individuals = data
    forward = aggregate_judgements(items, individuals)
    backward = aggregate_judgements(items, list(reversed(individuals)))
    assert np.allclose(forward, backward)
