"""Sibling groups whose weights are set together (themes, each parent's objectives, the axes),
with their members, judgements and AHP result."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from koersvast import weighing

from ..choices import ComparisonGroup
from ..models import Comparison, Framework, ImpactAxis, Objective

Member = Objective | ImpactAxis


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
            result[(second, first)] = flipped(comparison.judgement)
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


def flipped(judgement: int) -> int:
    return 1 if judgement == 1 else -judgement
