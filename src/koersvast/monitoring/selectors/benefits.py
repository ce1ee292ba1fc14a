"""Benefits with their latest measurement, and their roll-ups per objective and ESG theme."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import NullIf

from koersvast.framework.choices import EsgTheme
from koersvast.tenancy.models import Municipality

from ..choices import (
    ACTIVE_RISK_STATUSES,
)
from ..models import (
    Benefit,
    BenefitMeasurement,
    Risk,
)
from .scope import scope

MONEY = DecimalField(max_digits=16, decimal_places=2)


#: The `objective` filter value for benefits without an objective.
NO_OBJECTIVE = "geen"


def _latest_measurement(field_name: str) -> Any:
    return (
        BenefitMeasurement.objects.filter(benefit_id=OuterRef("pk"))
        .order_by("-measured_on")
        .values(field_name)[:1]
    )


def benefits_with_latest(queryset: QuerySet[Benefit]) -> QuerySet[Benefit]:
    """Benefits with their latest value and realisation (share of the planned change)."""
    realisation = ExpressionWrapper(
        (F("latest_value") - F("baseline"))
        * Value(Decimal(100))
        / NullIf(F("target") - F("baseline"), Value(Decimal(0))),
        output_field=MONEY,
    )
    return (
        queryset.annotate(
            latest_value=Subquery(_latest_measurement("value"), output_field=MONEY),
            latest_on=Subquery(_latest_measurement("measured_on")),
        )
        .annotate(realisation_pct=realisation)
        .select_related("initiative", "objective", "owner", "programme")
    )


def _benefit_scope(filters: dict[str, str] | None) -> Q:
    """Scope of benefits: the programme directly or through the initiative; the rest via it."""
    filters = filters or {}
    q = Q()
    if filters.get("programme", "").isdigit():
        programme_id = int(filters["programme"])
        q &= Q(programme_id=programme_id) | Q(initiative__programme_link__programme_id=programme_id)
    others = {key: filters[key] for key in ("domain", "owner", "period") if filters.get(key)}
    if others:
        q &= scope(others, "initiative__")
    return q


def benefit_list(
    *, municipality: Municipality, filters: dict[str, str] | None = None
) -> QuerySet[Benefit]:
    """Benefits with their latest value; optional scope keys and `objective` (a code, or
    "geen" for benefits without an objective)."""
    filters = filters or {}
    queryset = Benefit.objects.in_municipality(municipality).filter(_benefit_scope(filters))
    objective = filters.get("objective", "")
    if objective == NO_OBJECTIVE:
        queryset = queryset.filter(objective__isnull=True)
    elif objective:
        queryset = queryset.filter(objective__code=objective)
    return benefits_with_latest(queryset).order_by("target_date", "name", "pk")


@dataclass
class ObjectiveRollup:
    code: str
    name: str
    esg_theme: str
    benefits: int
    due: int
    realised: int
    average_pct: Decimal | None


def benefits_by_objective(
    *, municipality: Municipality, today: datetime.date, filters: dict[str, str] | None = None
) -> list[ObjectiveRollup]:
    """Per objective: how many benefits, how many are due by now, how many reached target."""
    rows = (
        benefits_with_latest(
            Benefit.objects.in_municipality(municipality).filter(_benefit_scope(filters))
        )
        .order_by()
        .values("objective__code", "objective__name", "objective__esg_theme")
        .annotate(
            n=Count("pk"),
            due=Count("pk", filter=Q(target_date__lte=today)),
            realised=Count("pk", filter=Q(realisation_pct__gte=100)),
            average=Avg("realisation_pct"),
        )
        .order_by("objective__code")
    )
    return [
        ObjectiveRollup(
            code=row["objective__code"] or "",
            name=row["objective__name"] or "",
            esg_theme=row["objective__esg_theme"] or "",
            benefits=row["n"],
            due=row["due"],
            realised=row["realised"],
            average_pct=row["average"],
        )
        for row in rows
    ]


@dataclass
class EsgRollup:
    theme: str
    benefits: int
    realised: int
    average_pct: Decimal | None
    risks: int


def esg_rollup(*, municipality: Municipality) -> list[EsgRollup]:
    """Benefits and active risks per ESG theme of the objectives they serve."""
    benefit_rows: dict[str, Mapping[str, Any]] = {
        row["objective__esg_theme"]: row
        for row in benefits_with_latest(Benefit.objects.in_municipality(municipality))
        .exclude(objective__esg_theme__in=["", None])
        .order_by()
        .values("objective__esg_theme")
        .annotate(
            n=Count("pk"),
            realised=Count("pk", filter=Q(realisation_pct__gte=100)),
            average=Avg("realisation_pct"),
        )
    }
    risk_rows = dict(
        Risk.objects.in_municipality(municipality)
        .filter(status__in=ACTIVE_RISK_STATUSES)
        .filter(initiative__benefits__objective__esg_theme__in=[t.value for t in EsgTheme])
        .order_by()
        .values("initiative__benefits__objective__esg_theme")
        .annotate(n=Count("pk", distinct=True))
        .values_list("initiative__benefits__objective__esg_theme", "n")
    )
    result = []
    for theme in EsgTheme:
        row = benefit_rows.get(theme.value, {})
        result.append(
            EsgRollup(
                theme=str(theme.label),
                benefits=row.get("n", 0),
                realised=row.get("realised", 0),
                average_pct=row.get("average"),
                risks=risk_rows.get(theme.value, 0),
            )
        )
    return result
