"""Tests for AHP: published worked examples, validation, consistency and properties."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koersvast.weighing.ahp import (
    RANDOM_INDEX,
    SAATY_SCALE,
    ahp_weights,
    analyse_matrix,
    format_judgement,
    judgements_from_upper_triangle,
    nearest_saaty_value,
    pairwise_matrix,
    random_index,
)
from koersvast.weighing.errors import AhpInputError

DRINKS = ["coffee", "wine", "tea", "beer", "soda", "milk", "water"]
# Each key (a, b): v reads "a is consumed v times as much as b", as in Saaty's table.
DRINK_JUDGEMENTS = {
    ("coffee", "wine"): 9,
    ("coffee", "tea"): 5,
    ("coffee", "beer"): 2,
    ("coffee", "soda"): 1,
    ("coffee", "milk"): 1,
    ("water", "coffee"): 2,
    ("tea", "wine"): 3,
    ("beer", "wine"): 9,
    ("soda", "wine"): 9,
    ("milk", "wine"): 9,
    ("water", "wine"): 9,
    ("beer", "tea"): 3,
    ("soda", "tea"): 4,
    ("milk", "tea"): 3,
    ("water", "tea"): 9,
    ("soda", "beer"): 2,
    ("beer", "milk"): 1,
    ("water", "beer"): 3,
    ("soda", "milk"): 2,
    ("water", "soda"): 2,
    ("water", "milk"): 3,
}


def test_saaty_2008_drink_consumption_example() -> None:
    """Saaty's "Which drink is consumed more in the US?" example.

    Source: T.L. Saaty, "Decision making with the analytic hierarchy process", Int. J. Services
    Sciences 1(1), 2008, pp. 83–98, section 3 (the 7×7 judgement matrix for coffee, wine, tea,
    beer, sodas, milk and water). Published derived scale: coffee .177, wine .019, tea .042,
    beer .116, sodas .190, milk .129, water .327, with consistency ratio C.R. = .022.
    (The same numbers are the reference values in the test suite of the AHPy package.)
    """
    result = ahp_weights(DRINKS, DRINK_JUDGEMENTS)

    published = {
        "coffee": 0.177,
        "wine": 0.019,
        "tea": 0.042,
        "beer": 0.116,
        "soda": 0.190,
        "milk": 0.129,
        "water": 0.327,
    }
    for drink, weight in result.weights_by_item().items():
        assert weight == pytest.approx(published[drink], abs=0.001), drink
    assert round(result.cr, 3) == 0.022
    assert result.is_consistent
    assert result.lambda_max == pytest.approx(7 + 6 * result.ci)


def test_wikipedia_leader_example_criteria_weights() -> None:
    """Criteria of Wikipedia's "Analytic hierarchy process – leader example".

    Source: https://en.wikipedia.org/wiki/Analytic_hierarchy_process_–_leader_example, pairwise
    comparisons of the criteria: Experience vs Education 4, Experience vs Charisma 3, Experience
    vs Age 7, Charisma vs Education 3, Education vs Age 3, Charisma vs Age 5. Published
    priorities: Experience .547, Education .127, Charisma .270, Age .056.
    """
    judgements = {
        ("experience", "education"): 4,
        ("experience", "charisma"): 3,
        ("experience", "age"): 7,
        ("charisma", "education"): 3,
        ("education", "age"): 3,
        ("charisma", "age"): 5,
    }
    result = ahp_weights(["experience", "education", "charisma", "age"], judgements)

    # Published to three decimals; Experience is 0.5476, shown there as .547.
    assert result.weights == pytest.approx((0.547, 0.127, 0.270, 0.056), abs=0.001)
    assert result.is_consistent
    assert result.cr == pytest.approx(result.ci / 0.89)


def test_single_item_has_full_weight() -> None:
    result = ahp_weights(["only"], {})
    assert result.weights == (1.0,)
    assert (result.ci, result.cr) == (0.0, 0.0)
    assert result.most_inconsistent_pair is None


def test_two_items_are_always_consistent() -> None:
    result = ahp_weights(["a", "b"], {("b", "a"): 3})
    assert result.weights == pytest.approx((0.25, 0.75))
    assert result.lambda_max == pytest.approx(2.0)
    assert result.cr == 0.0
    assert result.is_consistent
    assert result.most_inconsistent_pair is None


def test_reversed_judgement_is_named_with_a_useful_suggestion() -> None:
    # Consistent with weights 8:4:2:1, except that A vs D was entered the wrong way round.
    judgements = {
        ("A", "B"): 2,
        ("A", "C"): 4,
        ("A", "D"): 1 / 8,
        ("B", "C"): 2,
        ("B", "D"): 4,
        ("C", "D"): 2,
    }
    result = ahp_weights(["A", "B", "C", "D"], judgements)

    assert result.cr > 0.10
    assert not result.is_consistent
    pair = result.most_inconsistent_pair
    assert pair is not None
    assert pair.pair == ("A", "D")
    assert pair.judgement == pytest.approx(1 / 8)
    assert pair.suggested_judgement == 8.0
    assert pair.deviation == pytest.approx(
        max(pair.judgement / pair.implied_ratio, pair.implied_ratio / pair.judgement)
    )
    assert "‘A’ t.o.v. ‘D’ = 1/8" in pair.describe_nl()
    assert "ongeveer 8" in pair.describe_nl()
    assert "'A' vs 'D' = 1/8" in pair.describe_en()


def test_applying_the_suggestion_makes_the_matrix_consistent() -> None:
    judgements: dict[tuple[str, str], float] = {
        ("A", "B"): 2,
        ("A", "C"): 4,
        ("A", "D"): 1 / 8,
        ("B", "C"): 2,
        ("B", "D"): 4,
        ("C", "D"): 2,
    }
    pair = ahp_weights(["A", "B", "C", "D"], judgements).most_inconsistent_pair
    assert pair is not None
    judgements[pair.pair] = pair.suggested_judgement

    fixed = ahp_weights(["A", "B", "C", "D"], judgements)
    assert fixed.cr == pytest.approx(0.0, abs=1e-9)
    assert fixed.weights == pytest.approx((8 / 15, 4 / 15, 2 / 15, 1 / 15))


def test_orientation_of_a_judgement_does_not_matter() -> None:
    forward = ahp_weights(["a", "b", "c"], {("a", "b"): 3, ("a", "c"): 5, ("b", "c"): 2})
    mixed = ahp_weights(["a", "b", "c"], {("b", "a"): 1 / 3, ("a", "c"): 5, ("c", "b"): 0.5})
    assert mixed.weights == pytest.approx(forward.weights)


def test_rounded_reciprocals_are_accepted_and_snapped() -> None:
    matrix = pairwise_matrix(["a", "b"], {("a", "b"): 0.333})
    assert matrix[0, 1] == 1 / 3
    assert matrix[1, 0] == 3.0


def test_matrix_is_reciprocal_with_unit_diagonal() -> None:
    matrix = pairwise_matrix(DRINKS, DRINK_JUDGEMENTS)
    assert np.allclose(matrix * matrix.T, 1.0)
    assert np.allclose(np.diag(matrix), 1.0)


@pytest.mark.parametrize("value", [0, -3, 10, 2.5, 1 / 10, math.nan, math.inf, True, "3", None])
def test_values_off_saatys_scale_are_rejected_with_the_pair(value: object) -> None:
    with pytest.raises(AhpInputError) as excinfo:
        pairwise_matrix(["a", "b"], {("a", "b"): value})  # type: ignore[dict-item]
    assert excinfo.value.pair == ("a", "b")
    assert "schaal van Saaty" in str(excinfo.value)
    assert "Saaty's scale" in str(excinfo.value)


def test_missing_pair_is_named() -> None:
    with pytest.raises(AhpInputError, match="ontbreekt") as excinfo:
        pairwise_matrix(["a", "b", "c"], {("a", "b"): 3, ("a", "c"): 5})
    assert excinfo.value.pair == ("b", "c")
    assert "is missing" in str(excinfo.value)
    assert excinfo.value.message_nl == "Het oordeel voor het paar ‘b’ en ‘c’ ontbreekt."


def test_pair_judged_twice_is_rejected() -> None:
    with pytest.raises(AhpInputError, match="more than once") as excinfo:
        pairwise_matrix(["a", "b"], {("a", "b"): 3, ("b", "a"): 1 / 3})
    assert excinfo.value.pair == ("b", "a")


@pytest.mark.parametrize(
    ("items", "judgements", "fragment"),
    [
        (["a", "b"], {("a", "x"): 3}, "Unknown item 'x'"),
        (["a", "b"], {("a", "a"): 1}, "compared with itself"),
        (["a", "b"], {("a",): 3}, "belongs to a pair"),
        ([], {}, "list of items is empty"),
        (["a", "a"], {}, "occurs twice"),
        ([f"i{k}" for k in range(16)], {}, "Too many items"),
    ],
)
def test_invalid_items_and_pairs(
    items: list[str], judgements: dict[tuple[str, ...], float], fragment: str
) -> None:
    with pytest.raises(AhpInputError, match=fragment):
        pairwise_matrix(items, judgements)  # type: ignore[arg-type]


def test_errors_are_value_errors() -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the subclass relation is what is tested
        ahp_weights(["a", "b"], {})


def test_upper_triangle_is_read_row_by_row() -> None:
    judgements = judgements_from_upper_triangle(["a", "b", "c"], [3, 5, 2])
    assert judgements == {("a", "b"): 3, ("a", "c"): 5, ("b", "c"): 2}
    with pytest.raises(AhpInputError, match="need 3 judgements, got 2"):
        judgements_from_upper_triangle(["a", "b", "c"], [3, 5])


@pytest.mark.parametrize(
    ("matrix", "fragment"),
    [
        ([[1, 2], [2, 1]], "not reciprocal"),
        ([[1, -2], [-0.5, 1]], "positive number"),
        ([[1, 2, 3], [0.5, 1, 2]], "square"),
        ([], "square"),
        ([[1, 2], [0.5]], "ragged"),
    ],
)
def test_analyse_matrix_validates(matrix: list[list[float]], fragment: str) -> None:
    with pytest.raises(AhpInputError, match=fragment):
        analyse_matrix(matrix)


def test_random_index_table() -> None:
    assert sorted(RANDOM_INDEX) == list(range(1, 16))
    assert random_index(3) == 0.52
    assert random_index(15) == 1.59
    with pytest.raises(AhpInputError, match="16"):
        random_index(16)


def test_scale_helpers() -> None:
    assert len(SAATY_SCALE) == 17
    assert format_judgement(1 / 7) == "1/7"
    assert format_judgement(9.0) == "9"
    assert format_judgement(2.5) == "2.50"
    assert nearest_saaty_value(2.9) == 3.0
    assert nearest_saaty_value(0.13) == 1 / 8
    assert nearest_saaty_value(50) == 9.0
    with pytest.raises(AhpInputError):
        nearest_saaty_value(0)


# --- Properties -------------------------------------------------------------------------------

positive_weights = st.lists(
    st.floats(min_value=0.1, max_value=10, allow_nan=False), min_size=1, max_size=9
)
scale_values = st.sampled_from(SAATY_SCALE)


@st.composite
def judgement_sets(draw: st.DrawFn) -> tuple[list[str], dict[tuple[str, str], float]]:
    n = draw(st.integers(min_value=1, max_value=8))
    items = [f"item{k}" for k in range(n)]
    judgements = {pair: draw(scale_values) for pair in itertools.combinations(items, 2)}
    return items, judgements


@settings(max_examples=60, deadline=None)
@given(positive_weights)
def test_consistent_matrix_gives_back_its_weights(weights: list[float]) -> None:
    matrix = [[wi / wj for wj in weights] for wi in weights]
    result = analyse_matrix(matrix)

    total = sum(weights)
    assert result.weights == pytest.approx([w / total for w in weights], rel=1e-9)
    assert result.lambda_max == pytest.approx(len(weights), abs=1e-9)
    assert result.cr == pytest.approx(0.0, abs=1e-9)
    assert result.is_consistent
    assert result.most_inconsistent_pair is None


@settings(max_examples=60, deadline=None)
@given(judgement_sets())
def test_weights_are_positive_and_sum_to_one(
    case: tuple[list[str], dict[tuple[str, str], float]],
) -> None:
    items, judgements = case
    result = ahp_weights(items, judgements)

    assert all(w > 0 for w in result.weights)
    assert math.fsum(result.weights) == pytest.approx(1.0, abs=1e-12)
    assert result.lambda_max >= len(items) - 1e-9
    assert result.cr >= 0
    assert result.is_consistent == (result.cr <= 0.10)
    if result.most_inconsistent_pair is not None:
        assert result.most_inconsistent_pair.suggested_judgement in SAATY_SCALE


@settings(max_examples=60, deadline=None)
@given(judgement_sets(), st.data())
def test_permuting_items_permutes_weights(
    case: tuple[list[str], dict[tuple[str, str], float]], data: st.DataObject
) -> None:
    items, judgements = case
    shuffled = data.draw(st.permutations(items))

    original = ahp_weights(items, judgements).weights_by_item()
    permuted = ahp_weights(shuffled, judgements)

    assert permuted.items == tuple(shuffled)
    for item, weight in permuted.weights_by_item().items():
        assert weight == pytest.approx(original[item], rel=1e-9, abs=1e-12)
