"""The weights of one sibling group: entered directly, or derived from its AHP judgements."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..choices import JUDGEMENT_VALUES, ComparisonGroup
from ..models import Comparison, Framework, Objective
from ..selectors import weights as selectors
from .common import check_editable, quantize_weight

# --- Weights --------------------------------------------------------------------------------


def _group_of(framework: Framework, group: str, parent: Objective | None) -> selectors.WeightGroup:
    if group not in ComparisonGroup.values:
        raise ValueError(f"Unknown group {group!r}")
    if parent is not None and parent.framework_id != framework.pk:
        raise ValidationError(_("Deze doelstelling hoort bij een ander afwegingskader."))
    return selectors.weight_group(framework=framework, group=group, parent=parent)


def store_weights(members: list[selectors.Member], weights: Mapping[int, float]) -> None:
    for member in members:
        new = quantize_weight(weights[member.pk])
        if member.weight != new:
            member.weight = new
            member.save()


@transaction.atomic
def group_weights_set(
    *,
    framework: Framework,
    by: Any,
    group: str,
    parent: Objective | None = None,
    weights: Mapping[int, Decimal],
) -> selectors.WeightGroup:
    """Enter the weights of one sibling group directly (any non-negative numbers).

    They are normalised (stored as fractions that sum to 1, shown as percentages) and replace
    an AHP comparison of the group, which is removed so the source of the weights is clear.
    """
    check_editable(framework, by)
    weight_group = _group_of(framework, group, parent)
    members = weight_group.members
    missing = [m for m in members if m.pk not in weights]
    if missing:
        raise ValidationError(
            _("Geef een gewicht voor ‘%(name)s’.") % {"name": missing[0].name}, code="missing"
        )
    for member in members:
        if weights[member.pk] < 0:
            raise ValidationError(
                _("Het gewicht van ‘%(name)s’ kan niet negatief zijn.") % {"name": member.name},
                code="negative",
            )
    total = sum((Decimal(weights[m.pk]) for m in members), Decimal(0))
    if members and total <= 0:
        raise ValidationError(
            _("Alle gewichten zijn nul; geef ten minste één gewicht groter dan nul."),
            code="all_zero",
        )
    store_weights(members, {m.pk: float(Decimal(weights[m.pk]) / total) for m in members})
    for comparison in weight_group.comparisons:
        comparison.delete()
    return _group_of(framework, group, parent)


@transaction.atomic
def comparisons_save(
    *,
    framework: Framework,
    by: Any,
    group: str,
    parent: Objective | None = None,
    judgements: Mapping[tuple[int, int], int],
) -> selectors.WeightGroup:
    """Store the AHP judgements of one sibling group and derive its weights from them.

    `judgements[(a, b)] = k` (member ids) means "a is k times as important as b" on Saaty's
    scale stored as a signed whole number (−k: b is k times as important as a; 1: equal).
    Every pair of the group must be judged once. The principal-eigenvector weights are stored
    on the members; the returned group carries the consistency ratio and, above 0.10, the most
    inconsistent pair with a suggested judgement (`inconsistency_text()`).
    """
    check_editable(framework, by)
    weight_group = _group_of(framework, group, parent)
    members = weight_group.members
    normalised = normalise_judgements(weight_group, judgements)
    _replace_comparisons(framework, weight_group, normalised)
    result = _group_of(framework, group, parent)
    assert result.ahp is not None  # every pair is judged
    store_weights(
        result.members, {m.pk: w for m, w in zip(members, result.ahp.weights, strict=True)}
    )
    return _group_of(framework, group, parent)


def normalise_judgements(
    weight_group: selectors.WeightGroup, judgements: Mapping[tuple[int, int], int]
) -> dict[tuple[int, int], int]:
    """Check a complete set of judgements of one group and key them in member order."""
    members = weight_group.members
    if len(members) < 2:
        raise ValidationError(
            _("Er valt niets te vergelijken: deze groep heeft minder dan twee elementen."),
            code="too_few",
        )
    by_id = {m.pk: m for m in members}
    position = {m.pk: index for index, m in enumerate(members)}
    normalised: dict[tuple[int, int], int] = {}
    for (first, second), value in judgements.items():
        if first not in by_id or second not in by_id or first == second:
            raise ValidationError(_("Een vergelijking noemt een onbekend element."), code="pair")
        if value not in JUDGEMENT_VALUES:
            raise ValidationError(
                _("Het oordeel %(value)s ligt niet op de schaal van Saaty (1–9).")
                % {"value": value},
                code="scale",
            )
        key, judgement = (
            ((first, second), value)
            if position[first] < position[second]
            else ((second, first), 1 if value == 1 else -value)
        )
        if key in normalised:
            raise ValidationError(
                _("Het paar ‘%(a)s’ en ‘%(b)s’ is twee keer beoordeeld.")
                % {"a": by_id[key[0]].name, "b": by_id[key[1]].name},
                code="duplicate",
            )
        normalised[key] = judgement
    for first_member, second_member in weight_group.pairs():
        if (first_member.pk, second_member.pk) not in normalised:
            raise ValidationError(
                _("Het oordeel voor ‘%(a)s’ t.o.v. ‘%(b)s’ ontbreekt.")
                % {"a": first_member.name, "b": second_member.name},
                code="missing",
            )
    return normalised


def _replace_comparisons(
    framework: Framework,
    weight_group: selectors.WeightGroup,
    judgements: Mapping[tuple[int, int], int],
) -> None:
    existing: dict[tuple[int, int], Comparison] = {}
    for held in weight_group.comparisons:
        first, second = selectors._comparison_member_ids(held)
        existing[(first, second)] = held
    for (first, second), judgement in judgements.items():
        comparison = existing.pop((first, second), None)
        if comparison is None and (second, first) in existing:
            comparison = existing.pop((second, first))
            comparison.delete()
            comparison = None
        if comparison is None:
            comparison = Comparison(
                municipality=framework.municipality,
                framework=framework,
                group=weight_group.group,
                parent=weight_group.parent,
            )
            if weight_group.is_axes:
                comparison.first_axis_id, comparison.second_axis_id = first, second
            else:
                comparison.first_objective_id, comparison.second_objective_id = first, second
        if comparison.pk is None or comparison.judgement != judgement:
            comparison.judgement = judgement
            comparison.save()
    for stale in existing.values():
        stale.delete()
