"""The demo municipality's afwegingskader: published, with AHP weights for themes and axes.

Idempotent (everything is found by natural keys: framework name + version, objective and axis
codes, comparison pairs) and deterministic (the AHP weights follow from fixed judgements).
The objectives are those of `content.OBJECTIVES`; the weights of the themes are derived from
the judgements below (consistent: CR ≈ 0.02), the weights below the themes are entered directly.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from koersvast import weighing
from koersvast.framework.choices import ComparisonGroup, FrameworkStatus
from koersvast.framework.models import Comparison, Framework, ImpactAxis, Objective
from koersvast.framework.services.versions import STANDARD_AXES
from koersvast.tenancy.models import Municipality

from . import content

PUBLISHED_AT = dt.datetime(2026, 10, 6, 8, 0, tzinfo=dt.UTC)
DESCRIPTION = "Vastgesteld door het college op basis van het coalitieakkoord."

#: How the college compared the four themes (Saaty scale, signed: −k means the second wins).
THEME_JUDGEMENTS: dict[tuple[str, str], int] = {
    ("T1", "T2"): 2,
    ("T1", "T3"): 2,
    ("T1", "T4"): 3,
    ("T2", "T3"): 1,
    ("T2", "T4"): 2,
    ("T3", "T4"): 1,
}

#: How the portfolio board compared the impact axes.
AXIS_JUDGEMENTS: dict[tuple[str, str], int] = {
    ("complexiteit", "risico"): -2,
    ("complexiteit", "capaciteitsbeslag"): -3,
    ("complexiteit", "urgentie"): -2,
    ("risico", "capaciteitsbeslag"): -2,
    ("risico", "urgentie"): 1,
    ("capaciteitsbeslag", "urgentie"): 2,
}


def _ratio(judgement: int) -> float:
    return float(judgement) if judgement >= 1 else 1.0 / -judgement


def _derived(items: list[str], judgements: dict[tuple[str, str], int]) -> dict[str, Decimal]:
    result = weighing.ahp_weights(items, {pair: _ratio(j) for pair, j in judgements.items()})
    return {
        item: Decimal(str(weight)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
        for item, weight in result.weights_by_item().items()
    }


def load_framework(municipality: Municipality) -> Framework:
    """Create or complete the demo's published framework (version 1) and return it."""
    framework, _created = Framework.objects.get_or_create(
        municipality=municipality,
        name=content.FRAMEWORK_NAME,
        version=1,
        defaults={
            "description": DESCRIPTION,
            "status": FrameworkStatus.PUBLISHED,
            "published_at": PUBLISHED_AT,
        },
    )
    themes = [code for code, parent, *_rest in content.OBJECTIVES if parent is None]
    theme_weights = _derived(themes, THEME_JUDGEMENTS)
    objectives: dict[str, Objective] = {}
    for order, (code, parent, name, source, owner, esg, kpi, weight) in enumerate(
        content.OBJECTIVES
    ):
        objectives[code], _ = Objective.objects.update_or_create(
            municipality=municipality,
            framework=framework,
            code=code,
            defaults={
                "parent": objectives[parent] if parent else None,
                "name": name,
                "source": source,
                "owner": owner,
                "esg_theme": esg,
                "kpi": kpi,
                "weight": theme_weights.get(code, Decimal(str(weight))),
                "order": order,
            },
        )
    axis_weights = _derived([axis.code for axis in STANDARD_AXES], AXIS_JUDGEMENTS)
    axes: dict[str, ImpactAxis] = {}
    for order, template in enumerate(STANDARD_AXES):
        axes[template.code], _ = ImpactAxis.objects.update_or_create(
            municipality=municipality,
            framework=framework,
            code=template.code,
            defaults={
                "name": template.name,
                "description": template.description,
                "direction": template.direction,
                "scale_min": 1,
                "scale_max": 5,
                "weight": axis_weights[template.code],
                "order": order,
            },
        )
    for (first, second), judgement in THEME_JUDGEMENTS.items():
        Comparison.objects.update_or_create(
            municipality=municipality,
            framework=framework,
            first_objective=objectives[first],
            second_objective=objectives[second],
            defaults={"group": ComparisonGroup.OBJECTIVES, "parent": None, "judgement": judgement},
        )
    for (first, second), judgement in AXIS_JUDGEMENTS.items():
        Comparison.objects.update_or_create(
            municipality=municipality,
            framework=framework,
            first_axis=axes[first],
            second_axis=axes[second],
            defaults={"group": ComparisonGroup.AXES, "parent": None, "judgement": judgement},
        )
    return framework
