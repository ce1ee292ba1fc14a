"""Priority scores of initiatives under an afwegingskader, WSJF, and rankings.

Priority score (prioriteitsscore), 0–100
----------------------------------------
An initiative is scored on two parts, combined with configurable part weights
(defaults :data:`DEFAULT_VALUE_WEIGHT` = 0.7 and :data:`DEFAULT_IMPACT_WEIGHT` = 0.3; they are
normalised, so 7 and 3 mean the same):

* **Value** (waarde): its bijdrage to each scored doelstelling (a leaf of the objective tree) on the
  integer scale −3…+3, weighted by the objectives' global weights. With ``c`` the contributions
  and ``w`` the weights (summing to 1), ``value_part = 0.5 + Σ w·c / 6``, which runs from 0
  (−3 everywhere) via 0.5 (no contribution anywhere) to 1 (+3 everywhere). Negative contributions
  lower the score.
* **Impact** (impact): a score per impactas (e.g. complexity, risk, capacity demand, urgency) on
  the axis's own scale, rescaled to 0..1 with 1 the favourable end (so for "higher is worse" axes
  the scale is flipped), weighted by the axis weights: ``impact_part = Σ v·n``.

``score = 100 × (value_weight × value_part + impact_weight × impact_part)``.

Explanation ("waarom staat dit hier?")
--------------------------------------
:attr:`PriorityScore.terms` lists every term with its raw score, weights and points; the points sum
to the total. The first term is the *baseline* ``50 × value_weight``: the score of an initiative
that contributes nothing, which keeps negative contributions visible as negative points. Each
objective term is ``100 × value_weight × w × c / 6`` and each axis term
``100 × impact_weight × v × n``.

Missing scores
--------------
A missing score adds 0 points and the result is flagged :attr:`PriorityScore.incomplete`, naming
what is missing. For an objective that equals a contribution of 0; for an impact axis it equals the
least favourable end of the axis, so that leaving a score empty never raises a priority.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from koersvast.weighing.errors import ScoringError, WeightError
from koersvast.weighing.weights import normalise_weights

#: Bounds of the contribution (bijdrage) scale.
CONTRIBUTION_MIN = -3
CONTRIBUTION_MAX = 3

DEFAULT_VALUE_WEIGHT = 0.7
DEFAULT_IMPACT_WEIGHT = 0.3

#: The modified Fibonacci numbers SAFe uses for WSJF estimates.
SAFE_FIBONACCI: tuple[int, ...] = (1, 2, 3, 5, 8, 13, 20)

_CONTRIBUTION_RANGE = CONTRIBUTION_MAX - CONTRIBUTION_MIN


class Direction(StrEnum):
    """Whether a higher score on an impact axis is better or worse (richting van een impactas)."""

    HIGHER_IS_BETTER = "higher_is_better"
    HIGHER_IS_WORSE = "higher_is_worse"


class TermKind(StrEnum):
    """What a term of a score explanation refers to."""

    BASELINE = "baseline"
    OBJECTIVE = "objective"
    IMPACT = "impact"


@dataclass(frozen=True)
class ImpactAxis:
    """An impactas: a scale ``scale_min..scale_max``, a direction and a weight among the axes."""

    id: str
    weight: float = 1.0
    scale_min: float = 1.0
    scale_max: float = 5.0
    direction: Direction = Direction.HIGHER_IS_WORSE

    def __post_init__(self) -> None:
        bounds = (self.scale_min, self.scale_max)
        if not all(_is_number(b) and math.isfinite(b) for b in bounds) or not (
            self.scale_min < self.scale_max
        ):
            raise ScoringError(
                f"De schaal van impactas ‘{self.id}’ moet van laag naar hoog lopen "
                f"(nu {self.scale_min} tot {self.scale_max}).",
                f"The scale of impact axis '{self.id}' must run from low to high "
                f"(now {self.scale_min} to {self.scale_max}).",
                subject=self.id,
            )
        if not isinstance(self.direction, Direction):
            raise ScoringError(
                f"Onbekende richting {self.direction!r} voor impactas ‘{self.id}’.",
                f"Unknown direction {self.direction!r} for impact axis '{self.id}'.",
                subject=self.id,
            )

    def normalise(self, value: float) -> float:
        """Rescale ``value`` to 0..1, where 1 is the favourable end of the axis."""
        share = (value - self.scale_min) / (self.scale_max - self.scale_min)
        return share if self.direction is Direction.HIGHER_IS_BETTER else 1.0 - share


def standard_impact_axes() -> tuple[ImpactAxis, ...]:
    """The four axes of the issue, equally weighted on a 1–5 scale: a starting point to adapt."""
    return (
        ImpactAxis("complexity"),
        ImpactAxis("risk"),
        ImpactAxis("capacity_demand"),
        ImpactAxis("urgency", direction=Direction.HIGHER_IS_BETTER),
    )


@dataclass(frozen=True)
class ScoringFramework:
    """The scoring part of a published afwegingskader version.

    ``objective_weights`` are the weights of the scored doelstellingen (the leaves of the tree,
    e.g. from :func:`~koersvast.weighing.weights.leaf_weights`); like the axis weights and the two
    part weights they are normalised here, into ``objective_shares``, ``axis_shares``,
    ``value_share`` and ``impact_share`` (each group sums to 1). Raises :class:`ScoringError` on
    invalid settings.
    """

    objective_weights: Mapping[str, float]
    axes: tuple[ImpactAxis, ...] = ()
    value_weight: float = DEFAULT_VALUE_WEIGHT
    impact_weight: float = DEFAULT_IMPACT_WEIGHT
    objective_shares: Mapping[str, float] = field(init=False, repr=False, compare=False)
    axis_shares: Mapping[str, float] = field(init=False, repr=False, compare=False)
    value_share: float = field(init=False, repr=False, compare=False)
    impact_share: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        parts = _shares(
            {"value": self.value_weight, "impact": self.impact_weight},
            "de verhouding waarde/impact",
            "the value/impact balance",
        )
        axis_ids = [axis.id for axis in self.axes]
        duplicate = next((a for a in axis_ids if axis_ids.count(a) > 1), None)
        if duplicate is not None:
            raise ScoringError(
                f"De impactas ‘{duplicate}’ komt twee keer voor.",
                f"The impact axis '{duplicate}' occurs twice.",
                subject=duplicate,
            )
        objectives: dict[str, float] = {}
        if self.objective_weights or parts["value"] > 0:
            objectives = _shares(self.objective_weights, "doelstellingen", "objectives")
        axes: dict[str, float] = {}
        if self.axes or parts["impact"] > 0:
            weights = {axis.id: axis.weight for axis in self.axes}
            axes = _shares(weights, "impactassen", "impact axes")
        object.__setattr__(self, "value_share", parts["value"])
        object.__setattr__(self, "impact_share", parts["impact"])
        object.__setattr__(self, "objective_shares", objectives)
        object.__setattr__(self, "axis_shares", axes)


@dataclass(frozen=True)
class InitiativeScores:
    """What was scored for one initiative: bijdrage per doelstelling and score per impactas."""

    initiative_id: str
    contributions: Mapping[str, int] = field(default_factory=dict)
    impacts: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ScoreTerm:
    """One line of a score explanation.

    ``points = 100 × part_weight × weight × normalised``. ``weight`` is the objective's or axis's
    share within its part, ``part_weight`` the share of the value or impact part. ``normalised`` is
    ``c / 6`` for an objective (−0.5..0.5), 0..1 for an axis (1 favourable) and 0.5 for the
    baseline. ``raw_score`` is ``None`` for the baseline and for a missing score.
    """

    kind: TermKind
    ref_id: str
    raw_score: float | None
    normalised: float
    weight: float
    part_weight: float
    points: float
    missing: bool = False


@dataclass(frozen=True)
class PriorityScore:
    """The priority score (0–100) of an initiative with its explanation."""

    initiative_id: str
    total: float
    value_part: float
    impact_part: float
    terms: tuple[ScoreTerm, ...]
    missing_objectives: tuple[str, ...] = ()
    missing_axes: tuple[str, ...] = ()

    @property
    def incomplete(self) -> bool:
        """True when a doelstelling or impactas has no score (it counted as 0 points)."""
        return bool(self.missing_objectives or self.missing_axes)


def priority_score(framework: ScoringFramework, scores: InitiativeScores) -> PriorityScore:
    """Score an initiative under ``framework`` and explain the score (see the module docstring).

    Raises :class:`ScoringError` for a contribution outside −3…+3 or not a whole number, an impact
    score outside its axis's scale, or a score for an unknown objective or axis.
    """
    _check_known(scores, framework)
    value_share = framework.value_share
    impact_share = framework.impact_share
    terms = [
        ScoreTerm(
            kind=TermKind.BASELINE,
            ref_id="",
            raw_score=None,
            normalised=0.5,
            weight=1.0,
            part_weight=value_share,
            points=50.0 * value_share,
        )
    ]
    missing_objectives: list[str] = []
    for objective_id, weight in framework.objective_shares.items():
        raw = scores.contributions.get(objective_id)
        if raw is None:
            missing_objectives.append(objective_id)
            normalised = 0.0
        else:
            normalised = _checked_contribution(raw, objective_id, scores) / _CONTRIBUTION_RANGE
        terms.append(
            ScoreTerm(
                kind=TermKind.OBJECTIVE,
                ref_id=objective_id,
                raw_score=None if raw is None else float(raw),
                normalised=normalised,
                weight=weight,
                part_weight=value_share,
                points=100.0 * value_share * weight * normalised,
                missing=raw is None,
            )
        )
    missing_axes: list[str] = []
    for axis in framework.axes:
        weight = framework.axis_shares[axis.id]
        value = scores.impacts.get(axis.id)
        if value is None:
            missing_axes.append(axis.id)
            normalised = 0.0
        else:
            normalised = axis.normalise(_checked_impact(value, axis, scores))
        terms.append(
            ScoreTerm(
                kind=TermKind.IMPACT,
                ref_id=axis.id,
                raw_score=None if value is None else float(value),
                normalised=normalised,
                weight=weight,
                part_weight=impact_share,
                points=100.0 * impact_share * weight * normalised,
                missing=value is None,
            )
        )
    value_part = 0.5 + math.fsum(
        t.weight * t.normalised for t in terms if t.kind is TermKind.OBJECTIVE
    )
    impact_part = math.fsum(t.weight * t.normalised for t in terms if t.kind is TermKind.IMPACT)
    total = min(100.0, max(0.0, math.fsum(t.points for t in terms)))
    return PriorityScore(
        initiative_id=scores.initiative_id,
        total=total,
        value_part=value_part,
        impact_part=impact_part,
        terms=tuple(terms),
        missing_objectives=tuple(missing_objectives),
        missing_axes=tuple(missing_axes),
    )


# --- WSJF (SAFe) -----------------------------------------------------------------------------


@dataclass(frozen=True)
class WsjfInput:
    """Estimates for Weighted Shortest Job First (SAFe), usually on the modified Fibonacci scale.

    ``risk_reduction`` stands for risk reduction and/or opportunity enablement.
    """

    item_id: str
    business_value: float
    time_criticality: float
    risk_reduction: float
    job_size: float


@dataclass(frozen=True)
class WsjfScore:
    """``wsjf = cost_of_delay / job_size``, with ``cost_of_delay`` the sum of the three values."""

    item_id: str
    cost_of_delay: float
    job_size: float
    wsjf: float


_WSJF_FIELDS: tuple[tuple[str, str], ...] = (
    ("business_value", "bedrijfs- en gebruikerswaarde (user-business value)"),
    ("time_criticality", "tijdkritiek (time criticality)"),
    ("risk_reduction", "risicoreductie/kansen (risk reduction / opportunity enablement)"),
    ("job_size", "omvang (job size)"),
)


def wsjf(item: WsjfInput, *, fibonacci_only: bool = False) -> WsjfScore:
    """Weighted Shortest Job First: cost of delay divided by job size.

    All estimates must be finite and non-negative and the job size above zero; with
    ``fibonacci_only`` each must be one of :data:`SAFE_FIBONACCI`. Raises :class:`ScoringError`
    naming the field.
    """
    for name, label in _WSJF_FIELDS:
        value = getattr(item, name)
        if not (_is_number(value) and math.isfinite(value) and value >= 0):
            raise ScoringError(
                f"WSJF voor ‘{item.item_id}’: {label} moet een getal van 0 of meer zijn, "
                f"niet {value!r}.",
                f"WSJF for '{item.item_id}': {name} must be a number of 0 or more, not {value!r}.",
                subject=name,
            )
        if fibonacci_only and value not in SAFE_FIBONACCI:
            allowed = ", ".join(str(v) for v in SAFE_FIBONACCI)
            raise ScoringError(
                f"WSJF voor ‘{item.item_id}’: {label} moet een van {allowed} zijn, niet {value}.",
                f"WSJF for '{item.item_id}': {name} must be one of {allowed}, not {value}.",
                subject=name,
            )
    if item.job_size <= 0:
        raise ScoringError(
            f"WSJF voor ‘{item.item_id}’: de omvang (job size) moet groter dan 0 zijn.",
            f"WSJF for '{item.item_id}': the job size must be greater than 0.",
            subject="job_size",
        )
    cost_of_delay = float(item.business_value + item.time_criticality + item.risk_reduction)
    return WsjfScore(
        item_id=item.item_id,
        cost_of_delay=cost_of_delay,
        job_size=float(item.job_size),
        wsjf=cost_of_delay / item.job_size,
    )


# --- Ranking -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankedItem:
    """An item's place in a ranking; ``position`` starts at 1."""

    item_id: str
    score: float
    position: int


@dataclass(frozen=True)
class RankMove:
    """How an item moved between two rankings; ``places > 0`` means it moved up."""

    item_id: str
    old_position: int
    new_position: int

    @property
    def places(self) -> int:
        """Places gained (positive) or lost (negative)."""
        return self.old_position - self.new_position


@dataclass(frozen=True)
class RankingDiff:
    """Differences between two rankings (e.g. before and after re-scoring under a new version).

    ``moves`` holds every item in both rankings in new order, unchanged ones included;
    ``added`` and ``removed`` the items in only one of them.
    """

    moves: tuple[RankMove, ...]
    added: tuple[RankedItem, ...] = ()
    removed: tuple[RankedItem, ...] = ()

    @property
    def moved(self) -> tuple[RankMove, ...]:
        """Only the items whose position changed."""
        return tuple(move for move in self.moves if move.places != 0)

    @property
    def changed(self) -> bool:
        """True when any item moved, appeared or disappeared."""
        return bool(self.moved or self.added or self.removed)


def rank(scores: Mapping[str, float], *, ndigits: int = 9) -> tuple[RankedItem, ...]:
    """Rank items by score, highest first; equal scores are ordered by item id.

    Scores are compared after rounding to ``ndigits`` decimals, so that floating-point noise
    (0.1 + 0.2 vs 0.3) does not decide between items that score the same. Positions are 1..n.
    """
    for item_id, score in scores.items():
        if not (_is_number(score) and math.isfinite(score)):
            raise ScoringError(
                f"De score van ‘{item_id}’ moet een eindig getal zijn, niet {score!r}.",
                f"The score of '{item_id}' must be a finite number, not {score!r}.",
                subject=item_id,
            )
    ordered = sorted(scores.items(), key=lambda pair: (-round(pair[1], ndigits), pair[0]))
    return tuple(
        RankedItem(item_id=item_id, score=float(score), position=position)
        for position, (item_id, score) in enumerate(ordered, start=1)
    )


def ranking_diff(old: Sequence[RankedItem], new: Sequence[RankedItem]) -> RankingDiff:
    """Which items moved between ``old`` and ``new``, and by how many places."""
    old_by_id = _by_id(old, "oude", "old")
    new_by_id = _by_id(new, "nieuwe", "new")
    in_new_order = sorted(new_by_id.values(), key=lambda item: item.position)
    moves = tuple(
        RankMove(item.item_id, old_by_id[item.item_id].position, item.position)
        for item in in_new_order
        if item.item_id in old_by_id
    )
    added = tuple(item for item in in_new_order if item.item_id not in old_by_id)
    removed = tuple(
        item
        for item in sorted(old_by_id.values(), key=lambda item: item.position)
        if item.item_id not in new_by_id
    )
    return RankingDiff(moves=moves, added=added, removed=removed)


# --- Helpers -----------------------------------------------------------------------------------


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _shares(weights: Mapping[str, float], what_nl: str, what_en: str) -> dict[str, float]:
    try:
        return normalise_weights(weights)
    except WeightError as error:
        raise ScoringError(
            f"{error.message_nl} ({what_nl})",
            f"{error.message_en} ({what_en})",
            subject=error.subject,
        ) from error


def _check_known(scores: InitiativeScores, framework: ScoringFramework) -> None:
    for objective_id in scores.contributions:
        if objective_id not in framework.objective_shares:
            raise ScoringError(
                f"‘{scores.initiative_id}’ heeft een bijdrage aan ‘{objective_id}’, maar dat is "
                "geen te scoren doelstelling in dit afwegingskader.",
                f"'{scores.initiative_id}' has a contribution to '{objective_id}', which is not a "
                "scored objective in this framework.",
                subject=objective_id,
            )
    for axis_id in scores.impacts:
        if axis_id not in framework.axis_shares:
            raise ScoringError(
                f"‘{scores.initiative_id}’ heeft een score op ‘{axis_id}’, maar dat is geen "
                "impactas in dit afwegingskader.",
                f"'{scores.initiative_id}' has a score on '{axis_id}', which is not an impact axis "
                "in this framework.",
                subject=axis_id,
            )


def _checked_contribution(value: object, objective_id: str, scores: InitiativeScores) -> int:
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and CONTRIBUTION_MIN <= value <= CONTRIBUTION_MAX
    ):
        return value
    raise ScoringError(
        f"De bijdrage van ‘{scores.initiative_id}’ aan ‘{objective_id}’ moet een geheel getal van "
        f"{CONTRIBUTION_MIN} t/m +{CONTRIBUTION_MAX} zijn, niet {value!r}.",
        f"The contribution of '{scores.initiative_id}' to '{objective_id}' must be a whole number "
        f"from {CONTRIBUTION_MIN} to +{CONTRIBUTION_MAX}, not {value!r}.",
        subject=objective_id,
    )


def _checked_impact(value: object, axis: ImpactAxis, scores: InitiativeScores) -> float:
    if (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and axis.scale_min <= value <= axis.scale_max
    ):
        return float(value)
    raise ScoringError(
        f"De score van ‘{scores.initiative_id}’ op ‘{axis.id}’ moet tussen {axis.scale_min} en "
        f"{axis.scale_max} liggen, niet {value!r}.",
        f"The score of '{scores.initiative_id}' on '{axis.id}' must lie between {axis.scale_min} "
        f"and {axis.scale_max}, not {value!r}.",
        subject=axis.id,
    )


def _by_id(items: Sequence[RankedItem], which_nl: str, which_en: str) -> dict[str, RankedItem]:
    result: dict[str, RankedItem] = {}
    for item in items:
        if item.item_id in result:
            raise ScoringError(
                f"‘{item.item_id}’ staat twee keer in de {which_nl} rangorde.",
                f"'{item.item_id}' appears twice in the {which_en} ranking.",
                subject=item.item_id,
            )
        result[item.item_id] = item
    return result
