"""Versions of the afwegingskader: a new draft (with the standard impact axes), its edits,
vaststellen (publishing, after which it never changes) and a new version copied from one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from koersvast.tenancy.models import Municipality

from ..choices import AxisDirection, FrameworkStatus
from ..models import Comparison, Framework, ImpactAxis, Objective
from ..selectors import versions as selectors
from .common import check_draft, check_editable, check_may_manage, quantize_weight


@dataclass(frozen=True)
class AxisTemplate:
    """A standard impact axis that every new framework starts with."""

    code: str
    name: str
    description: str
    direction: str


#: The four axes of the issue; stored in Dutch because they are data, not interface text.
STANDARD_AXES: tuple[AxisTemplate, ...] = (
    AxisTemplate(
        "complexiteit",
        "Complexiteit",
        "Technische, organisatorische en bestuurlijke complexiteit.",
        AxisDirection.HIGHER_IS_WORSE,
    ),
    AxisTemplate(
        "risico", "Risico", "Kans op en gevolg van tegenvallers.", AxisDirection.HIGHER_IS_WORSE
    ),
    AxisTemplate(
        "capaciteitsbeslag",
        "Capaciteitsbeslag",
        "Beslag op schaarse capaciteit (projectleiders, specialisten).",
        AxisDirection.HIGHER_IS_WORSE,
    ),
    AxisTemplate(
        "urgentie",
        "Urgentie",
        "Hoe snel het moet: wettelijke termijn, bestuurlijke afspraak, risico bij uitstel.",
        AxisDirection.HIGHER_IS_BETTER,
    ),
)


# --- Versions -------------------------------------------------------------------------------


def next_version(*, municipality: Municipality, name: str) -> int:
    """The next free version number for a framework name in a municipality."""
    highest = (
        Framework.objects.in_municipality(municipality)
        .filter(name=name)
        .aggregate(highest=Max("version"))["highest"]
    )
    return (highest or 0) + 1


@transaction.atomic
def framework_create(
    *,
    municipality: Municipality,
    name: str,
    by: Any,
    description: str = "",
    standard_axes: bool = True,
) -> Framework:
    """A new draft framework (version 1, or the next free version of that name).

    It starts with the four standard impact axes (complexity, risk, capacity demand, urgency),
    equally weighted on a 1–5 scale.
    """
    check_may_manage(by, municipality.pk)
    framework = Framework.objects.create(
        municipality=municipality,
        name=name,
        version=next_version(municipality=municipality, name=name),
        description=description,
    )
    if standard_axes:
        for order, axis in enumerate(STANDARD_AXES):
            ImpactAxis.objects.create(
                municipality=municipality,
                framework=framework,
                code=axis.code,
                name=axis.name,
                description=axis.description,
                direction=axis.direction,
                weight=quantize_weight(Decimal(1) / len(STANDARD_AXES)),
                order=order,
            )
    return framework


@transaction.atomic
def framework_update(
    *,
    framework: Framework,
    by: Any,
    name: str,
    description: str,
    value_weight: Decimal,
    impact_weight: Decimal,
) -> Framework:
    """Change the name, description and value/impact split of a draft."""
    check_editable(framework, by)
    if value_weight < 0 or impact_weight < 0 or value_weight + impact_weight <= 0:
        raise ValidationError(
            _("De verdeling tussen bijdrage aan doelen en impact moet samen meer dan 0 zijn."),
            code="split",
        )
    if (
        name != framework.name
        and Framework.objects.in_municipality(framework.municipality)
        .filter(name=name, version=framework.version)
        .exclude(pk=framework.pk)
        .exists()
    ):
        raise ValidationError(
            {"name": _("Er is al een afwegingskader met deze naam en dit versienummer.")}
        )
    framework.name = name
    framework.description = description
    framework.value_weight = value_weight
    framework.impact_weight = impact_weight
    framework.save()
    return framework


@transaction.atomic
def framework_publish(
    *,
    framework: Framework,
    by: Any,
    body: Any = None,
    decision_date: date | None = None,
    rationale: str = "",
) -> Framework:
    """Vaststellen: make a draft the immutable, published version.

    Refused when the draft is not usable (no objectives or axes, a sibling group with only zero
    weights); AHP consistency warnings do not block. Records when and by whom, and the
    decision that adopted it (the gremium, usually the college, its date and rationale).
    """
    check_may_manage(by, framework.municipality_id)
    if body is not None and body.municipality_id != framework.municipality_id:
        raise ValidationError({"body": _("Kies een gremium van de eigen gemeente.")})
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    check_draft(framework)
    readiness = selectors.readiness(framework=framework)
    if not readiness.can_publish:
        raise ValidationError(readiness.errors, code="not_ready")
    framework.status = FrameworkStatus.PUBLISHED
    framework.published_at = timezone.now()
    framework.published_by = by
    framework.decision_body = body
    framework.decision_date = decision_date or (timezone.localdate() if body else None)
    framework.decision_rationale = rationale
    framework.save()
    return framework


def _copy_objectives(framework: Framework, copy: Framework) -> dict[int, Objective]:
    """Copy the objectives of `framework` into `copy`, parents first; old pk → new objective."""
    objective_map: dict[int, Objective] = {}
    children: dict[int | None, list[Objective]] = {}
    for objective in framework.objectives.order_by("order", "code"):
        children.setdefault(objective.parent_id, []).append(objective)

    def copy_children(parent_id: int | None) -> None:
        for old in children.get(parent_id, []):
            objective_map[old.pk] = Objective.objects.create(
                municipality=copy.municipality,
                framework=copy,
                parent=objective_map[parent_id] if parent_id else None,
                code=old.code,
                name=old.name,
                description=old.description,
                source=old.source,
                owner=old.owner,
                esg_theme=old.esg_theme,
                kpi=old.kpi,
                weight=old.weight,
                order=old.order,
            )
            copy_children(old.pk)

    copy_children(None)
    return objective_map


@transaction.atomic
def framework_new_version(*, framework: Framework, by: Any) -> Framework:
    """A new draft copied from `framework` (published or draft), with the next version number.

    Objectives (with their tree), impact axes and comparisons are copied; the source version
    is left untouched.
    """
    check_may_manage(by, framework.municipality_id)
    copy = Framework.objects.create(
        municipality=framework.municipality,
        name=framework.name,
        version=next_version(municipality=framework.municipality, name=framework.name),
        description=framework.description,
        value_weight=framework.value_weight,
        impact_weight=framework.impact_weight,
        based_on=framework,
    )
    objective_map = _copy_objectives(framework, copy)
    axis_map: dict[int, ImpactAxis] = {}
    for old_axis in framework.axes.order_by("order", "code"):
        axis_map[old_axis.pk] = ImpactAxis.objects.create(
            municipality=copy.municipality,
            framework=copy,
            code=old_axis.code,
            name=old_axis.name,
            description=old_axis.description,
            scale_min=old_axis.scale_min,
            scale_max=old_axis.scale_max,
            direction=old_axis.direction,
            weight=old_axis.weight,
            order=old_axis.order,
        )
    for comparison in framework.comparisons.order_by("pk"):
        Comparison.objects.create(
            municipality=copy.municipality,
            framework=copy,
            group=comparison.group,
            parent=objective_map.get(comparison.parent_id) if comparison.parent_id else None,
            first_objective=objective_map.get(comparison.first_objective_id or 0),
            second_objective=objective_map.get(comparison.second_objective_id or 0),
            first_axis=axis_map.get(comparison.first_axis_id or 0),
            second_axis=axis_map.get(comparison.second_axis_id or 0),
            judgement=comparison.judgement,
        )
    return copy
