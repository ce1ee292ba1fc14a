"""Reads of the intake: the dossier of one initiative, the board, the backlog, the decision log."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, overload

from django.db.models import Q, QuerySet

from koersvast.core import figures
from koersvast.framework.models import Framework, ImpactAxis, Objective
from koersvast.framework.selectors import scoring_framework
from koersvast.portfolio import custom_fields
from koersvast.portfolio.choices import INTAKE_STATES, RUNNING_WORK_STATES, LifecycleState
from koersvast.portfolio.models import CustomField, Initiative
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action, can, roles_by_municipality
from koersvast.weighing import InitiativeScores, priority_score

from . import criteria, lifecycle
from .choices import GovernanceKind, ProposalStatus, RankingMethod
from .models import (
    Advice,
    AdviceKind,
    Contribution,
    CriterionCheck,
    Decision,
    EntryCriterion,
    GovernanceProposal,
    ImpactScore,
    IntakeSettings,
    PriorityScore,
    WsjfEstimate,
)
from .services import (
    governance_bodies,
    may_edit,
    may_propose,
    may_respond,
    published_framework,
)

# What lists of initiatives show; loading only these keeps large portfolios fast.
LIST_FIELDS = (
    "reference",
    "title",
    "state",
    "municipality_id",
    "domain__name",
    "domain__code",
    "has_political_urgency",
)

BACKLOG_STATES = [
    LifecycleState.ADVICE,
    LifecycleState.DECISION,
    LifecycleState.ADMITTED,
    LifecycleState.PLANNED,
]


@dataclass
class Dossier:
    """Everything about one initiative's way into the portfolio, for its page."""

    initiative: Initiative
    criteria: list[criteria.CriterionResult]
    advices: list[Advice]
    framework: Framework | None
    score: PriorityScore | None
    contributions: dict[int, Contribution]
    impacts: dict[int, ImpactScore]
    objectives: list[Objective]
    axes: list[ImpactAxis]
    decisions: list[Decision]
    transitions: list[Any]
    attachments: list[Any]
    actions: list[lifecycle.Rule] = field(default_factory=list)
    may_edit: bool = False
    may_manage: bool = False
    may_decide: bool = False
    may_advise: bool = False
    # Codes of the advice kinds this user may give (their role gives that kind).
    advisable: frozenset[str] = frozenset()
    may_respond: bool = False
    advice_kinds: list[AdviceKind] = field(default_factory=list)  # active: may be requested
    own_fields: list[custom_fields.Shown] = field(default_factory=list)
    # Governance of running work: proposals (each with `may_decide` for this user), whether
    # this user may propose, and since when the work is paused.
    proposals: list[GovernanceProposal] = field(default_factory=list)
    may_propose: bool = False
    paused_since: Any = None

    @property
    def open_advice(self) -> list[str]:
        """The kinds of advice asked and not yet given (a warning before the agenda)."""
        return [advice.kind_label for advice in self.advices if not advice.is_given]


@dataclass
class DossierSettings:
    """What every dossier of a municipality shares: its entry criteria and scoring framework."""

    criteria: list[EntryCriterion]
    framework: Framework | None
    objectives: list[Objective]  # the leaves, which are scored
    axes: list[ImpactAxis]
    advice_kinds: list[AdviceKind] = field(default_factory=list)  # all, also retired ones
    custom_fields: list[CustomField] = field(default_factory=list)  # all, also retired ones


def dossier_settings(municipality_id: int) -> DossierSettings:
    """The entry criteria and the published framework's leaves and axes (four queries)."""
    framework = published_framework(municipality_id)
    objectives: list[Objective] = []
    axes: list[ImpactAxis] = []
    if framework is not None:
        objectives = list(Objective.objects.filter(framework=framework).order_by("order", "code"))
        parents = {o.parent_id for o in objectives}
        objectives = [o for o in objectives if o.pk not in parents]  # only leaves are scored
        axes = list(ImpactAxis.objects.filter(framework=framework).order_by("order", "code"))
    return DossierSettings(
        criteria=list(
            EntryCriterion.objects.filter(municipality_id=municipality_id)
            .with_advice_kind_names()
            .select_related("if_domain", "custom_field")
        ),
        framework=framework,
        objectives=objectives,
        axes=axes,
        advice_kinds=list(AdviceKind.objects.filter(municipality_id=municipality_id)),
        custom_fields=custom_fields.definitions(municipality_id, include_retired=True),
    )


def initiative_dossier(*, initiative: Initiative, user: Any) -> Dossier:
    """The dossier with the steps this user may take next."""
    municipality_id = initiative.municipality_id
    # The same for every initiative of the municipality: cached with a shared cache.
    shared = figures.cached(
        "dossier-settings", municipality_id, (), lambda: dossier_settings(municipality_id)
    )
    advices = list(
        Advice.objects.with_kind_names()
        .filter(initiative=initiative)
        .select_related("adviser", "responded_by")
    )
    kinds = {kind.code: kind for kind in shared.advice_kinds}
    for advice in advices:
        kind = kinds.get(advice.kind)
        advice.needs_response = bool(  # type: ignore[attr-defined]
            kind and kind.negative_needs_response and advice.verdict == "negative"
        )
    roles = roles_by_municipality(user).get(municipality_id, frozenset())
    results = criteria.evaluate(
        initiative=initiative,
        criteria=shared.criteria,
        advices=advices,
        checks=CriterionCheck.objects.filter(initiative=initiative),
        has_demand=bool(initiative.demands.all()),
    )
    framework, objectives, axes = shared.framework, shared.objectives, shared.axes
    contributions: dict[int, Contribution] = {}
    impacts: dict[int, ImpactScore] = {}
    score = None
    if framework is not None:
        contributions = {
            c.objective_id: c
            for c in Contribution.objects.filter(
                initiative=initiative, objective__framework=framework
            )
        }
        impacts = {
            s.axis_id: s
            for s in ImpactScore.objects.filter(initiative=initiative, axis__framework=framework)
        }
        score = PriorityScore.objects.filter(initiative=initiative, framework=framework).first()
    manage = can(user, municipality_id, Action.INITIATIVE_MANAGE)
    actions = [
        rule
        for rule in lifecycle.rules_from(initiative.state)
        if not rule.by_decision
        and can(user, municipality_id, rule.action)
        and (manage or not rule.own_only or initiative.submitted_by_id == user.pk)
    ]
    return Dossier(
        initiative=initiative,
        criteria=results,
        advices=advices,
        framework=framework,
        score=score,
        contributions=contributions,
        impacts=impacts,
        objectives=objectives,
        axes=axes,
        decisions=list(
            Decision.objects.filter(initiative=initiative).select_related("body", "framework")
        ),
        transitions=list(initiative.transitions.select_related("by")),
        attachments=list(initiative.attachments.all()),
        actions=actions,
        may_edit=may_edit(user, initiative),
        may_manage=manage,
        may_decide=initiative.state == LifecycleState.DECISION
        and can(user, municipality_id, Action.DECISION_RECORD),
        may_advise=can(user, municipality_id, Action.ADVICE_GIVE),
        advisable=frozenset(kind.code for kind in shared.advice_kinds if kind.role in roles),
        may_respond=may_respond(user, initiative),
        advice_kinds=[kind for kind in shared.advice_kinds if not kind.is_retired],
        own_fields=custom_fields.shown(initiative, shared.custom_fields),
        **_governance(initiative, user),
    )


# States in which an initiative never had running work, so has no proposals to show.
_NEVER_RAN = frozenset({*INTAKE_STATES, LifecycleState.RETURNED, LifecycleState.PARKED})


def _governance(initiative: Initiative, user: Any) -> dict[str, Any]:
    """The proposals about running work on the initiative page, and who may act on them."""
    if initiative.state in _NEVER_RAN or initiative.state == LifecycleState.REJECTED:
        return {}
    proposals = list(
        initiative.governance_proposals.select_related("proposed_by", "decided_by", "body")
    )
    municipality_id = initiative.municipality_id
    decider = any(p.is_open for p in proposals) and (
        can(user, municipality_id, Action.DECISION_RECORD)
        and (
            initiative.official_sponsor_id == user.pk
            or governance_bodies(user, municipality_id).exists()
        )
    )
    for proposal in proposals:
        proposal.may_decide = decider and proposal.is_open and proposal.proposed_by_id != user.pk  # type: ignore[attr-defined]
        proposal.may_withdraw = proposal.is_open and (  # type: ignore[attr-defined]
            proposal.proposed_by_id == user.pk
            or can(user, municipality_id, Action.INITIATIVE_MANAGE)
        )
    paused_since = None
    if initiative.state == LifecycleState.PAUSED:
        paused_since = next(
            (
                p.effective_date
                for p in proposals
                if p.kind == GovernanceKind.PAUSE and p.status == ProposalStatus.APPROVED
            ),
            None,
        )
    return {
        "proposals": proposals,
        "may_propose": initiative.state in RUNNING_WORK_STATES and may_propose(user, initiative),
        "paused_since": paused_since,
    }


def pause_dates(municipality_id: int) -> dict[int, Any]:
    """Since when each paused initiative of the municipality is paused (the effective date of
    the approved pause decision that paused it), in one query."""
    rows = (
        GovernanceProposal.objects.filter(
            municipality_id=municipality_id,
            kind=GovernanceKind.PAUSE,
            status=ProposalStatus.APPROVED,
            initiative__state=LifecycleState.PAUSED,
        )
        .order_by("initiative_id", "decided_at", "pk")
        .values_list("initiative_id", "effective_date")
    )
    return dict(rows)  # the latest decision per initiative wins


def open_advice(initiatives: Any) -> dict[int, list[str]]:
    """Advice asked and not yet given per initiative (kind names), in one query."""
    found: dict[int, list[str]] = {}
    for advice in Advice.objects.with_kind_names().filter(initiative__in=initiatives, verdict=""):
        found.setdefault(advice.initiative_id, []).append(advice.kind_label)
    return found


def score_terms(
    score: PriorityScore, objectives: list[Objective], axes: list[ImpactAxis]
) -> list[dict[str, Any]]:
    """The stored explanation with names instead of ids ("waarom staat dit hier?").

    A term is named by its kind *and* id: objectives and impact axes are different tables whose
    ids overlap, so an axis must never lend its name to the objective with the same id.
    """
    names = {("objective", str(o.pk)): str(o) for o in objectives} | {
        ("impact", str(a.pk)): a.name for a in axes
    }
    return [
        {**term, "name": names.get((term.get("kind", ""), term["ref"]), term["ref"])}
        for term in score.terms
    ]


BOARD_FLAGS = {
    "urgent": Q(has_political_urgency=True),
    "statutory": Q(is_statutory=True),
    "continuity": Q(is_continuity=True),
}


CARDS_PER_COLUMN = 50


@dataclass
class BoardColumn:
    """A kanban column: the first cards of a lifecycle state and how many there are in all."""

    state: str
    label: str
    cards: list[Initiative]
    total: int

    @property
    def hidden(self) -> int:
        return self.total - len(self.cards)


def intake_board(
    *, user: Any, municipality: Municipality, filters: dict[str, str]
) -> list[BoardColumn]:
    """The funnel as kanban columns, filtered by domain, owner, work form and flag (one query)."""
    initiatives = (
        Initiative.objects.for_user(user)
        .in_municipality(municipality)
        .filter(state__in=INTAKE_STATES)
        .select_related("domain")
        .only(*LIST_FIELDS)
        .order_by("reference")
    )
    if filters.get("domain"):
        initiatives = initiatives.filter(domain__code=filters["domain"])
    if filters.get("work_form"):
        initiatives = initiatives.filter(work_form=filters["work_form"])
    if filters.get("owner"):
        initiatives = initiatives.filter(official_sponsor__username=filters["owner"])
    if filters.get("flag") in BOARD_FLAGS:
        initiatives = initiatives.filter(BOARD_FLAGS[filters["flag"]])
    columns: dict[str, list[Initiative]] = {state.value: [] for state in INTAKE_STATES}
    for initiative in initiatives:
        columns[initiative.state].append(initiative)
    return [
        BoardColumn(
            state.value,
            str(state.label),
            columns[state.value][:CARDS_PER_COLUMN],
            len(columns[state.value]),
        )
        for state in INTAKE_STATES
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


def decision_log(
    *, municipality: Municipality, query: str = "", outcome: str = ""
) -> QuerySet[Decision]:
    """Every decision of the municipality, newest first, searchable by initiative and rationale."""
    decisions = Decision.objects.in_municipality(municipality).select_related(
        "initiative", "body", "framework", "recorded_by"
    )
    if query:
        decisions = decisions.filter(
            Q(initiative__title__icontains=query)
            | Q(initiative__reference__icontains=query)
            | Q(rationale__icontains=query)
            | Q(conditions__icontains=query)
        )
    if outcome:
        decisions = decisions.filter(outcome=outcome)
    return decisions


def governance_log(*, municipality: Municipality, query: str = "") -> QuerySet[GovernanceProposal]:
    """Every decision on running work (adopted or not), newest first, searchable like the log."""
    decided = GovernanceProposal.objects.in_municipality(municipality).filter(
        status__in=[ProposalStatus.APPROVED, ProposalStatus.REJECTED]
    )
    if query:
        decided = decided.filter(
            Q(initiative__title__icontains=query)
            | Q(initiative__reference__icontains=query)
            | Q(rationale__icontains=query)
            | Q(decision_rationale__icontains=query)
        )
    return decided.select_related("initiative", "body", "decided_by").order_by("-decided_at", "-pk")


def my_initiatives(*, user: Any, municipality: Municipality) -> QuerySet[Initiative]:
    return (
        Initiative.objects.in_municipality(municipality)
        .filter(submitted_by=user)
        .select_related("domain")
        .order_by("-updated_at")
    )


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
