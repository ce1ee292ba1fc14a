"""The objectives (themes, objectives, sub-objectives) and impact axes of a draft."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from ..choices import AxisDirection, ObjectiveSource
from ..models import MAX_OBJECTIVE_DEPTH, Comparison, Framework, ImpactAxis, Objective
from .common import check_editable, check_weight, quantize_weight

# --- Objectives -----------------------------------------------------------------------------


def _check_parent(framework: Framework, objective: Objective | None, parent: Objective | None):
    if parent is None:
        return
    if parent.framework_id != framework.pk:
        raise ValidationError(
            {"parent": _("De bovenliggende doelstelling hoort bij een ander afwegingskader.")}
        )
    ancestors = []
    node: Objective | None = parent
    while node is not None:
        ancestors.append(node.pk)
        node = node.parent
    if objective is not None and objective.pk in ancestors:
        raise ValidationError(
            {"parent": _("Een doelstelling kan niet onder zichzelf of een eigen subdoel vallen.")}
        )
    subtree_height = _subtree_height(objective) if objective is not None else 0
    if len(ancestors) + 1 + subtree_height > MAX_OBJECTIVE_DEPTH:
        raise ValidationError(
            {
                "parent": _(
                    "De boom heeft hoogstens drie niveaus: thema → doelstelling → "
                    "subdoelstelling. Kies een hoger niveau."
                )
            },
            code="too_deep",
        )


def _subtree_height(objective: Objective) -> int:
    """Levels below the objective (0 for a leaf)."""
    children = list(Objective.objects.filter(parent=objective))
    return max((1 + _subtree_height(child) for child in children), default=0)


def _check_code_free(
    framework: Framework, code: str, model: type[Objective] | type[ImpactAxis], pk: int | None
):
    # pk=None (a new objective or axis) excludes nothing.
    others = model.objects.filter(framework=framework, code=code)
    if (others.exclude(pk=pk) if pk is not None else others).exists():
        raise ValidationError(
            {"code": _("De code ‘%(code)s’ is in deze versie al in gebruik.") % {"code": code}},
            code="duplicate",
        )


def _mean_sibling_weight(framework: Framework, parent: Objective | None) -> Decimal:
    weights = list(
        Objective.objects.filter(framework=framework, parent=parent).values_list(
            "weight", flat=True
        )
    )
    return quantize_weight(sum(weights) / len(weights)) if weights else Decimal(1)


@transaction.atomic
def objective_create(
    *,
    framework: Framework,
    by: Any,
    code: str,
    name: str,
    source: str = ObjectiveSource.COALITION_AGREEMENT,
    parent: Objective | None = None,
    description: str = "",
    owner: str = "",
    esg_theme: str = "",
    kpi: str = "",
    weight: Decimal | None = None,
    order: int | None = None,
) -> Objective:
    """Add an objective (under `parent`, or as a theme) to a draft.

    Without a weight it gets the mean weight of its siblings, i.e. an equal share. An AHP
    comparison of its sibling group becomes incomplete until the new pairs are judged.
    """
    check_editable(framework, by)
    _check_parent(framework, None, parent)
    _check_code_free(framework, code, Objective, None)
    if weight is None:
        weight = _mean_sibling_weight(framework, parent)
    check_weight(weight)
    if order is None:
        highest = framework.objectives.filter(parent=parent).aggregate(m=Max("order"))["m"]
        order = 0 if highest is None else highest + 1
    return Objective.objects.create(
        municipality=framework.municipality,
        framework=framework,
        parent=parent,
        code=code,
        name=name,
        description=description,
        source=source,
        owner=owner,
        esg_theme=esg_theme,
        kpi=kpi,
        weight=weight,
        order=order,
    )


@transaction.atomic
def objective_update(*, objective: Objective, by: Any, **fields: Any) -> Objective:
    """Change an objective of a draft; a new parent leaves the old group's comparisons."""
    framework = objective.framework
    check_editable(framework, by)
    allowed = {
        "parent",
        "code",
        "name",
        "description",
        "source",
        "owner",
        "esg_theme",
        "kpi",
        "weight",
        "order",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown objective fields: {sorted(unknown)}")
    if "parent" in fields:
        _check_parent(framework, objective, fields["parent"])
    if "code" in fields:
        _check_code_free(framework, fields["code"], Objective, objective.pk)
    if "weight" in fields:
        check_weight(fields["weight"])
    new_parent = fields.get("parent", objective.parent)
    if (new_parent.pk if new_parent else None) != objective.parent_id:
        for comparison in Comparison.objects.filter(
            Q(first_objective=objective) | Q(second_objective=objective)
        ):
            comparison.delete()
    for key, value in fields.items():
        setattr(objective, key, value)
    objective.save()
    return objective


@transaction.atomic
def objective_delete(*, objective: Objective, by: Any) -> None:
    """Remove an objective of a draft, with its sub-objectives and their comparisons."""
    check_editable(objective.framework, by)
    for child in list(Objective.objects.filter(parent=objective)):
        objective_delete(objective=child, by=by)
    objective.delete()


# --- Impact axes ----------------------------------------------------------------------------


def _check_scale(scale_min: int, scale_max: int) -> None:
    if scale_max <= scale_min:
        raise ValidationError(
            {"scale_max": _("De schaal moet van laag naar hoog lopen (‘tot’ groter dan ‘van’).")},
            code="scale",
        )


@transaction.atomic
def axis_create(
    *,
    framework: Framework,
    by: Any,
    code: str,
    name: str,
    description: str = "",
    scale_min: int = 1,
    scale_max: int = 5,
    direction: str = AxisDirection.HIGHER_IS_WORSE,
    weight: Decimal | None = None,
    order: int | None = None,
) -> ImpactAxis:
    """Add an impact axis to a draft (without a weight: the mean of the other axes)."""
    check_editable(framework, by)
    _check_code_free(framework, code, ImpactAxis, None)
    _check_scale(scale_min, scale_max)
    if weight is None:
        weights = list(framework.axes.values_list("weight", flat=True))
        weight = quantize_weight(sum(weights) / len(weights)) if weights else Decimal(1)
    check_weight(weight)
    if order is None:
        highest = framework.axes.aggregate(m=Max("order"))["m"]
        order = 0 if highest is None else highest + 1
    return ImpactAxis.objects.create(
        municipality=framework.municipality,
        framework=framework,
        code=code,
        name=name,
        description=description,
        scale_min=scale_min,
        scale_max=scale_max,
        direction=direction,
        weight=weight,
        order=order,
    )


@transaction.atomic
def axis_update(*, axis: ImpactAxis, by: Any, **fields: Any) -> ImpactAxis:
    """Change an impact axis of a draft."""
    check_editable(axis.framework, by)
    allowed = {
        "code",
        "name",
        "description",
        "scale_min",
        "scale_max",
        "direction",
        "weight",
        "order",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown axis fields: {sorted(unknown)}")
    if "code" in fields:
        _check_code_free(axis.framework, fields["code"], ImpactAxis, axis.pk)
    _check_scale(fields.get("scale_min", axis.scale_min), fields.get("scale_max", axis.scale_max))
    if "weight" in fields:
        check_weight(fields["weight"])
    for key, value in fields.items():
        setattr(axis, key, value)
    axis.save()
    return axis


@transaction.atomic
def axis_delete(*, axis: ImpactAxis, by: Any) -> None:
    """Remove an impact axis (and its comparisons) from a draft."""
    check_editable(axis.framework, by)
    axis.delete()
