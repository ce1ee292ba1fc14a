"""Group AHP: several people judge the same pairs; one set of weights for the group.

* **Aggregation of individual judgements (AIJ)**: the group matrix is the element-wise
  geometric mean of the participants' reciprocal matrices, ``a_ij = (Π_k a_ij^k)^(1/K)``. It is
  the only aggregation that keeps the matrix reciprocal and satisfies the Pareto principle
  (Aczél & Saaty, "Procedures for synthesizing ratio judgements", J. Math. Psych. 27, 1983;
  Forman & Peniwati, "Aggregating individual judgments and priorities with the AHP", EJOR 108,
  1998). Its principal eigenvector gives the group weights, its CR the group consistency.
* **Consensus**: Goepel's AHP consensus indicator, the *relative homogeneity* ``S`` of the
  participants' priority vectors based on Shannon entropy (α, β and γ diversity):
  ``Hα = mean_k(−Σ_j w_kj ln w_kj)``, ``Hγ = −Σ_j w̄_j ln w̄_j`` with ``w̄`` the mean vector,
  ``Dβ = exp(Hγ − Hα)`` (1 ≤ Dβ ≤ K) and ``S = (1/Dβ − 1/K) / (1 − 1/K)``: 1 when everyone
  arrives at the same weights, 0 when the participants' priorities do not overlap at all.
  K. D. Goepel, "Implementing the Analytic Hierarchy Process as a Standard Method for
  Multi-Criteria Decision Making in Corporate Enterprises – a New AHP Excel Template with
  Multiple Inputs", Proceedings of the ISAHP 2013, Kuala Lumpur; and "Implementation of an
  Online Software Tool for the Analytic Hierarchy Process (AHP-OS)", IJAHP 10(3), 2018.
* **Where opinions differ**: per pair the spread of the participants' judgements on a log
  scale (the geometric standard deviation ``exp(sd(ln a_ij^k))``); the widest pairs are the
  ones to discuss.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from koersvast.weighing.ahp import AhpResult, FloatMatrix, analyse_matrix, pairwise_matrix
from koersvast.weighing.errors import AhpInputError

Judgements = Mapping[tuple[str, str], float]

#: Goepel's reading of the consensus S (AHP-OS): below 0.5 very low … from 0.85 very high.
CONSENSUS_BANDS: tuple[tuple[float, str], ...] = (
    (0.85, "very_high"),
    (0.75, "high"),
    (0.65, "moderate"),
    (0.50, "low"),
    (0.0, "very_low"),
)


@dataclass(frozen=True)
class PairSpread:
    """How far the participants' judgements of one pair lie apart.

    ``judgements`` are the participants' ratios (first over second) in participant order;
    ``spread`` is their geometric standard deviation (1 when all agree), ``group`` the
    aggregated judgement.
    """

    first: str
    second: str
    judgements: tuple[float, ...]
    group: float
    spread: float


@dataclass(frozen=True)
class GroupAhpResult:
    """The group's weights (AIJ), each participant's own result, the consensus and the spread."""

    aggregate: AhpResult
    individuals: tuple[AhpResult, ...]
    consensus: float
    pairs: tuple[PairSpread, ...]

    @property
    def consensus_band(self) -> str:
        return consensus_band(self.consensus)

    def most_divergent(self, count: int = 3) -> tuple[PairSpread, ...]:
        """The pairs on which opinions differ most (widest spread first), spread above 1."""
        ranked = sorted(self.pairs, key=lambda p: (-p.spread, p.first, p.second))
        return tuple(p for p in ranked if p.spread > 1 + 1e-9)[:count]


def aggregate_matrices(matrices: Sequence[FloatMatrix]) -> FloatMatrix:
    """Element-wise geometric mean of positive reciprocal matrices of the same order."""
    if not matrices:
        raise AhpInputError(
            "Er zijn geen oordelen om samen te voegen.", "There are no judgements to aggregate."
        )
    shape = matrices[0].shape
    if any(m.shape != shape for m in matrices):
        raise AhpInputError(
            "De matrices van de deelnemers hebben niet dezelfde grootte.",
            "The participants' matrices differ in size.",
        )
    logs = np.stack([np.log(m) for m in matrices])
    result: FloatMatrix = np.exp(logs.mean(axis=0))
    # Exact reciprocity (the mean of logs is antisymmetric up to rounding).
    lower = np.tril_indices(shape[0], -1)
    result[lower] = 1.0 / result.T[lower]
    np.fill_diagonal(result, 1.0)
    return result


def aggregate_judgements(items: Sequence[str], individuals: Sequence[Judgements]) -> FloatMatrix:
    """The group matrix (AIJ) from each participant's Saaty-scale judgements of every pair."""
    return aggregate_matrices([pairwise_matrix(items, j) for j in individuals])


def consensus(weight_vectors: Sequence[Sequence[float]]) -> float:
    """Goepel's relative homogeneity S of the participants' priority vectors (0..1).

    One participant is in full agreement with themself (1.0).
    """
    if not weight_vectors:
        raise AhpInputError("Er zijn geen gewichten.", "There are no weights.")
    vectors = np.asarray(weight_vectors, dtype=np.float64)
    if vectors.ndim != 2 or vectors.shape[1] == 0:
        raise AhpInputError(
            "De gewichten van de deelnemers zijn niet even lang.",
            "The participants' weight vectors differ in length.",
        )
    if np.any(vectors < 0) or not np.all(np.isfinite(vectors)):
        raise AhpInputError(
            "Gewichten moeten positieve getallen zijn.", "Weights must be positive numbers."
        )
    vectors = vectors / vectors.sum(axis=1, keepdims=True)
    k = vectors.shape[0]
    if k == 1:
        return 1.0
    h_alpha = float(np.mean([_entropy(v) for v in vectors]))
    h_gamma = _entropy(vectors.mean(axis=0))
    d_beta = math.exp(max(0.0, h_gamma - h_alpha))
    value = (1.0 / d_beta - 1.0 / k) / (1.0 - 1.0 / k)
    return min(1.0, max(0.0, value))


def consensus_band(value: float) -> str:
    """Goepel's band for a consensus value: very_low, low, moderate, high, very_high."""
    for threshold, band in CONSENSUS_BANDS:
        if value >= threshold:
            return band
    return "very_low"


def group_ahp(items: Sequence[str], individuals: Sequence[Judgements]) -> GroupAhpResult:
    """Weights (AIJ), per-participant results, consensus and per-pair spread of one group."""
    matrices = [pairwise_matrix(items, j) for j in individuals]
    if not matrices:
        raise AhpInputError(
            "Er zijn geen oordelen om samen te voegen.", "There are no judgements to aggregate."
        )
    aggregate = aggregate_matrices(matrices)
    individual_results = tuple(analyse_matrix(m, items) for m in matrices)
    n = len(items)
    pairs = []
    for i in range(n):
        for j in range(i + 1, n):
            values = tuple(float(m[i, j]) for m in matrices)
            logs = np.log(np.asarray(values))
            pairs.append(
                PairSpread(
                    first=items[i],
                    second=items[j],
                    judgements=values,
                    group=float(aggregate[i, j]),
                    spread=float(math.exp(float(np.std(logs)))),
                )
            )
    return GroupAhpResult(
        aggregate=analyse_matrix(aggregate, items),
        individuals=individual_results,
        consensus=consensus([r.weights for r in individual_results]),
        pairs=tuple(pairs),
    )


def _entropy(vector: FloatMatrix) -> float:
    positive = vector[vector > 0]
    return float(-(positive * np.log(positive)).sum())
