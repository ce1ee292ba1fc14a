"""Versions of the afwegingskader: the current and published one, one version or element the
user may see, the framework page, what stands in the way of publishing, and the version as the
weighing engine's scoring framework."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from koersvast import weighing
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action

from ..choices import AxisDirection, FrameworkStatus
from ..models import Comparison, Framework, ImpactAxis, Objective
from .tree import ObjectiveNode, flatten, objective_tree
from .weights import WeightGroup, weight_groups

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
