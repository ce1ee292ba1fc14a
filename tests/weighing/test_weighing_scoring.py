"""Tests for priority scores and their explanation, WSJF, rankings and ranking differences."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koersvast.weighing.errors import ScoringError
from koersvast.weighing.scoring import (
    SAFE_FIBONACCI,
    Direction,
    ImpactAxis,
    InitiativeScores,
    RankedItem,
    ScoringFramework,
    TermKind,
    WsjfInput,
    priority_score,
    rank,
    ranking_diff,
    standard_impact_axes,
    wsjf,
)
from koersvast.weighing.weights import ObjectiveWeight, leaf_weights

OBJECTIVES = {"wonen": 0.5, "veiligheid": 0.3, "klimaat": 0.2}
FRAMEWORK = ScoringFramework(objective_weights=OBJECTIVES, axes=standard_impact_axes())
MIDDLE = {"complexity": 3, "risk": 3, "capacity_demand": 3, "urgency": 3}
BEST = {"complexity": 1, "risk": 1, "capacity_demand": 1, "urgency": 5}
WORST = {"complexity": 5, "risk": 5, "capacity_demand": 5, "urgency": 1}


def score(
    contributions: Mapping[str, int],
    impacts: Mapping[str, float],
    framework: ScoringFramework = FRAMEWORK,
) -> float:
    return priority_score(framework, InitiativeScores("i", contributions, impacts)).total


def test_extremes_and_neutral_point_of_the_0_to_100_scale() -> None:
    assert score(dict.fromkeys(OBJECTIVES, 3), BEST) == pytest.approx(100.0)
    assert score(dict.fromkeys(OBJECTIVES, -3), WORST) == pytest.approx(0.0)
    # No contribution anywhere and middle of every axis: 0.7 × 50 + 0.3 × 50.
    assert score(dict.fromkeys(OBJECTIVES, 0), MIDDLE) == pytest.approx(50.0)


def test_negative_contributions_lower_the_score() -> None:
    neutral = score({"wonen": 0, "veiligheid": 2, "klimaat": 1}, MIDDLE)
    harmful = score({"wonen": -2, "veiligheid": 2, "klimaat": 1}, MIDDLE)
    assert harmful < neutral
    # 100 × 0.7 × 0.5 × (−2/6)
    assert harmful - neutral == pytest.approx(-35 / 3)


def test_direction_of_impact_axes_is_respected() -> None:
    contributions = dict.fromkeys(OBJECTIVES, 1)
    low_risk = score(contributions, {**MIDDLE, "risk": 1})
    high_risk = score(contributions, {**MIDDLE, "risk": 5})
    assert high_risk < low_risk
    low_urgency = score(contributions, {**MIDDLE, "urgency": 1})
    high_urgency = score(contributions, {**MIDDLE, "urgency": 5})
    assert high_urgency > low_urgency


def test_axis_normalisation() -> None:
    worse = ImpactAxis("risk", scale_min=0, scale_max=10, direction=Direction.HIGHER_IS_WORSE)
    better = ImpactAxis("urgency", scale_min=0, scale_max=10, direction=Direction.HIGHER_IS_BETTER)
    assert worse.normalise(2) == pytest.approx(0.8)
    assert better.normalise(2) == pytest.approx(0.2)


def test_explanation_lists_every_weighted_term() -> None:
    result = priority_score(
        FRAMEWORK,
        InitiativeScores("i-1", {"wonen": 3, "veiligheid": -1, "klimaat": 0}, MIDDLE),
    )
    kinds = [term.kind for term in result.terms]
    assert kinds == [TermKind.BASELINE] + [TermKind.OBJECTIVE] * 3 + [TermKind.IMPACT] * 4
    assert [term.ref_id for term in result.terms[1:4]] == ["wonen", "veiligheid", "klimaat"]

    baseline, wonen, veiligheid = result.terms[:3]
    assert baseline.points == pytest.approx(35.0)
    assert (wonen.raw_score, wonen.weight, wonen.part_weight) == (3.0, 0.5, 0.7)
    assert wonen.points == pytest.approx(100 * 0.7 * 0.5 * 3 / 6)
    assert veiligheid.points < 0
    for term in result.terms:
        assert term.points == pytest.approx(100 * term.part_weight * term.weight * term.normalised)
    assert math.fsum(term.points for term in result.terms) == pytest.approx(result.total)
    assert result.total == pytest.approx(100 * (0.7 * result.value_part + 0.3 * result.impact_part))
    assert not result.incomplete


def test_missing_objective_counts_as_no_contribution_and_is_flagged() -> None:
    complete = priority_score(FRAMEWORK, InitiativeScores("i", {"wonen": 2, "klimaat": 0}, MIDDLE))
    assert complete.missing_objectives == ("veiligheid",)
    assert complete.incomplete
    term = next(t for t in complete.terms if t.ref_id == "veiligheid")
    assert (term.missing, term.raw_score, term.points) == (True, None, 0.0)
    explicit_zero = score({"wonen": 2, "veiligheid": 0, "klimaat": 0}, MIDDLE)
    assert complete.total == pytest.approx(explicit_zero)


def test_missing_axis_adds_nothing_and_is_flagged() -> None:
    impacts = {"complexity": 1, "risk": 1, "capacity_demand": 1}
    result = priority_score(FRAMEWORK, InitiativeScores("i", dict.fromkeys(OBJECTIVES, 0), impacts))
    assert result.missing_axes == ("urgency",)
    assert result.incomplete
    term = result.terms[-1]
    assert (term.ref_id, term.missing, term.points) == ("urgency", True, 0.0)
    # Leaving urgency empty never helps: it scores as the least urgent value.
    assert result.total == pytest.approx(
        score(dict.fromkeys(OBJECTIVES, 0), {**impacts, "urgency": 1})
    )


def test_part_weights_are_configurable_and_normalised() -> None:
    value_only = ScoringFramework(
        OBJECTIVES, standard_impact_axes(), value_weight=1, impact_weight=0
    )
    assert score(dict.fromkeys(OBJECTIVES, 3), WORST, value_only) == pytest.approx(100.0)
    seven_three = ScoringFramework(
        OBJECTIVES, standard_impact_axes(), value_weight=7, impact_weight=3
    )
    assert (seven_three.value_share, seven_three.impact_share) == pytest.approx((0.7, 0.3))
    assert score({"wonen": 1}, MIDDLE, seven_three) == pytest.approx(score({"wonen": 1}, MIDDLE))


def test_framework_from_an_objective_tree() -> None:
    tree = [
        ObjectiveWeight("thema", 1),
        ObjectiveWeight("a", 1, parent_id="thema"),
        ObjectiveWeight("b", 3, parent_id="thema"),
    ]
    framework = ScoringFramework(leaf_weights(tree), axes=(), value_weight=1, impact_weight=0)
    result = priority_score(framework, InitiativeScores("i", {"a": 3, "b": -3}))
    assert result.total == pytest.approx(50 + 100 * (0.25 * 0.5 - 0.75 * 0.5))


@pytest.mark.parametrize(
    ("contributions", "impacts", "fragment"),
    [
        ({"wonen": 4}, {}, "whole number from -3 to \\+3, not 4"),
        ({"wonen": -4}, {}, "not -4"),
        ({"wonen": 2.5}, {}, "not 2.5"),
        ({"wonen": True}, {}, "not True"),
        ({"sport": 1}, {}, "'sport', which is not a scored objective"),
        ({}, {"risk": 6}, "between 1.0 and 5.0, not 6"),
        ({}, {"risk": math.nan}, "not nan"),
        ({}, {"budget": 2}, "'budget', which is not an impact axis"),
    ],
)
def test_invalid_scores_are_rejected(
    contributions: dict[str, int], impacts: dict[str, float], fragment: str
) -> None:
    with pytest.raises(ScoringError, match=fragment):
        score(contributions, impacts)


def test_invalid_frameworks_are_rejected() -> None:
    with pytest.raises(ScoringError, match="occurs twice"):
        ScoringFramework(OBJECTIVES, (ImpactAxis("risk"), ImpactAxis("risk")))
    with pytest.raises(ScoringError, match="must run from low to high"):
        ImpactAxis("risk", scale_min=5, scale_max=1)
    with pytest.raises(ScoringError, match="Unknown direction"):
        ImpactAxis("risk", direction="up")  # type: ignore[arg-type]
    with pytest.raises(ScoringError, match="value/impact balance"):
        ScoringFramework(OBJECTIVES, standard_impact_axes(), value_weight=0, impact_weight=0)
    with pytest.raises(ScoringError, match=r"No weights were given.*\(objectives\)"):
        ScoringFramework({}, standard_impact_axes())
    with pytest.raises(ScoringError, match=r"No weights.*\(impact axes\)"):
        ScoringFramework(OBJECTIVES, ())
    with pytest.raises(ScoringError, match=r"'risk' must be zero or positive"):
        ScoringFramework(OBJECTIVES, (ImpactAxis("risk", weight=-1),))
    # Without an impact part no axes are needed.
    ScoringFramework(OBJECTIVES, (), value_weight=1, impact_weight=0)


contribution_values = st.integers(min_value=-3, max_value=3)
impact_values = st.floats(min_value=1, max_value=5)


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(st.sampled_from(sorted(OBJECTIVES)), contribution_values),
    st.dictionaries(st.sampled_from(sorted(MIDDLE)), impact_values),
)
def test_terms_always_sum_to_the_total_in_0_to_100(
    contributions: dict[str, int], impacts: dict[str, float]
) -> None:
    result = priority_score(FRAMEWORK, InitiativeScores("i", contributions, impacts))
    assert math.fsum(t.points for t in result.terms) == pytest.approx(result.total, abs=1e-9)
    assert 0.0 <= result.total <= 100.0
    assert result.incomplete == (len(contributions) < 3 or len(impacts) < 4)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(OBJECTIVES)), contribution_values, contribution_values)
def test_score_rises_with_each_contribution(objective: str, a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert score({objective: low}, MIDDLE) <= score({objective: high}, MIDDLE)


# --- WSJF ---------------------------------------------------------------------------------------


def test_wsjf_is_cost_of_delay_over_job_size() -> None:
    result = wsjf(WsjfInput("epic-1", 8, 5, 3, 4))
    assert (result.cost_of_delay, result.job_size, result.wsjf) == (16.0, 4.0, 4.0)
    assert result.item_id == "epic-1"


@pytest.mark.parametrize(
    ("estimates", "subject"),
    [
        ((8, 5, 3, 0), "job_size"),
        ((8, 5, 3, -2), "job_size"),
        ((-1, 5, 3, 2), "business_value"),
        ((8, math.nan, 3, 2), "time_criticality"),
        ((8, 5, math.inf, 2), "risk_reduction"),
        ((8, 5, 3, True), "job_size"),
    ],
)
def test_wsjf_validation(estimates: tuple[float, float, float, float], subject: str) -> None:
    with pytest.raises(ScoringError) as excinfo:
        wsjf(WsjfInput("epic-1", *estimates))
    assert excinfo.value.subject == subject
    assert "WSJF voor ‘epic-1’" in excinfo.value.message_nl


def test_wsjf_fibonacci_only() -> None:
    assert wsjf(WsjfInput("e", 20, 1, 2, 13), fibonacci_only=True).wsjf == pytest.approx(23 / 13)
    with pytest.raises(ScoringError, match="must be one of 1, 2, 3, 5, 8, 13, 20, not 4"):
        wsjf(WsjfInput("e", 4, 1, 2, 13), fibonacci_only=True)
    assert SAFE_FIBONACCI[-1] == 20


def test_wsjf_ranks_short_jobs_first() -> None:
    jobs = [WsjfInput("big", 13, 8, 5, 20), WsjfInput("small", 5, 3, 2, 2)]
    ranking = rank({job.item_id: wsjf(job).wsjf for job in jobs})
    assert [item.item_id for item in ranking] == ["small", "big"]


# --- Ranking ------------------------------------------------------------------------------------


def test_rank_orders_by_score_then_id() -> None:
    ranking = rank({"c": 50.0, "a": 70.0, "b": 50.0, "d": 10.0})
    assert [(i.item_id, i.position) for i in ranking] == [("a", 1), ("b", 2), ("c", 3), ("d", 4)]


def test_rank_ignores_floating_point_noise() -> None:
    ranking = rank({"z": 0.1 + 0.2, "y": 0.3})
    assert [item.item_id for item in ranking] == ["y", "z"]


def test_rank_rejects_non_finite_scores() -> None:
    with pytest.raises(ScoringError, match="'x' must be a finite number"):
        rank({"x": math.nan})
    assert rank({}) == ()


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.text(alphabet="abcdef", min_size=1, max_size=3),
        st.sampled_from([0.0, 12.5, 50.0, 50.0, 99.9]),
        max_size=20,
    ),
    st.data(),
)
def test_rank_is_deterministic_whatever_the_input_order(
    scores: dict[str, float], data: st.DataObject
) -> None:
    shuffled = dict(data.draw(st.permutations(list(scores.items()))))
    ranking = rank(scores)
    assert rank(shuffled) == ranking
    assert [item.position for item in ranking] == list(range(1, len(scores) + 1))
    keys = [(-item.score, item.item_id) for item in ranking]
    assert keys == sorted(keys)


def test_ranking_diff_reports_moves_additions_and_removals() -> None:
    old = rank({"a": 90, "b": 80, "c": 70, "d": 60})
    new = rank({"c": 95, "a": 90, "b": 80, "e": 10})
    diff = ranking_diff(old, new)

    assert [(m.item_id, m.old_position, m.new_position, m.places) for m in diff.moves] == [
        ("c", 3, 1, 2),
        ("a", 1, 2, -1),
        ("b", 2, 3, -1),
    ]
    assert [m.item_id for m in diff.moved] == ["c", "a", "b"]
    assert [(i.item_id, i.position) for i in diff.added] == [("e", 4)]
    assert [(i.item_id, i.position) for i in diff.removed] == [("d", 4)]
    assert diff.changed


def test_ranking_diff_of_identical_rankings_is_empty() -> None:
    ranking = rank({"a": 3, "b": 2})
    diff = ranking_diff(ranking, ranking)
    assert diff.moved == ()
    assert not diff.changed
    assert [m.places for m in diff.moves] == [0, 0]


def test_ranking_diff_rejects_duplicates() -> None:
    twice = (RankedItem("a", 1.0, 1), RankedItem("a", 1.0, 2))
    with pytest.raises(ScoringError, match="appears twice in the old ranking"):
        ranking_diff(twice, ())


def test_rescoring_under_a_new_framework_version_shows_the_moves() -> None:
    initiatives = [
        InitiativeScores("woningbouw", {"wonen": 3, "klimaat": -1, "veiligheid": 0}, MIDDLE),
        InitiativeScores("zonnepanelen", {"wonen": 0, "klimaat": 3, "veiligheid": 0}, MIDDLE),
        InitiativeScores("cameratoezicht", {"wonen": 0, "klimaat": 0, "veiligheid": 3}, MIDDLE),
    ]
    version_2 = ScoringFramework(
        {"wonen": 0.2, "veiligheid": 0.2, "klimaat": 0.6}, standard_impact_axes()
    )

    def ranking(framework: ScoringFramework) -> tuple[RankedItem, ...]:
        return rank({s.initiative_id: priority_score(framework, s).total for s in initiatives})

    diff = ranking_diff(ranking(FRAMEWORK), ranking(version_2))
    assert [m.item_id for m in diff.moves] == ["zonnepanelen", "cameratoezicht", "woningbouw"]
    assert {m.item_id: m.places for m in diff.moved} == {"zonnepanelen": 2, "woningbouw": -2}
