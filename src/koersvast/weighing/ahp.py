"""Analytic Hierarchy Process (AHP): weights from pairwise comparisons.

Users compare the items of one level of the afwegingskader (e.g. the doelstellingen under one theme)
two at a time on Saaty's 1–9 scale: ``("A", "B"): 3`` means "A is moderately more important than B",
``("A", "B"): 1/3`` the reverse. From these judgements we build the reciprocal comparison matrix,
take its principal eigenvector as the weights, and measure how consistent the judgements are:

* consistency index ``CI = (λmax − n) / (n − 1)``;
* consistency ratio ``CR = CI / RI(n)`` with Saaty's random index ``RI`` (:data:`RANDOM_INDEX`);
  ``CR`` is 0 for ``n ≤ 2`` (such a matrix is always consistent);
* ``CR ≤ 0.10`` is acceptable (:data:`CONSISTENCY_THRESHOLD`); above it the UI shows a warning that
  names the most inconsistent pair (:class:`InconsistentPair`) and suggests a better judgement.

Reference: T.L. Saaty, "Decision making with the analytic hierarchy process", Int. J. Services
Sciences 1(1), 2008, pp. 83–98.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from koersvast.weighing.errors import AhpInputError

FloatMatrix = npt.NDArray[np.float64]

#: Saaty's fundamental scale and its reciprocals: 1/9, 1/8, …, 1/2, 1, 2, …, 9.
SAATY_SCALE: tuple[float, ...] = tuple(1 / k for k in range(9, 1, -1)) + tuple(
    float(k) for k in range(1, 10)
)

#: Saaty's random index RI(n): the mean CI of random reciprocal matrices of order n.
#: Values from T.L. Saaty, *Theory and Applications of the Analytic Network Process*, RWS
#: Publications, 2005, p. 31 (also in Saaty & Vargas, *Models, Methods, Concepts & Applications of
#: the AHP*, 2nd ed., 2012). Older texts (Saaty 1980) give slightly different values
#: (0.58, 0.90, 1.12, 1.24, 1.32, 1.41, …); the later table rests on far more random matrices.
RANDOM_INDEX: Mapping[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.52,
    4: 0.89,
    5: 1.11,
    6: 1.25,
    7: 1.35,
    8: 1.40,
    9: 1.45,
    10: 1.49,
    11: 1.52,
    12: 1.54,
    13: 1.56,
    14: 1.58,
    15: 1.59,
}

#: Largest number of items that can be compared in one matrix (the random index table ends here).
MAX_ITEMS = max(RANDOM_INDEX)

#: A consistency ratio up to and including this value is acceptable (Saaty).
CONSISTENCY_THRESHOLD = 0.10

# Distinct scale values differ by at least 11 % (8 vs 9), so a 0.1 % tolerance cannot confuse them,
# while it accepts judgements such as 0.333 typed for 1/3.
_SCALE_REL_TOL = 1e-3
_RECIPROCAL_REL_TOL = 1e-6
# A pair whose judgement deviates less than this factor from w_i/w_j is not worth naming.
_NEGLIGIBLE_DEVIATION = 1 + 1e-9


@dataclass(frozen=True)
class InconsistentPair:
    """The judgement that disagrees most with the weights (meest inconsistente paar).

    The pair is the one whose judgement ``a`` deviates most from the ratio of the resulting
    weights ``r = w_first / w_second`` (Saaty's ε_ij = a_ij·w_j/w_i), measured as
    ``deviation = max(a / r, r / a)`` (≥ 1; 1 means no disagreement). ``suggested_judgement`` is
    the value on Saaty's scale that, with all other judgements unchanged, makes the matrix most
    consistent (lowest λmax, hence lowest CR); it can differ much from ``implied_ratio`` because
    the weights themselves are pulled towards the faulty judgement.
    """

    first: str
    second: str
    judgement: float
    implied_ratio: float
    suggested_judgement: float
    deviation: float

    @property
    def pair(self) -> tuple[str, str]:
        """The pair as ``(first, second)``."""
        return (self.first, self.second)

    def describe_nl(self) -> str:
        """A Dutch sentence for the consistency warning."""
        return (
            f"Het oordeel ‘{self.first}’ t.o.v. ‘{self.second}’ = "
            f"{format_judgement(self.judgement)} wijkt het meest af van de overige oordelen; "
            f"die wijzen op ongeveer {format_judgement(self.suggested_judgement)}."
        )

    def describe_en(self) -> str:
        """An English sentence for the consistency warning."""
        return (
            f"The judgement '{self.first}' vs '{self.second}' = "
            f"{format_judgement(self.judgement)} deviates most from the other judgements, "
            f"which suggest about {format_judgement(self.suggested_judgement)}."
        )


@dataclass(frozen=True)
class AhpResult:
    """Outcome of an AHP comparison: weights in the order of ``items``, and consistency.

    ``weights`` are positive and sum to 1. ``most_inconsistent_pair`` is ``None`` when the
    judgements are perfectly consistent (always so for two items or fewer).
    """

    weights: tuple[float, ...]
    lambda_max: float
    ci: float
    cr: float
    is_consistent: bool
    most_inconsistent_pair: InconsistentPair | None
    items: tuple[str, ...] = ()

    def weights_by_item(self) -> dict[str, float]:
        """The weights keyed by item id, in item order."""
        return dict(zip(self.items, self.weights, strict=True))


def random_index(n: int) -> float:
    """Saaty's random index RI for a matrix of order ``n`` (1 ≤ n ≤ 15)."""
    try:
        return RANDOM_INDEX[n]
    except KeyError:
        raise AhpInputError(
            f"Voor {n} elementen is geen random index bekend (toegestaan: 1 t/m {MAX_ITEMS}).",
            f"No random index is known for {n} items (allowed: 1 to {MAX_ITEMS}).",
        ) from None


def format_judgement(value: float) -> str:
    """Show a judgement as on the scale: ``"3"``, ``"1/3"``; other ratios with two decimals."""
    for scale_value in SAATY_SCALE:
        if math.isclose(value, scale_value, rel_tol=_SCALE_REL_TOL):
            fraction = Fraction(scale_value).limit_denominator(9)
            return str(fraction)
    return f"{value:.2f}"


def nearest_saaty_value(ratio: float) -> float:
    """The value on Saaty's scale closest to ``ratio`` on a logarithmic axis (clamped to 1/9..9)."""
    if not (math.isfinite(ratio) and ratio > 0):
        raise AhpInputError(
            f"Een verhouding moet een positief getal zijn, niet {ratio!r}.",
            f"A ratio must be a positive number, not {ratio!r}.",
        )
    target = math.log(ratio)
    return min(SAATY_SCALE, key=lambda value: abs(math.log(value) - target))


def judgements_from_upper_triangle(
    items: Sequence[str], values: Sequence[float]
) -> dict[tuple[str, str], float]:
    """Pair the upper-triangle values, row by row, with their item pairs.

    For items ``A, B, C`` the values are read as ``A–B, A–C, B–C``.
    """
    pairs = [(items[i], items[j]) for i in range(len(items)) for j in range(i + 1, len(items))]
    if len(values) != len(pairs):
        raise AhpInputError(
            f"Voor {len(items)} elementen zijn {len(pairs)} oordelen nodig, er zijn er "
            f"{len(values)}.",
            f"{len(items)} items need {len(pairs)} judgements, got {len(values)}.",
        )
    return dict(zip(pairs, values, strict=True))


def pairwise_matrix(
    items: Sequence[str], judgements: Mapping[tuple[str, str], float]
) -> FloatMatrix:
    """Build the reciprocal comparison matrix from one judgement per pair of items.

    ``judgements[(a, b)] = v`` means "a is v times as important as b" and must lie on Saaty's
    scale (1..9 or 1/2..1/9). Each unordered pair must be judged exactly once, in either
    orientation. Raises :class:`AhpInputError` naming the offending pair.
    """
    index = _validate_items(items)
    n = len(items)
    matrix = np.ones((n, n), dtype=np.float64)
    seen: set[frozenset[str]] = set()
    for key, raw_value in judgements.items():
        first, second = _validate_pair(key, index)
        unordered = frozenset((first, second))
        if unordered in seen:
            raise AhpInputError(
                f"Het paar ‘{first}’ en ‘{second}’ is meer dan één keer beoordeeld.",
                f"The pair '{first}' and '{second}' has been judged more than once.",
                pair=(first, second),
            )
        seen.add(unordered)
        value = _snap_to_scale(raw_value, (first, second))
        i, j = index[first], index[second]
        matrix[i, j] = value
        matrix[j, i] = 1.0 / value
    for i in range(n):
        for j in range(i + 1, n):
            if frozenset((items[i], items[j])) not in seen:
                raise AhpInputError(
                    f"Het oordeel voor het paar ‘{items[i]}’ en ‘{items[j]}’ ontbreekt.",
                    f"The judgement for the pair '{items[i]}' and '{items[j]}' is missing.",
                    pair=(items[i], items[j]),
                )
    return matrix


def ahp_weights(items: Sequence[str], judgements: Mapping[tuple[str, str], float]) -> AhpResult:
    """Weights and consistency from Saaty-scale judgements (see :func:`pairwise_matrix`)."""
    return analyse_matrix(pairwise_matrix(items, judgements), items)


def analyse_matrix(
    matrix: FloatMatrix | Sequence[Sequence[float]], items: Sequence[str] | None = None
) -> AhpResult:
    """Principal-eigenvector weights and consistency of a positive reciprocal matrix.

    Unlike :func:`ahp_weights` the entries need not lie on Saaty's scale (useful for derived or
    imported matrices). ``items`` default to ``"0", "1", …``.
    """
    array = _validate_matrix(matrix)
    n = array.shape[0]
    labels = tuple(items) if items is not None else tuple(str(i) for i in range(n))
    _validate_items(labels)
    if len(labels) != n:
        raise AhpInputError(
            f"Er zijn {len(labels)} namen voor een matrix van {n} bij {n}.",
            f"Got {len(labels)} item names for a {n} by {n} matrix.",
        )
    weights, lambda_max = _principal_eigenvector(array)
    if n <= 2:
        ci = cr = 0.0
    else:
        ci = max(0.0, (lambda_max - n) / (n - 1))
        cr = ci / random_index(n)
    return AhpResult(
        weights=tuple(float(w) for w in weights),
        lambda_max=lambda_max,
        ci=ci,
        cr=cr,
        is_consistent=cr <= CONSISTENCY_THRESHOLD,
        most_inconsistent_pair=_most_inconsistent_pair(array, weights, labels),
        items=labels,
    )


def _principal_eigenvector(matrix: FloatMatrix) -> tuple[FloatMatrix, float]:
    # Perron–Frobenius: a positive matrix has a simple real eigenvalue of largest modulus with a
    # positive eigenvector; eig returns it among complex ones, so take the largest real part.
    eigenvalues, eigenvectors = np.linalg.eig(matrix)
    k = int(np.argmax(eigenvalues.real))
    vector = eigenvectors[:, k].real
    weights = np.abs(vector / vector.sum())
    return weights / weights.sum(), float(eigenvalues[k].real)


def _most_inconsistent_pair(
    matrix: FloatMatrix, weights: FloatMatrix, items: tuple[str, ...]
) -> InconsistentPair | None:
    n = matrix.shape[0]
    worst: tuple[float, int, int] | None = None
    for i in range(n):
        for j in range(i + 1, n):
            judgement = float(matrix[i, j])
            implied = float(weights[i] / weights[j])
            deviation = max(judgement / implied, implied / judgement)
            if deviation > _NEGLIGIBLE_DEVIATION and (worst is None or deviation > worst[0]):
                worst = (deviation, i, j)
    if worst is None:
        return None
    deviation, i, j = worst
    implied = float(weights[i] / weights[j])
    return InconsistentPair(
        first=items[i],
        second=items[j],
        judgement=float(matrix[i, j]),
        implied_ratio=implied,
        suggested_judgement=_best_replacement(matrix, i, j, implied),
        deviation=deviation,
    )


def _best_replacement(matrix: FloatMatrix, i: int, j: int, implied: float) -> float:
    # The weights are pulled towards the faulty judgement itself, so w_i/w_j understates the fix
    # (a single reversed judgement can yield 1/2 where the rest say 8). Instead try every scale
    # value for this pair, the others unchanged, and keep the one giving the lowest λmax (= CR);
    # ties go to the value closest to w_i/w_j.
    trial = matrix.copy()
    candidates: list[tuple[float, float, float]] = []
    for value in SAATY_SCALE:
        trial[i, j] = value
        trial[j, i] = 1.0 / value
        lambda_max = float(np.max(np.linalg.eigvals(trial).real))
        closeness = abs(math.log(value) - math.log(implied))
        candidates.append((round(lambda_max, 9), closeness, value))
    return min(candidates)[2]


def _validate_items(items: Sequence[str]) -> dict[str, int]:
    if isinstance(items, str):
        raise AhpInputError(
            "Geef de elementen als lijst, niet als één tekst.",
            "Give the items as a list, not as one string.",
        )
    if not items:
        raise AhpInputError(
            "Er is niets om te vergelijken: de lijst met elementen is leeg.",
            "There is nothing to compare: the list of items is empty.",
        )
    if len(items) > MAX_ITEMS:
        raise AhpInputError(
            f"Te veel elementen om paarsgewijs te vergelijken ({len(items)}; maximaal "
            f"{MAX_ITEMS}). Deel ze op in subdoelen.",
            f"Too many items for pairwise comparison ({len(items)}; at most {MAX_ITEMS}). "
            "Group them into sub-objectives.",
        )
    index: dict[str, int] = {}
    for position, item in enumerate(items):
        if item in index:
            raise AhpInputError(
                f"Het element ‘{item}’ komt twee keer voor.",
                f"The item '{item}' occurs twice.",
            )
        index[item] = position
    return index


def _validate_pair(key: object, index: Mapping[str, int]) -> tuple[str, str]:
    if not (isinstance(key, tuple) and len(key) == 2):
        raise AhpInputError(
            f"Een oordeel hoort bij een paar (a, b), niet bij {key!r}.",
            f"A judgement belongs to a pair (a, b), not to {key!r}.",
        )
    first, second = key
    for item in (first, second):
        if item not in index:
            raise AhpInputError(
                f"Onbekend element ‘{item}’ in het paar ‘{first}’ en ‘{second}’.",
                f"Unknown item '{item}' in the pair '{first}' and '{second}'.",
                pair=(str(first), str(second)),
            )
    if first == second:
        raise AhpInputError(
            f"Een element kan niet met zichzelf vergeleken worden: ‘{first}’.",
            f"An item cannot be compared with itself: '{first}'.",
            pair=(first, second),
        )
    return first, second


def _snap_to_scale(value: object, pair: tuple[str, str]) -> float:
    first, second = pair
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
        if math.isfinite(number) and number > 0:
            for scale_value in SAATY_SCALE:
                if math.isclose(number, scale_value, rel_tol=_SCALE_REL_TOL):
                    return scale_value
    raise AhpInputError(
        f"Het oordeel {value!r} voor ‘{first}’ t.o.v. ‘{second}’ ligt niet op de schaal van "
        "Saaty (1 t/m 9, of 1/2 t/m 1/9).",
        f"The judgement {value!r} for '{first}' vs '{second}' is not on Saaty's scale "
        "(1 to 9, or 1/2 to 1/9).",
        pair=pair,
    )


def _validate_matrix(matrix: FloatMatrix | Sequence[Sequence[float]]) -> FloatMatrix:
    try:
        array = np.asarray(matrix, dtype=np.float64)
    except (TypeError, ValueError):
        raise AhpInputError(
            "De vergelijkingsmatrix bevat iets anders dan getallen of is niet rechthoekig.",
            "The comparison matrix contains non-numbers or is ragged.",
        ) from None
    if array.ndim != 2 or array.shape[0] != array.shape[1] or array.shape[0] == 0:
        raise AhpInputError(
            f"De vergelijkingsmatrix moet vierkant en niet leeg zijn (vorm {array.shape}).",
            f"The comparison matrix must be square and non-empty (shape {array.shape}).",
        )
    n = array.shape[0]
    if n > MAX_ITEMS:
        random_index(n)  # raises the error about the size
    for i in range(n):
        for j in range(n):
            value = float(array[i, j])
            if not (math.isfinite(value) and value > 0):
                raise AhpInputError(
                    f"Cel ({i}, {j}) van de matrix moet een positief getal zijn, niet {value}.",
                    f"Cell ({i}, {j}) of the matrix must be a positive number, not {value}.",
                    pair=(str(i), str(j)),
                )
            if not math.isclose(value * float(array[j, i]), 1.0, rel_tol=_RECIPROCAL_REL_TOL):
                raise AhpInputError(
                    f"De matrix is niet reciprook: cel ({i}, {j}) × cel ({j}, {i}) ≠ 1.",
                    f"The matrix is not reciprocal: cell ({i}, {j}) × cell ({j}, {i}) ≠ 1.",
                    pair=(str(i), str(j)),
                )
    return array
