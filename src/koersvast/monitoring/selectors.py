"""Reads of monitoring, each with a fixed number of queries whatever the portfolio's size.

Roll-ups (colours, budgets, risks, benefits) are aggregated in the database; Python only
loops over the rows of one page or over a fixed set (colours, 5 × 5 heat map cells).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, NullIf

from koersvast.portfolio.choices import LifecycleState
from koersvast.portfolio.models import Initiative
from koersvast.portfolio.selectors import scope_q
from koersvast.tenancy.models import Municipality

from . import phases
from .choices import (
    ACTIVE_RISK_STATUSES,
    RAG_DEFAULTS,
    Aspect,
    BudgetKind,
    Rag,
    ReportStatus,
)
from .models import (
    Benefit,
    BenefitMeasurement,
    BudgetLine,
    PhaseGate,
    Programme,
    ProgrammeInitiative,
    ProgressReport,
    RagDefinition,
    Risk,
)

ASPECT_FIELDS = [aspect.value for aspect in Aspect]
#: Days after the end of a quarter within which its progress report is due.
REPORT_GRACE_DAYS = 21
RUNNING_STATES = (LifecycleState.IN_PROGRESS,)
#: States in which benefits are still followed (also after the project closed).
BENEFIT_STATES = (LifecycleState.IN_PROGRESS, LifecycleState.COMPLETED, LifecycleState.BENEFITS)
SCALE = range(1, 6)
MONEY = DecimalField(max_digits=16, decimal_places=2)
#: Scope filters shared with the portfolio list and the dashboard (see portfolio.scope_q).
SCOPE_KEYS = ("domain", "programme", "owner", "period")
#: The `rag` filter value for running work without a submitted report.
NO_REPORT = "geen"
#: The `objective` filter value for benefits without an objective.
NO_OBJECTIVE = "geen"


# --- periods -----------------------------------------------------------------------------


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def report_due(year: int, quarter: int) -> datetime.date:
    """The last day to submit the report over a quarter."""
    next_year, next_quarter = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
    start = datetime.date(next_year, 3 * (next_quarter - 1) + 1, 1)
    return start + datetime.timedelta(days=REPORT_GRACE_DAYS)


def reporting_period(today: datetime.date) -> tuple[int, int]:
    """The most recent quarter whose report is due by `today`."""
    year, quarter = previous_quarter(*quarter_of(today))
    if today <= report_due(year, quarter):
        year, quarter = previous_quarter(year, quarter)
    return year, quarter


# --- RAG definitions ---------------------------------------------------------------------


def rag_definitions(municipality_id: int) -> list[tuple[str, str, str]]:
    """(colour, label, meaning) for each colour: the municipality's own or the default."""
    own = dict(
        RagDefinition.objects.filter(municipality_id=municipality_id).values_list(
            "colour", "meaning"
        )
    )
    return [(c.value, str(c.label), own.get(c.value) or str(RAG_DEFAULTS[c])) for c in Rag]


# --- reports -----------------------------------------------------------------------------


def _latest_submitted(outer: str = "pk") -> Any:
    return (
        ProgressReport.objects.filter(initiative_id=OuterRef(outer), status=ReportStatus.SUBMITTED)
        .order_by("-year", "-quarter", "-version")
        .values("pk")[:1]
    )


def _latest_overall(outer: str = "pk") -> Any:
    return (
        ProgressReport.objects.filter(initiative_id=OuterRef(outer), status=ReportStatus.SUBMITTED)
        .order_by("-year", "-quarter", "-version")
        .values("rag_overall")[:1]
    )


def latest_colour(outer: str = "pk") -> Any:
    """Expression: overall colour of the latest submitted report ('' when there is none)."""
    return Coalesce(Subquery(_latest_overall(outer)), Value(""))


def _scope(filters: dict[str, str] | None, prefix: str = "") -> Q:
    return scope_q(filters or {}, prefix)


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
        .filter(_scope(filters))
        .select_related("domain", "contractor")
        .annotate(latest_report_id=Subquery(_latest_submitted()))
        .annotate(latest_overall=Subquery(_latest_overall()))
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
        queryset = queryset.filter(_scope(filters))
    return queryset.order_by("reference")


def colour_counts(
    *, municipality: Municipality, filters: dict[str, str] | None = None
) -> dict[str, int]:
    """Running initiatives per colour of their latest report ('' = no report yet)."""
    rows = (
        Initiative.objects.in_municipality(municipality)
        .filter(state__in=RUNNING_STATES)
        .filter(_scope(filters))
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


# --- risks -------------------------------------------------------------------------------


def risk_register(
    *, municipality: Municipality, filters: dict[str, str] | None = None
) -> QuerySet[Risk]:
    filters = filters or {}
    queryset = (
        Risk.objects.in_municipality(municipality)
        .select_related("initiative", "programme", "owner")
        .order_by("-score", "title", "pk")
    )
    status = filters.get("status", "active")
    if status == "active":
        queryset = queryset.filter(status__in=ACTIVE_RISK_STATUSES)
    elif status:
        queryset = queryset.filter(status=status)
    if filters.get("programme", "").isdigit():
        programme_id = int(filters["programme"])
        queryset = queryset.filter(
            Q(programme_id=programme_id) | Q(initiative__programme_link__programme_id=programme_id)
        )
    # The other scope keys select risks through their initiative (as on the dashboard).
    others = {key: filters[key] for key in ("domain", "owner", "period") if filters.get(key)}
    if others:
        queryset = queryset.filter(_scope(others, "initiative__"))
    return queryset


@dataclass
class HeatMap:
    """Counts of risks per probability × impact cell, highest probability first."""

    rows: list[tuple[int, list[tuple[int, int, int]]]]  # probability, [(impact, score, count)]
    total: int


def heat_map(risks: QuerySet[Risk]) -> HeatMap:
    counts = {
        (p, i): n
        for p, i, n in risks.order_by()
        .values("probability", "impact")
        .annotate(n=Count("pk"))
        .values_list("probability", "impact", "n")
    }
    rows = [(p, [(i, p * i, counts.get((p, i), 0)) for i in SCALE]) for p in reversed(SCALE)]
    return HeatMap(rows=rows, total=sum(counts.values()))


def top_risks(*, municipality: Municipality, limit: int = 10) -> list[Risk]:
    return list(risk_register(municipality=municipality)[:limit])


# --- benefits ----------------------------------------------------------------------------


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
        q &= _scope(others, "initiative__")
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
    from koersvast.framework.choices import EsgTheme

    benefit_rows = {
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


# --- programmes --------------------------------------------------------------------------


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
        for colour in (Rag.RED, Rag.ORANGE, Rag.GREEN):
            if self.colours.get(colour.value):
                return colour.value
        return ""


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
    for row in (
        links.annotate(colour=Coalesce(Subquery(_latest_overall("initiative_id")), Value("")))
        .values("programme_id", "colour")
        .annotate(n=Count("pk"))
    ):
        result[row["programme_id"]].colours[row["colour"]] = row["n"]
    for row in (
        BudgetLine.objects.filter(initiative__programme_link__programme_id__in=ids)
        .order_by()
        .values("initiative__programme_link__programme_id")
        .annotate(actual=Sum("actual"))
    ):
        result[row["initiative__programme_link__programme_id"]].actual = row["actual"]
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
    for row in (
        benefits.order_by()
        .values("owner_programme")
        .annotate(n=Count("pk"), realised=Count("pk", filter=Q(realisation_pct__gte=100)))
    ):
        result[row["owner_programme"]].benefits = row["n"]
        result[row["owner_programme"]].benefits_realised = row["realised"]
    return [result[p.pk] for p in programmes]


def programme_initiatives(*, programme: Programme) -> QuerySet[Initiative]:
    return (
        Initiative.objects.filter(programme_link__programme=programme)
        .select_related("domain", "contractor")
        .annotate(latest_report_id=Subquery(_latest_submitted()))
        .annotate(latest_overall=Subquery(_latest_overall()))
        .order_by("reference")
    )


# --- budget ------------------------------------------------------------------------------


def budget_lines(*, initiative: Initiative) -> QuerySet[BudgetLine]:
    return BudgetLine.objects.filter(initiative=initiative).order_by("year", "kind")


def budget_rollup(*, municipality: Municipality, by: str) -> list[dict[str, Any]]:
    """Planned, actual and forecast per year and kind, per begrotingsprogramma or taakveld."""
    key = {"programma": "initiative__budget_programme", "taakveld": "initiative__taakveld__code"}[
        by
    ]
    sums = {
        "planned": Sum("planned"),
        "actual": Sum("actual"),
        "forecast": Sum("forecast"),
    }
    return list(
        BudgetLine.objects.in_municipality(municipality)
        .order_by()
        .values(key, "year", "kind")
        .annotate(**sums)
        .annotate(group=F(key))
        .order_by(key, "year", "kind")
    )


# --- phases ------------------------------------------------------------------------------


def current_phase(initiative: Initiative, model: list[phases.PhaseStep] | None = None) -> str:
    """The code of the phase the initiative is in: the last gate's, or the model's first.

    Pass the municipality's phase `model` when you have read it already (saves its query).
    """
    last = (
        PhaseGate.objects.filter(initiative=initiative)
        .order_by("-decided_on", "-pk")
        .values_list("to_phase", flat=True)
        .first()
    )
    if last:
        return last
    return (model if model is not None else phases.phase_model(initiative.municipality_id))[0].code


def phase_documents(
    municipality_id: int, code: str, model: list[phases.PhaseStep] | None = None
) -> list[str]:
    """The documents the gate out of this phase asks for, in the municipality's model."""
    steps = model if model is not None else phases.phase_model(municipality_id)
    step = next((s for s in steps if s.code == code), None)
    return list(step.documents) if step else []


# --- the overview ------------------------------------------------------------------------


@dataclass
class MonitoringOverview:
    colours: dict[str, int]
    overdue: list[Initiative]
    overdue_count: int
    period: str
    top_risks: list[Risk]
    objectives: list[ObjectiveRollup]
    rag_definitions: list[tuple[str, str, str]]
    kinds: list[tuple[str, str]] = field(default_factory=lambda: list(BudgetKind.choices))


def monitoring_overview(
    *, municipality: Municipality, today: datetime.date, overdue_limit: int = 20
) -> MonitoringOverview:
    overdue = overdue_initiatives(today=today, municipality=municipality).select_related(
        "contractor"
    )
    year, quarter = reporting_period(today)
    return MonitoringOverview(
        colours=colour_counts(municipality=municipality),
        overdue=list(overdue[:overdue_limit]),
        overdue_count=overdue.count(),
        period=f"{year}-Q{quarter}",
        top_risks=top_risks(municipality=municipality),
        objectives=benefits_by_objective(municipality=municipality, today=today),
        rag_definitions=rag_definitions(municipality.pk),
    )
