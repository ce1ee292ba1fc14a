"""The ranked backlog (by framework score or WSJF) and the priority scores it ranks by."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, overload

from django.db.models import QuerySet

from koersvast.framework.models import Framework
from koersvast.framework.selectors.versions import scoring_framework
from koersvast.portfolio.choices import LifecycleState
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality
from koersvast.weighing import InitiativeScores, priority_score

from ..choices import RankingMethod
from ..models import Contribution, ImpactScore, IntakeSettings, PriorityScore, WsjfEstimate
from ..services.scoring import published_framework
from .board import LIST_FIELDS

BACKLOG_STATES = [
    LifecycleState.ADVICE,
    LifecycleState.DECISION,
    LifecycleState.ADMITTED,
    LifecycleState.PLANNED,
]


def ranking_method(municipality: Municipality) -> str:
    setting = IntakeSettings.objects.filter(municipality=municipality).first()
    return setting.ranking_method if setting else RankingMethod.FRAMEWORK


@dataclass
class BacklogRow:
    """One ranked initiative with the figure it is ranked by."""

    position: int
    initiative: Initiative
    value: Decimal | None
    score: ScoreFigure | None


@dataclass(frozen=True)
class ScoreFigure:
    """The priority score an initiative is ranked by, and whether every item was scored."""

    total: Decimal
    incomplete: bool


class RankedBacklog(Sequence[BacklogRow]):
    """The ranked backlog: ranked on light rows, initiatives loaded only for the rows read.

    Ranking every backlog initiative needs only its figure, so two light queries rank all of
    them; a page (a slice) loads its own initiatives in one query, and iterating (the Excel
    export) loads them all at once. A municipality with 600 initiatives in the backlog used to
    build 600 model instances for a page that shows 100.
    """

    def __init__(
        self,
        queryset: QuerySet[Initiative],
        ranking: list[tuple[int, Decimal | None]],
        scores: dict[int, ScoreFigure],
    ) -> None:
        self._queryset = queryset
        self._ranking = ranking
        self._scores = scores

    def __len__(self) -> int:
        return len(self._ranking)

    @overload
    def __getitem__(self, index: int) -> BacklogRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[BacklogRow]: ...

    def __getitem__(self, index: int | slice) -> BacklogRow | list[BacklogRow]:
        if isinstance(index, slice):
            return self._rows(range(len(self))[index])
        rows = self._rows(range(len(self))[index : index + 1 or None])
        if not rows:
            raise IndexError(index)
        return rows[0]

    def __iter__(self) -> Iterator[BacklogRow]:
        yield from self._rows(range(len(self)))

    def _rows(self, positions: range) -> list[BacklogRow]:
        entries = [self._ranking[p] for p in positions]
        initiatives = self._queryset.in_bulk([pk for pk, _ in entries])
        # An initiative deleted or moved out of the backlog since the ranking is left out.
        return [
            BacklogRow(p + 1, initiatives[pk], value, self._scores.get(pk))
            for p, (pk, value) in zip(positions, entries, strict=True)
            if pk in initiatives
        ]


def backlog(*, user: Any, municipality: Municipality, method: str) -> RankedBacklog:
    """Initiatives on their way to (or in) the plan, ranked by score or WSJF.

    Two queries rank them on their figures alone; each page read loads its initiatives in one.
    """
    initiatives = (
        Initiative.objects.for_user(user)
        .in_municipality(municipality)
        .filter(state__in=BACKLOG_STATES)
    )
    framework = published_framework(municipality.pk)
    scores = (
        {
            pk: ScoreFigure(total, incomplete)
            for pk, total, incomplete in PriorityScore.objects.filter(
                framework=framework, initiative__in=initiatives
            ).values_list("initiative_id", "total", "incomplete")
        }
        if framework
        else {}
    )
    wsjf = method == RankingMethod.WSJF
    fields = ("pk", "reference", *(f"wsjf__{name}" for name in WsjfEstimate.FIGURES if wsjf))
    keyed = []
    for pk, reference, *estimate in initiatives.values_list(*fields):
        if wsjf:
            figure = None if estimate[-1] is None else WsjfEstimate.score_of(*estimate)
        else:
            figure = scores[pk].total if pk in scores else None
        keyed.append(((figure is None, -(figure or 0), reference), pk, figure))
    keyed.sort(key=lambda row: row[0])
    ranking = [(pk, figure) for _, pk, figure in keyed]
    return RankedBacklog(initiatives.select_related("domain").only(*LIST_FIELDS), ranking, scores)


def priority_totals_under(
    *, framework: Framework, municipality: Municipality, source: Framework | None
) -> dict[int, float]:
    """Priority totals (initiative id → total) under `framework`; see `priority_scores_under`."""
    scores = priority_scores_under(framework=framework, municipality=municipality, source=source)
    return {pk: score.total for pk, score in scores.items()}


def priority_scores_under(
    *, framework: Framework, municipality: Municipality, source: Framework | None
) -> dict[int, Any]:
    """Priority scores (initiative id → `weighing` PriorityScore with its terms) as they would be
    under `framework`, written nowhere.

    For trying another framework version or other weights in a planning scenario: the scores
    given under `source` (the published version) carry over by objective and axis code, as a
    re-score would carry them; initiatives without any carried score are left out. Four queries.
    Raises `koersvast.weighing.WeighingError` when `framework` cannot score (e.g. a draft whose
    weights are all zero).
    """
    engine = scoring_framework(framework)
    if source is None:
        return {}
    objective_by_code = dict(framework.objectives.values_list("code", "pk"))
    axis_by_code = dict(framework.axes.values_list("code", "pk"))
    contributions: dict[int, dict[str, int]] = {}
    for initiative_id, code, score in Contribution.objects.filter(
        objective__framework=source, initiative__municipality=municipality
    ).values_list("initiative_id", "objective__code", "score"):
        if code in objective_by_code:
            contributions.setdefault(initiative_id, {})[str(objective_by_code[code])] = score
    impacts: dict[int, dict[str, float]] = {}
    for initiative_id, code, score in ImpactScore.objects.filter(
        axis__framework=source, initiative__municipality=municipality
    ).values_list("initiative_id", "axis__code", "score"):
        if code in axis_by_code:
            impacts.setdefault(initiative_id, {})[str(axis_by_code[code])] = float(score)
    return {
        pk: priority_score(
            engine,
            InitiativeScores(
                initiative_id=str(pk),
                contributions=contributions.get(pk, {}),
                impacts=impacts.get(pk, {}),
            ),
        )
        for pk in sorted(set(contributions) | set(impacts))
    }
