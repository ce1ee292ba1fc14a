"""Reads of progress reports: the latest colour per initiative, overdue work, history."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from koersvast.portfolio.choices import LifecycleState
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality

from ..choices import (
    RAG_DEFAULTS,
    Aspect,
    Rag,
    ReportStatus,
)
from ..models import (
    ProgressReport,
    RagDefinition,
)
from .periods import reporting_period
from .scope import scope

ASPECT_FIELDS = [aspect.value for aspect in Aspect]


RUNNING_STATES = (LifecycleState.IN_PROGRESS,)


#: The `rag` filter value for running work without a submitted report.
NO_REPORT = "geen"


def rag_definitions(municipality_id: int) -> list[tuple[str, str, str]]:
    """(colour, label, meaning) for each colour: the municipality's own or the default."""
    own = dict(
        RagDefinition.objects.filter(municipality_id=municipality_id).values_list(
            "colour", "meaning"
        )
    )
    return [(c.value, str(c.label), own.get(c.value) or str(RAG_DEFAULTS[c])) for c in Rag]


def latest_submitted(outer: str = "pk") -> Any:
    return (
        ProgressReport.objects.filter(initiative_id=OuterRef(outer), status=ReportStatus.SUBMITTED)
        .order_by("-year", "-quarter", "-version")
        .values("pk")[:1]
    )


def latest_overall(outer: str = "pk") -> Any:
    return (
        ProgressReport.objects.filter(initiative_id=OuterRef(outer), status=ReportStatus.SUBMITTED)
        .order_by("-year", "-quarter", "-version")
        .values("rag_overall")[:1]
    )


def latest_colour(outer: str = "pk") -> Any:
    """Expression: overall colour of the latest submitted report ('' when there is none)."""
    return Coalesce(Subquery(latest_overall(outer)), Value(""))


def _missing_report(today: datetime.date, outer: str = "pk") -> Any:
    """Condition: no submitted report over the period that is due by `today`."""
    year, quarter = reporting_period(today)
    submitted = ProgressReport.objects.filter(
        initiative_id=OuterRef(outer), year=year, quarter=quarter, status=ReportStatus.SUBMITTED
    )
    return ~Exists(submitted)


def running_initiatives(
    *,
    municipality: Municipality,
    filters: dict[str, str] | None = None,
    today: datetime.date | None = None,
) -> QuerySet[Initiative]:
    """Running initiatives with the id and colour of their latest submitted report.

    Optional filters: the scope keys, `rag` (a colour, or "geen" for no report yet) and
    `overdue` ("1": only those whose report over the due period is missing; needs `today`).
    """
    filters = filters or {}
    queryset = (
        Initiative.objects.in_municipality(municipality)
        .filter(state__in=RUNNING_STATES)
        .filter(scope(filters))
        .select_related("domain", "contractor")
        .annotate(latest_report_id=Subquery(latest_submitted()))
        .annotate(latest_overall=Subquery(latest_overall()))
        .order_by("reference")
    )
    rag = filters.get("rag", "")
    if rag == NO_REPORT:
        queryset = queryset.filter(latest_overall__isnull=True)
    elif rag in Rag.values:
        queryset = queryset.filter(latest_overall=rag)
    if filters.get("overdue") == "1" and today is not None:
        queryset = queryset.filter(_missing_report(today))
    return queryset


def attach_latest_reports(initiatives: list[Initiative]) -> list[Initiative]:
    """Set `latest_report` on each initiative of a page (one query)."""
    ids = [i.latest_report_id for i in initiatives if i.latest_report_id]  # type: ignore[attr-defined]
    reports = ProgressReport.objects.in_bulk(ids)
    for initiative in initiatives:
        initiative.latest_report = reports.get(initiative.latest_report_id)  # type: ignore[attr-defined]
    return initiatives


def overdue_initiatives(
    *,
    today: datetime.date,
    municipality: Municipality | None = None,
    filters: dict[str, str] | None = None,
) -> QuerySet[Initiative]:
    """Running initiatives without a submitted report over the period that is due."""
    queryset = Initiative.objects.filter(state__in=RUNNING_STATES).filter(_missing_report(today))
    if municipality is not None:
        queryset = queryset.filter(municipality=municipality)
    if filters:
        queryset = queryset.filter(scope(filters))
    return queryset.order_by("reference")


def colour_counts(
    *, municipality: Municipality, filters: dict[str, str] | None = None
) -> dict[str, int]:
    """Running initiatives per colour of their latest report ('' = no report yet)."""
    rows = (
        Initiative.objects.in_municipality(municipality)
        .filter(state__in=RUNNING_STATES)
        .filter(scope(filters))
        .annotate(colour=latest_colour())
        .values("colour")
        .annotate(n=Count("pk"))
        .values_list("colour", "n")
    )
    return dict(rows)


def report_history(*, initiative: Initiative) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(initiative=initiative).select_related(
        "author", "submitted_by", "corrects"
    )
