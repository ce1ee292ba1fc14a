"""Programmes and their roll-ups (a fixed number of grouped queries per page)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    F,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality

from ..choices import (
    ACTIVE_RISK_STATUSES,
    worst_colour,
)
from ..models import (
    Benefit,
    BudgetLine,
    Programme,
    ProgrammeInitiative,
    Risk,
)
from .benefits import benefits_with_latest
from .reports import latest_overall, latest_submitted


@dataclass
class ProgrammeRollup:
    programme: Programme
    initiatives: int = 0
    budget: Decimal = Decimal(0)
    actual: Decimal = Decimal(0)
    colours: dict[str, int] = field(default_factory=dict)
    risks: int = 0
    benefits: int = 0
    benefits_realised: int = 0

    @property
    def worst(self) -> str:
        return worst_colour(colour for colour, count in self.colours.items() if count)


def programme_list(*, municipality: Municipality) -> QuerySet[Programme]:
    return (
        Programme.objects.in_municipality(municipality)
        .select_related("owner", "opgave")
        .order_by("name", "pk")
    )


def programme_rollups(programmes: list[Programme]) -> list[ProgrammeRollup]:
    """Roll-ups of a page of programmes: five grouped queries, whatever their size."""
    ids = [p.pk for p in programmes]
    result = {p.pk: ProgrammeRollup(programme=p) for p in programmes}
    links = ProgrammeInitiative.objects.filter(programme_id__in=ids).order_by()
    for row in links.values("programme_id").annotate(
        n=Count("pk"),
        budget=Sum(F("initiative__budget_capital") + F("initiative__budget_operating")),
    ):
        result[row["programme_id"]].initiatives = row["n"]
        result[row["programme_id"]].budget = row["budget"] or Decimal(0)
    for coloured in (
        links.annotate(colour=Coalesce(Subquery(latest_overall("initiative_id")), Value("")))
        .values("programme_id", "colour")
        .annotate(n=Count("pk"))
    ):
        result[coloured["programme_id"]].colours[coloured["colour"]] = coloured["n"]
    for spent in (
        BudgetLine.objects.filter(initiative__programme_link__programme_id__in=ids)
        .order_by()
        .values("initiative__programme_link__programme_id")
        .annotate(actual=Sum("actual"))
    ):
        result[spent["initiative__programme_link__programme_id"]].actual = spent["actual"]
    risks = Risk.objects.filter(status__in=ACTIVE_RISK_STATUSES).order_by()
    for programme_id, n in (
        risks.filter(programme_id__in=ids).values("programme_id").annotate(n=Count("pk"))
    ).values_list("programme_id", "n"):
        result[programme_id].risks += n
    for programme_id, n in (
        risks.filter(initiative__programme_link__programme_id__in=ids)
        .values("initiative__programme_link__programme_id")
        .annotate(n=Count("pk"))
    ).values_list("initiative__programme_link__programme_id", "n"):
        result[programme_id].risks += n
    benefits = benefits_with_latest(
        Benefit.objects.filter(
            Q(programme_id__in=ids) | Q(initiative__programme_link__programme_id__in=ids)
        )
    ).annotate(owner_programme=Coalesce("programme_id", "initiative__programme_link__programme_id"))
    for counted in (
        benefits.order_by()
        .values("owner_programme")
        .annotate(n=Count("pk"), realised=Count("pk", filter=Q(realisation_pct__gte=100)))
    ):
        result[counted["owner_programme"]].benefits = counted["n"]
        result[counted["owner_programme"]].benefits_realised = counted["realised"]
    return [result[p.pk] for p in programmes]


def programme_initiatives(*, programme: Programme) -> QuerySet[Initiative]:
    return (
        Initiative.objects.filter(programme_link__programme=programme)
        .select_related("domain", "contractor")
        .annotate(latest_report_id=Subquery(latest_submitted()))
        .annotate(latest_overall=Subquery(latest_overall()))
        .order_by("reference")
    )
