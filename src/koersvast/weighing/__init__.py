"""The weighing engine of the afwegingskader: AHP, weights, priority scores, WSJF and rankings.

Pure Python (numpy only, no Django): the framework app translates its models into these
dataclasses and back.
"""

from __future__ import annotations

from koersvast.weighing.ahp import (
    CONSISTENCY_THRESHOLD,
    RANDOM_INDEX,
    SAATY_SCALE,
    AhpResult,
    InconsistentPair,
    ahp_weights,
    analyse_matrix,
    judgements_from_upper_triangle,
    pairwise_matrix,
)
from koersvast.weighing.errors import AhpInputError, ScoringError, WeighingError, WeightError
from koersvast.weighing.group import (
    GroupAhpResult,
    PairSpread,
    aggregate_judgements,
    aggregate_matrices,
    consensus,
    consensus_band,
    group_ahp,
)
from koersvast.weighing.scoring import (
    Direction,
    ImpactAxis,
    InitiativeScores,
    PriorityScore,
    RankedItem,
    RankingDiff,
    RankMove,
    ScoreTerm,
    ScoringFramework,
    TermKind,
    WsjfInput,
    WsjfScore,
    priority_score,
    rank,
    ranking_diff,
    standard_impact_axes,
    wsjf,
)
from koersvast.weighing.weights import (
    NodeWeight,
    ObjectiveWeight,
    global_weights,
    leaf_weights,
    normalise_weights,
    percentages,
)

__all__ = [
    "CONSISTENCY_THRESHOLD",
    "RANDOM_INDEX",
    "SAATY_SCALE",
    "AhpInputError",
    "AhpResult",
    "Direction",
    "GroupAhpResult",
    "ImpactAxis",
    "InconsistentPair",
    "InitiativeScores",
    "NodeWeight",
    "ObjectiveWeight",
    "PairSpread",
    "PriorityScore",
    "RankMove",
    "RankedItem",
    "RankingDiff",
    "ScoreTerm",
    "ScoringError",
    "ScoringFramework",
    "TermKind",
    "WeighingError",
    "WeightError",
    "WsjfInput",
    "WsjfScore",
    "aggregate_judgements",
    "aggregate_matrices",
    "ahp_weights",
    "analyse_matrix",
    "consensus",
    "consensus_band",
    "global_weights",
    "group_ahp",
    "judgements_from_upper_triangle",
    "leaf_weights",
    "normalise_weights",
    "pairwise_matrix",
    "percentages",
    "priority_score",
    "rank",
    "ranking_diff",
    "standard_impact_axes",
    "wsjf",
]
