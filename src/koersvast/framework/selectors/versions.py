"""Reads of the afwegingskader: versions, the objective tree, weight groups and readiness.

Every function here reads a framework with a fixed number of queries (objectives, axes and
comparisons are each fetched once), so pages do not grow with the size of the framework.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from koersvast import weighing
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action
from koersvast.weighing.ahp import format_judgement

from .choices import (
    CONSENSUS_WORDS,
    AxisDirection,
    ComparisonGroup,
    FrameworkStatus,
    RoundStatus,
)
from .models import (
    Comparison,
    ComparisonRound,
    Framework,
    ImpactAxis,
    Objective,
    RoundParticipant,
)

Member = Objective | ImpactAxis


# --- Fetching -------------------------------------------------------------------------------


def current_framework(*, municipality: Municipality) -> Framework | None:
    """The newest published framework, else the newest draft."""
    frameworks = Framework.objects.in_municipality(municipality)
    return (
        frameworks.filter(status=FrameworkStatus.PUBLISHED).order_by("-version").first()
        or frameworks.order_by("-version").first()
    )


def published_framework(*, municipality: Municipality) -> Framework | None:
    """The newest published framework (the one new scores use), or None."""
    return (
        Framework.objects.in_municipality(municipality)
        .filter(status=FrameworkStatus.PUBLISHED)
        .order_by("-published_at", "-version")
        .first()
    )


def framework_versions(*, municipality: Municipality) -> QuerySet[Framework]:
    """All versions of the municipality's frameworks, newest first."""
    return Framework.objects.in_municipality(municipality).order_by("name", "-version")


def framework_get(*, user: Any, pk: int, action: Action | None = None) -> Framework:
    """One framework version the user may see (or manage, with `action`); else 404."""
    return get_for_user_or_404(Framework, user, action, pk=pk)


def objective_get(*, user: Any, pk: int, action: Action | None = None) -> Objective:
    return get_for_user_or_404(
        Objective.objects.select_related("framework", "parent", "parent__parent"),
        user,
        action,
        pk=pk,
    )


def axis_get(*, user: Any, pk: int, action: Action | None = None) -> ImpactAxis:
    return get_for_user_or_404(ImpactAxis.objects.select_related("framework"), user, action, pk=pk)


def objective_depth(objective: Objective) -> int:
    """0 for a theme, 1 for an objective, 2 for a sub-objective (follows loaded parents)."""
    depth, node = 0, objective
    while node.parent_id is not None:
        depth += 1
        node = node.parent  # type: ignore[assignment]
    return depth


# --- Objective tree -------------------------------------------------------------------------


@dataclass
class ObjectiveNode:
    """An objective with its share among its siblings and of the whole framework."""

    objective: Objective
    depth: int
    global_weight: float
    children: list[ObjectiveNode]
    local_weight: float = 0.0
    local_percent: int = 0


def objective_tree(
    *, framework: Framework, objectives: Sequence[Objective] | None = None
) -> list[ObjectiveNode]:
    """The objectives as a tree with local (among siblings) and global weights.

    Uses :func:`koersvast.weighing.global_weights`; a sibling group whose weights are all zero
    (possible in a draft) gets zero shares instead of an error, and readiness reports it.
    """
    if objectives is None:
        objectives = list(Objective.objects.filter(framework=framework).order_by("order", "code"))
    children: dict[int | None, list[Objective]] = {}
    for objective in objectives:
        children.setdefault(objective.parent_id, []).append(objective)

    def build(parent_id: int | None, depth: int, parent_weight: float) -> list[ObjectiveNode]:
        siblings = children.get(parent_id, [])
        raw = {str(o.pk): float(o.weight) for o in siblings}
        try:
            local = weighing.normalise_weights(raw) if raw else {}
            percents = weighing.percentages(raw) if raw else {}
        except weighing.WeightError:
            local = dict.fromkeys(raw, 0.0)
            percents = dict.fromkeys(raw, 0)
        nodes = []
        for objective in siblings:
            key = str(objective.pk)
            share = parent_weight * local[key]
            nodes.append(
                ObjectiveNode(
                    objective=objective,
                    depth=depth,
                    global_weight=share,
                    children=build(objective.pk, depth + 1, share),
                    local_weight=local[key],
                    local_percent=percents[key],
                )
            )
        return nodes

    return build(None, 0, 1.0)


def flatten(nodes: list[ObjectiveNode]) -> list[ObjectiveNode]:
    """Depth-first list of the tree, for rendering as an indented table."""
    result: list[ObjectiveNode] = []
    for node in nodes:
        result.append(node)
        result.extend(flatten(node.children))
    return result


# --- Weight groups and AHP ------------------------------------------------------------------


@dataclass
class WeightGroup:
    """A sibling group whose weights are set together: themes, objectives under one parent,
    or the impact axes. Weights are direct, or derived from AHP when it has comparisons."""

    framework: Framework
    group: str
    parent: Objective | None
    members: list[Member]
    comparisons: list[Comparison] = field(default_factory=list)
    ahp: weighing.AhpResult | None = None
    missing_pairs: int = 0
    percents: dict[int, int] = field(default_factory=dict)

    @property
    def is_axes(self) -> bool:
        return self.group == ComparisonGroup.AXES

    @property
    def uses_ahp(self) -> bool:
        return bool(self.comparisons)

    @property
    def title(self) -> str:
        if self.is_axes:
            return _("Impactassen")
        if self.parent is None:
            return _("Thema's")
        return _("Doelstellingen onder %(parent)s") % {"parent": self.parent}

    @property
    def all_zero(self) -> bool:
        return bool(self.members) and all(m.weight <= 0 for m in self.members)

    @property
    def is_inconsistent(self) -> bool:
        return self.ahp is not None and not self.ahp.is_consistent

    @property
    def cr_percent(self) -> float | None:
        return None if self.ahp is None else self.ahp.cr

    def inconsistency_text(self) -> str:
        """The engine's sentence naming the most inconsistent pair and a better judgement."""
        pair = self.ahp.most_inconsistent_pair if self.ahp else None
        if pair is None:
            return ""
        return (
            pair.describe_en() if (get_language() or "nl").startswith("en") else pair.describe_nl()
        )

    def pairs(self) -> list[tuple[Member, Member]]:
        """Every unordered pair of members, in member order (n(n−1)/2 pairs)."""
        return [(a, b) for i, a in enumerate(self.members) for b in self.members[i + 1 :]]

    def judgements(self) -> dict[tuple[int, int], int]:
        """Stored judgements keyed by (first pk, second pk) in member order."""
        result: dict[tuple[int, int], int] = {}
        for comparison in self.comparisons:
            first, second = _comparison_member_ids(comparison)
            result[(first, second)] = comparison.judgement
            result[(second, first)] = _flip(comparison.judgement)
        return result


def member_label(member: Member, members: Iterable[Member] = ()) -> str:
    """A name that is unique within the group, as used in AHP messages."""
    if isinstance(member, Objective):
        return f"{member.code} {member.name}"
    names = [m.name for m in members]
    return member.name if names.count(member.name) <= 1 else f"{member.name} ({member.code})"


def judgement_ratio(judgement: int) -> float:
    """Saaty's ratio of a stored judgement: 3 → 3.0, −3 → 1/3."""
    return float(judgement) if judgement >= 1 else 1.0 / -judgement


def analyse_group(group: WeightGroup) -> WeightGroup:
    """Fill in the AHP result (complete comparisons only) and the percentages of the group."""
    members = group.members
    raw = {m.pk: float(m.weight) for m in members}
    try:
        group.percents = weighing.percentages(raw) if raw else {}
    except weighing.WeightError:
        group.percents = dict.fromkeys(raw, 0)
    group.ahp, group.missing_pairs = None, 0
    if not group.comparisons or len(members) < 2:
        return group
    stored = group.judgements()
    labels = {m.pk: member_label(m, members) for m in members}
    judgements = {}
    for first, second in group.pairs():
        value = stored.get((first.pk, second.pk))
        if value is None:
            group.missing_pairs += 1
        else:
            judgements[(labels[first.pk], labels[second.pk])] = judgement_ratio(value)
    if group.missing_pairs == 0:
        group.ahp = weighing.ahp_weights([labels[m.pk] for m in members], judgements)
    return group


def weight_groups(
    *,
    framework: Framework,
    objectives: Sequence[Objective] | None = None,
    axes: Sequence[ImpactAxis] | None = None,
    comparisons: Sequence[Comparison] | None = None,
) -> list[WeightGroup]:
    """Every sibling group of the framework (themes, each parent's children, the axes)."""
    if objectives is None:
        objectives = list(framework.objectives.order_by("order", "code"))
    if axes is None:
        axes = list(framework.axes.order_by("order", "code"))
    if comparisons is None:
        comparisons = list(framework.comparisons.all())
    by_code = {o.pk: o for o in objectives}
    children: dict[int | None, list[Objective]] = {}
    for objective in objectives:
        children.setdefault(objective.parent_id, []).append(objective)
    by_group: dict[tuple[str, int | None], list[Comparison]] = {}
    for comparison in comparisons:
        by_group.setdefault((comparison.group, comparison.parent_id), []).append(comparison)
    groups = []
    # Pre-order so that themes come first and each parent before its children.
    order: list[int | None] = [None]
    for objective in _preorder(children):
        if objective.pk in children:
            order.append(objective.pk)
    for parent_id in order:
        groups.append(
            WeightGroup(
                framework=framework,
                group=ComparisonGroup.OBJECTIVES,
                parent=by_code.get(parent_id) if parent_id else None,
                members=list(children.get(parent_id, [])),
                comparisons=by_group.get((ComparisonGroup.OBJECTIVES, parent_id), []),
            )
        )
    groups.append(
        WeightGroup(
            framework=framework,
            group=ComparisonGroup.AXES,
            parent=None,
            members=list(axes),
            comparisons=by_group.get((ComparisonGroup.AXES, None), []),
        )
    )
    return [analyse_group(group) for group in groups]


def weight_group(
    *, framework: Framework, group: str, parent: Objective | None = None
) -> WeightGroup:
    """One sibling group with its members, comparisons and AHP result."""
    if group == ComparisonGroup.AXES:
        members: list[Member] = list(framework.axes.order_by("order", "code"))
        comparisons = framework.comparisons.filter(group=group)
    else:
        members = list(framework.objectives.filter(parent=parent).order_by("order", "code"))
        comparisons = framework.comparisons.filter(group=group, parent=parent)
    return analyse_group(
        WeightGroup(
            framework=framework,
            group=group,
            parent=parent,
            members=members,
            comparisons=list(comparisons),
        )
    )


def _preorder(children: dict[int | None, list[Objective]]) -> list[Objective]:
    result: list[Objective] = []

    def walk(parent_id: int | None) -> None:
        for objective in children.get(parent_id, []):
            result.append(objective)
            walk(objective.pk)

    walk(None)
    return result


def _comparison_member_ids(comparison: Comparison) -> tuple[int, int]:
    if comparison.group == ComparisonGroup.AXES:
        return comparison.first_axis_id, comparison.second_axis_id  # type: ignore[return-value]
    return comparison.first_objective_id, comparison.second_objective_id  # type: ignore[return-value]


def _flip(judgement: int) -> int:
    return 1 if judgement == 1 else -judgement


# --- Overview and readiness -----------------------------------------------------------------


@dataclass
class Readiness:
    """Whether a draft can be published: errors block, warnings (e.g. AHP CR > 0.10) do not."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def can_publish(self) -> bool:
        return not self.errors


@dataclass
class FrameworkOverview:
    """Everything the framework page shows, read with a fixed number of queries."""

    framework: Framework
    rows: list[ObjectiveNode]
    axes: list[ImpactAxis]
    axis_percents: dict[int, int]
    groups: list[WeightGroup]
    readiness: Readiness


def framework_overview(*, framework: Framework) -> FrameworkOverview:
    objectives = list(Objective.objects.filter(framework=framework).order_by("order", "code"))
    axes = list(ImpactAxis.objects.filter(framework=framework).order_by("order", "code"))
    comparisons = list(Comparison.objects.filter(framework=framework))
    groups = weight_groups(
        framework=framework, objectives=objectives, axes=axes, comparisons=comparisons
    )
    return FrameworkOverview(
        framework=framework,
        rows=flatten(objective_tree(framework=framework, objectives=objectives)),
        axes=axes,
        axis_percents=groups[-1].percents,
        groups=groups,
        readiness=readiness(framework=framework, objectives=objectives, axes=axes, groups=groups),
    )


def readiness(
    *,
    framework: Framework,
    objectives: Sequence[Objective] | None = None,
    axes: Sequence[ImpactAxis] | None = None,
    groups: Sequence[WeightGroup] | None = None,
) -> Readiness:
    """What stands in the way of publishing this version, and what deserves a second look."""
    if objectives is None:
        objectives = list(framework.objectives.all())
    if axes is None:
        axes = list(framework.axes.all())
    if groups is None:
        groups = weight_groups(framework=framework, objectives=objectives, axes=axes)
    result = Readiness()
    if not objectives:
        result.errors.append(_("Voeg ten minste één doelstelling toe."))
    if not axes:
        result.errors.append(_("Voeg ten minste één impactas toe."))
    if framework.value_weight + framework.impact_weight <= 0:
        result.errors.append(
            _("De verhouding bijdrage aan doelen / impactassen is 0 % / 0 %; geef een verdeling.")
        )
    for group in groups:
        if group.all_zero:
            result.errors.append(
                _("Alle gewichten in de groep ‘%(group)s’ zijn nul; geef ten minste één gewicht.")
                % {"group": group.title}
            )
        if group.missing_pairs:
            result.warnings.append(
                _(
                    "De paarsgewijze vergelijking van ‘%(group)s’ is onvolledig "
                    "(%(count)s paren ontbreken); de opgeslagen gewichten blijven gelden."
                )
                % {"group": group.title, "count": group.missing_pairs}
            )
        if group.is_inconsistent and group.ahp is not None:
            result.warnings.append(
                _("‘%(group)s’: consistentieratio %(cr)s is hoger dan 0,10. %(pair)s")
                % {
                    "group": group.title,
                    "cr": f"{group.ahp.cr:.2f}".replace(".", ","),
                    "pair": group.inconsistency_text(),
                }
            )
    return result


# --- Scoring --------------------------------------------------------------------------------


def scoring_framework(framework: Framework) -> weighing.ScoringFramework:
    """The framework version as the weighing engine's :class:`~koersvast.weighing.ScoringFramework`.

    This is what the intake app scores initiatives with (``weighing.priority_score``):

    * ``objective_weights`` holds the **leaf** objectives only (the ones initiatives contribute
      to), keyed by ``str(objective.pk)``, with their global weight (the product of the local
      weights down the tree; they sum to 1);
    * ``axes`` holds every impact axis, keyed by ``str(axis.pk)``, with its weight, scale and
      direction;
    * ``value_weight`` / ``impact_weight`` come from the framework.

    Two queries. Raises :class:`koersvast.weighing.WeighingError` (with a Dutch and an English
    message) when the framework is not usable, e.g. a draft with an all-zero sibling group; a
    published version has passed :func:`readiness`, so it always converts.
    """
    objectives = list(framework.objectives.order_by("order", "code"))
    axes = list(framework.axes.order_by("order", "code"))
    leaves = (
        weighing.leaf_weights(
            [
                weighing.ObjectiveWeight(
                    id=str(o.pk),
                    weight=float(o.weight),
                    parent_id=str(o.parent_id) if o.parent_id else None,
                )
                for o in objectives
            ]
        )
        if objectives
        else {}
    )
    return weighing.ScoringFramework(
        objective_weights=leaves,
        axes=tuple(
            weighing.ImpactAxis(
                id=str(axis.pk),
                weight=float(axis.weight),
                scale_min=float(axis.scale_min),
                scale_max=float(axis.scale_max),
                direction=weighing.Direction(
                    AxisDirection(axis.direction).value  # same values in both enums
                ),
            )
            for axis in axes
        ),
        value_weight=float(framework.value_weight),
        impact_weight=float(framework.impact_weight),
    )


# --- Group comparison rounds (groepsvergelijking) -------------------------------------------


def group_key(group: WeightGroup) -> str:
    """The key of a sibling group in a participant's stored judgements."""
    if group.is_axes:
        return "axes"
    return "objectives" if group.parent is None else f"objectives:{group.parent.pk}"


def comparable_groups(*, framework: Framework) -> list[WeightGroup]:
    """The sibling groups a participant judges: every group with two members or more."""
    return [g for g in weight_groups(framework=framework) if len(g.members) >= 2]


def round_get(*, user: Any, pk: int, action: Action | None = None) -> ComparisonRound:
    """A round the user may manage (default) in their municipality; else 404."""
    return get_for_user_or_404(
        ComparisonRound.objects.select_related("framework"),
        user,
        action or Action.FRAMEWORK_MANAGE,
        pk=pk,
    )


def round_for_participant(*, user: Any, pk: int) -> tuple[ComparisonRound, RoundParticipant]:
    """A round and the user's own place in it: 404 outside the municipality, 403 uninvited."""
    comparison_round = round_get(user=user, pk=pk, action=Action.FRAMEWORK_VIEW)
    participant = comparison_round.participants.filter(user=user).first()
    if participant is None:
        raise PermissionDenied(_("U bent niet uitgenodigd voor deze groepsvergelijking."))
    return comparison_round, participant


def open_rounds_for(*, user: Any, municipality_id: int) -> list[RoundParticipant]:
    """The user's invitations to open rounds on draft versions of the municipality, so that
    every framework page (the index shows the adopted version) leads to them."""
    return list(
        RoundParticipant.objects.filter(
            user=user,
            municipality_id=municipality_id,
            round__status=RoundStatus.OPEN,
            round__framework__status=FrameworkStatus.DRAFT,
        )
        .select_related("round", "round__framework")
        .order_by("-round__pk")
    )


def invitable_users(*, municipality: Municipality) -> QuerySet[Any]:
    """Members who may see the framework (and so take part): wethouders, MT, managers, …"""
    from koersvast.tenancy.models import Membership
    from koersvast.tenancy.policy import GRANTS

    roles = [role for role, grants in GRANTS.items() if Action.FRAMEWORK_VIEW in grants]
    user_ids = (
        Membership.objects.current()
        .filter(municipality=municipality, role__in=roles)
        .values_list("user_id", flat=True)
    )
    return (
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .order_by("first_name", "last_name", "username")
    )


def person_name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else "—"


def participant_judgements(participant: RoundParticipant, group: WeightGroup) -> dict:
    """A participant's judgements of one group keyed by (first pk, second pk), both ways."""
    result: dict[tuple[int, int], int] = {}
    for key, value in (participant.judgements or {}).get(group_key(group), {}).items():
        first, _sep, second = key.partition("-")
        if first.isdigit() and second.isdigit():
            result[(int(first), int(second))] = int(value)
            result[(int(second), int(first))] = _flip(int(value))
    return result


@dataclass
class ParticipantResult:
    """One participant's own weights and consistency for one group (None: not complete)."""

    participant: RoundParticipant
    name: str
    ahp: weighing.AhpResult | None
    percents: dict[int, int] = field(default_factory=dict)


@dataclass
class DivergentPair:
    """A pair on which the participants disagree most, with each one's judgement."""

    first: Member
    second: Member
    judgements: list[tuple[str, str]]
    group_value: str
    spread: float


@dataclass
class GroupRoundResult:
    """One sibling group in a round: the group's weights (AIJ), each CR, consensus, spread."""

    group: WeightGroup
    key: str
    participants: list[ParticipantResult]
    result: weighing.GroupAhpResult | None = None
    percents: dict[int, int] = field(default_factory=dict)
    divergent: list[DivergentPair] = field(default_factory=list)

    @property
    def consensus_percent(self) -> float | None:
        return None if self.result is None else self.result.consensus * 100

    @property
    def consensus_words(self) -> str:
        return "" if self.result is None else str(CONSENSUS_WORDS[self.result.consensus_band])

    @property
    def member_rows(self) -> list[tuple[Member, int | None, list[int | None]]]:
        """Per member: the group's percentage and each participant's own percentage."""
        return [
            (
                member,
                self.percents.get(member.pk),
                [p.percents.get(member.pk) for p in self.participants],
            )
            for member in self.group.members
        ]


@dataclass
class RoundOverview:
    round: ComparisonRound
    participants: list[RoundParticipant]
    groups: list[GroupRoundResult]

    @property
    def submitted(self) -> int:
        return sum(1 for p in self.participants if p.submitted_at)

    @property
    def can_apply(self) -> bool:
        return any(g.result is not None for g in self.groups)

    @property
    def pending(self) -> list[RoundParticipant]:
        """Who has not judged every group yet (never saved, or a group added since)."""
        incomplete = {
            row.participant.pk for g in self.groups for row in g.participants if row.ahp is None
        }
        return [p for p in self.participants if p.submitted_at is None or p.pk in incomplete]


def _ratios(
    group: WeightGroup, stored: dict[tuple[int, int], int], labels: dict[int, str]
) -> dict[tuple[str, str], float] | None:
    judgements = {}
    for first, second in group.pairs():
        value = stored.get((first.pk, second.pk))
        if value is None:
            return None
        judgements[(labels[first.pk], labels[second.pk])] = judgement_ratio(value)
    return judgements


def _percents(members: Sequence[Member], weights: Sequence[float]) -> dict[int, int]:
    return weighing.percentages({m.pk: w for m, w in zip(members, weights, strict=True)})


def round_overview(*, comparison_round: ComparisonRound, divergent: int = 3) -> RoundOverview:
    """Everything the round page shows: per group the group result over the participants who
    judged every pair, each participant's CR, the consensus and the most divergent pairs."""
    participants = list(comparison_round.participants.select_related("user").order_by("pk"))
    groups = []
    for group in comparable_groups(framework=comparison_round.framework):
        labels = {m.pk: member_label(m, group.members) for m in group.members}
        items = [labels[m.pk] for m in group.members]
        rows: list[ParticipantResult] = []
        complete: list[tuple[ParticipantResult, dict[tuple[str, str], float]]] = []
        for participant in participants:
            ratios = _ratios(group, participant_judgements(participant, group), labels)
            row = ParticipantResult(participant, person_name(participant.user), None)
            if ratios is not None:
                row.ahp = weighing.ahp_weights(items, ratios)
                row.percents = _percents(group.members, row.ahp.weights)
                complete.append((row, ratios))
            rows.append(row)
        entry = GroupRoundResult(group=group, key=group_key(group), participants=rows)
        if complete:
            entry.result = weighing.group_ahp(items, [ratios for _row, ratios in complete])
            entry.percents = _percents(group.members, entry.result.aggregate.weights)
            by_label = {labels[m.pk]: m for m in group.members}
            for spread in entry.result.most_divergent(divergent):
                entry.divergent.append(
                    DivergentPair(
                        first=by_label[spread.first],
                        second=by_label[spread.second],
                        judgements=[
                            (row.name, format_judgement(value))
                            for (row, _r), value in zip(complete, spread.judgements, strict=True)
                        ],
                        group_value=f"{spread.group:.2f}".replace(".", ","),
                        spread=spread.spread,
                    )
                )
        groups.append(entry)
    return RoundOverview(round=comparison_round, participants=participants, groups=groups)


def framework_rounds(*, framework: Framework) -> list[ComparisonRound]:
    return list(
        ComparisonRound.objects.filter(framework=framework)
        .prefetch_related("participants")
        .order_by("-pk")
    )
