"""Tests for direct weights, percentages and the weights of the objective tree."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koersvast.weighing.errors import WeightError
from koersvast.weighing.weights import (
    ObjectiveWeight,
    global_weights,
    leaf_weights,
    normalise_weights,
    percentages,
)


def test_normalise_keeps_order_and_sums_to_one() -> None:
    weights = normalise_weights({"veiligheid": 3, "wonen": 1, "klimaat": 0})
    assert list(weights) == ["veiligheid", "wonen", "klimaat"]
    assert weights == {"veiligheid": 0.75, "wonen": 0.25, "klimaat": 0.0}


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ({}, "No weights"),
        ({"a": 1, "b": -0.5}, "'b' must be zero or positive"),
        ({"a": 0, "b": 0}, "All weights are zero"),
        ({"a": math.nan}, "zero or positive"),
        ({"a": math.inf}, "zero or positive"),
        ({"a": True}, "must be a number"),
        ({"a": "3"}, "must be a number"),
        ({"a": 1e308, "b": 1e308}, "too large"),
    ],
)
def test_normalise_rejects_bad_weights(raw: dict[str, float], fragment: str) -> None:
    with pytest.raises(WeightError, match=fragment):
        normalise_weights(raw)


def test_error_names_the_item_in_both_languages() -> None:
    with pytest.raises(WeightError) as excinfo:
        normalise_weights({"a": 1, "b": -1})
    assert excinfo.value.subject == "b"
    assert excinfo.value.message_nl == "Het gewicht van ‘b’ moet nul of positief zijn, niet -1."
    assert "The weight of 'b'" in str(excinfo.value)


def test_percentages_of_thirds_add_up_to_100() -> None:
    assert percentages({"a": 1, "b": 1, "c": 1}) == {"a": 34, "b": 33, "c": 33}


def test_percentages_give_left_over_points_to_largest_remainders() -> None:
    # Exact shares 41.67, 33.33, 16.67, 8.33: floors 41+33+16+8 = 98, two points to the
    # largest remainders (.67 for a and c).
    assert percentages({"a": 5, "b": 4, "c": 2, "d": 1}) == {"a": 42, "b": 33, "c": 17, "d": 8}


def test_percentages_of_exact_shares_are_unchanged() -> None:
    assert percentages({"a": 0.5, "b": 0.3, "c": 0.2}) == {"a": 50, "b": 30, "c": 20}
    assert percentages({"a": 0.0, "b": 2.0}) == {"a": 0, "b": 100}


def test_percentages_validate_like_normalise() -> None:
    with pytest.raises(WeightError, match="All weights are zero"):
        percentages({"a": 0})


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False),
        min_size=1,
        max_size=30,
    ).filter(lambda values: sum(values) > 0)
)
def test_percentages_always_sum_to_100(values: list[float]) -> None:
    raw = {f"w{k}": value for k, value in enumerate(values)}
    shown = percentages(raw)

    assert sum(shown.values()) == 100
    assert list(shown) == list(raw)
    total = sum(Fraction(v) for v in values)
    for key, value in raw.items():
        exact = Fraction(value) * 100 / total
        assert abs(shown[key] - exact) < 1


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=30
    ).filter(lambda values: sum(values) > 0)
)
def test_normalised_weights_sum_to_one(values: list[float]) -> None:
    weights = normalise_weights({f"w{k}": value for k, value in enumerate(values)})
    assert math.fsum(weights.values()) == pytest.approx(1.0)
    assert all(w >= 0 for w in weights.values())


# --- The objective tree -----------------------------------------------------------------------

TREE = [
    ObjectiveWeight("leefbaar", 2),
    ObjectiveWeight("dienstverlening", 1),
    ObjectiveWeight("groen", 1, parent_id="leefbaar"),
    ObjectiveWeight("veilig", 3, parent_id="leefbaar"),
    ObjectiveWeight("digitaal", 5, parent_id="dienstverlening"),
    ObjectiveWeight("verlichting", 1, parent_id="veilig"),
    ObjectiveWeight("handhaving", 1, parent_id="veilig"),
]


def test_global_weight_is_the_product_of_local_weights() -> None:
    nodes = {node.id: node for node in global_weights(TREE)}

    assert nodes["leefbaar"].global_weight == pytest.approx(2 / 3)
    assert nodes["groen"].local_weight == pytest.approx(1 / 4)
    assert nodes["groen"].global_weight == pytest.approx(2 / 3 * 1 / 4)
    assert nodes["veilig"].global_weight == pytest.approx(1 / 2)
    assert nodes["handhaving"].global_weight == pytest.approx(1 / 4)
    assert nodes["digitaal"].local_weight == 1.0
    assert nodes["digitaal"].global_weight == pytest.approx(1 / 3)
    assert (nodes["handhaving"].depth, nodes["handhaving"].parent_id) == (2, "veilig")
    assert not nodes["veilig"].is_leaf
    assert nodes["verlichting"].is_leaf


def test_nodes_come_in_pre_order() -> None:
    assert [node.id for node in global_weights(TREE)] == [
        "leefbaar",
        "groen",
        "veilig",
        "verlichting",
        "handhaving",
        "dienstverlening",
        "digitaal",
    ]


def test_only_leaves_score_and_their_weights_sum_to_one() -> None:
    leaves = leaf_weights(TREE)
    assert list(leaves) == ["groen", "verlichting", "handhaving", "digitaal"]
    assert leaves == pytest.approx(
        {"groen": 1 / 6, "verlichting": 1 / 4, "handhaving": 1 / 4, "digitaal": 1 / 3}
    )
    assert math.fsum(leaves.values()) == pytest.approx(1.0)


def test_zero_weight_node_passes_zero_to_its_subtree() -> None:
    tree = [
        ObjectiveWeight("a", 0),
        ObjectiveWeight("b", 1),
        ObjectiveWeight("a1", 1, parent_id="a"),
    ]
    assert leaf_weights(tree) == {"a1": 0.0, "b": 1.0}


@pytest.mark.parametrize(
    ("tree", "fragment", "subject"),
    [
        ([], "no objectives", ""),
        ([ObjectiveWeight("a", 1), ObjectiveWeight("a", 2)], "occurs twice", "a"),
        ([ObjectiveWeight("a", 1, parent_id="x")], "unknown parent 'x'", "a"),
        (
            [
                ObjectiveWeight("root", 1),
                ObjectiveWeight("a", 1, parent_id="b"),
                ObjectiveWeight("b", 1, parent_id="a"),
            ],
            "cycle",
            "a",
        ),
        ([ObjectiveWeight("a", 1, parent_id="a")], "cycle", "a"),
        (
            [
                ObjectiveWeight("t", 1),
                ObjectiveWeight("x", 0, parent_id="t"),
                ObjectiveWeight("y", 0, parent_id="t"),
            ],
            r"All weights are zero.*under 't'",
            "t",
        ),
        ([ObjectiveWeight("t", -1)], "zero or positive.*at the top level", "t"),
    ],
)
def test_invalid_trees(tree: list[ObjectiveWeight], fragment: str, subject: str) -> None:
    with pytest.raises(WeightError, match=fragment) as excinfo:
        global_weights(tree)
    assert excinfo.value.subject == subject


@st.composite
def trees(draw: st.DrawFn) -> list[ObjectiveWeight]:
    count = draw(st.integers(min_value=1, max_value=25))
    nodes: list[ObjectiveWeight] = []
    for k in range(count):
        parent = draw(st.none() | st.sampled_from([n.id for n in nodes])) if nodes else None
        weight = draw(st.floats(min_value=0.01, max_value=100))
        nodes.append(ObjectiveWeight(f"n{k}", weight, parent_id=parent))
    return nodes


@settings(max_examples=100, deadline=None)
@given(trees())
def test_leaf_weights_of_any_tree_sum_to_one(tree: list[ObjectiveWeight]) -> None:
    nodes = global_weights(tree)
    assert len(nodes) == len(tree)
    assert math.fsum(leaf_weights(tree).values()) == pytest.approx(1.0)
    by_id = {node.id: node for node in nodes}
    for node in nodes:
        parent_weight = 1.0 if node.parent_id is None else by_id[node.parent_id].global_weight
        assert node.global_weight == pytest.approx(parent_weight * node.local_weight)
