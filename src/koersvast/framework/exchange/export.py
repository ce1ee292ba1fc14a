"""A framework version as a ``koersvast.framework/1`` document, and its file."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from django.utils import timezone

from ..choices import ComparisonGroup
from ..models import Framework, Objective
from .criteria import criteria_export
from .document import FORMAT, JUDGEMENT_TO_VALUE

# --- Export ---------------------------------------------------------------------------------


def _number(value: Decimal) -> float | int:
    number = float(value)
    return int(number) if number.is_integer() else number


def _in_tree_order(objectives: list[Objective]) -> list[Objective]:
    """The objectives depth first: each followed by its sub-objectives (no queries)."""
    children: dict[int | None, list[Objective]] = {}
    for objective in objectives:
        children.setdefault(objective.parent_id, []).append(objective)
    ordered: list[Objective] = []

    def walk(parent_id: int | None) -> None:
        for objective in children.get(parent_id, []):
            ordered.append(objective)
            walk(objective.pk)

    walk(None)
    return ordered


def _comparisons_export(
    framework: Framework, by_pk: dict[int, Objective], axis_codes: dict[int, str]
) -> list[dict[str, Any]]:
    """The judgements of `framework` by the codes of what they compare, in a stable order."""
    comparisons = []
    for comparison in framework.comparisons.order_by("group", "pk"):
        if comparison.group == ComparisonGroup.AXES:
            first = axis_codes[comparison.first_axis_id]  # type: ignore[index]
            second = axis_codes[comparison.second_axis_id]  # type: ignore[index]
        else:
            first = by_pk[comparison.first_objective_id].code  # type: ignore[index]
            second = by_pk[comparison.second_objective_id].code  # type: ignore[index]
        comparisons.append(
            {
                "group": comparison.group,
                "parent": by_pk[comparison.parent_id].code if comparison.parent_id else None,
                "first": first,
                "second": second,
                "value": JUDGEMENT_TO_VALUE[comparison.judgement],
            }
        )
    comparisons.sort(key=lambda c: (c["group"], c["parent"] or "", c["first"], c["second"]))
    return comparisons


def framework_export(*, framework: Framework) -> dict[str, Any]:
    """The framework version as a ``koersvast.framework/1`` document (a JSON-ready dict)."""
    objectives = list(framework.objectives.order_by("order", "code"))
    by_pk = {o.pk: o for o in objectives}
    ordered = _in_tree_order(objectives)
    axes = list(framework.axes.order_by("order", "code"))
    comparisons = _comparisons_export(framework, by_pk, {a.pk: a.code for a in axes})
    municipality = framework.municipality
    return {
        "format": FORMAT,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "origin": {
            "municipality": {"cbs_code": municipality.cbs_code, "name": municipality.name},
            "version": framework.version,
            "status": framework.status,
            "published_at": framework.published_at.isoformat(timespec="seconds")
            if framework.published_at
            else None,
        },
        "framework": {
            "name": framework.name,
            "description": framework.description,
            "value_weight": _number(framework.value_weight),
            "impact_weight": _number(framework.impact_weight),
        },
        "objectives": [
            {
                "code": o.code,
                "parent": by_pk[o.parent_id].code if o.parent_id else None,
                "name": o.name,
                "description": o.description,
                "source": o.source,
                "owner": o.owner,
                "esg_theme": o.esg_theme,
                "kpi": o.kpi,
                "weight": _number(o.weight),
                "order": o.order,
            }
            for o in ordered
        ],
        "axes": [
            {
                "code": a.code,
                "name": a.name,
                "description": a.description,
                "scale_min": a.scale_min,
                "scale_max": a.scale_max,
                "direction": a.direction,
                "weight": _number(a.weight),
                "order": a.order,
            }
            for a in axes
        ],
        "comparisons": comparisons,
        "criteria": criteria_export(framework.municipality),
    }


def framework_export_bytes(*, framework: Framework) -> bytes:
    return json.dumps(framework_export(framework=framework), ensure_ascii=False, indent=2).encode()


def export_filename(framework: Framework) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", framework.name.lower()).strip("-")[:60] or "afwegingskader"
    return f"{slug}-v{framework.version}.json"
