"""The entity sets of the feed: stable PascalCase names, flat scalar properties, id navigation.

A property's `source` is the ORM lookup behind it; only these whitelisted lookups are ever
used for $select, $filter and $orderby. Every set is scoped to one municipality by its
`queryset` (or `rows`) function, which is the only way the views reach data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, Length, Mod, Replace, Substr
from django.utils import timezone

from koersvast.capacity.models import BudgetCapacity, Demand, PoolCapacity
from koersvast.council.choices import ADOPTED_KINDS, ItemKind, ItemStatus
from koersvast.council.models import CouncilItem
from koersvast.finance.models import (
    BudgetVersion,
    BudgetVersionLine,
    ExploitationLine,
    Funding,
    Investment,
)
from koersvast.finance.selectors import estimate as finance
from koersvast.intake.models import Contribution, ImpactScore, PriorityScore
from koersvast.monitoring.choices import ReportStatus
from koersvast.monitoring.models import (
    Benefit,
    BenefitMeasurement,
    Lesson,
    Opgave,
    Programme,
    ProgrammeReport,
    ProgressReport,
    Risk,
)
from koersvast.planning.choices import RunStatus
from koersvast.planning.models import PlanItem, PlanVersion, Scenario, ScenarioRun
from koersvast.portfolio import custom_fields
from koersvast.portfolio.choices import CustomFieldKind
from koersvast.portfolio.models import Alternative, Dependency, Initiative
from koersvast.tenancy.models import Municipality

from .edm import Edm, Prop

I32, I64, STR, DEC, DATE, DT, BOOL = (
    Edm.INT32,
    Edm.INT64,
    Edm.STRING,
    Edm.DECIMAL,
    Edm.DATE,
    Edm.DATETIME,
    Edm.BOOLEAN,
)


def key(name: str = "Id", source: str = "pk") -> Prop:
    return Prop(name, I64, source, nullable=False)


def money(name: str, source: str, nullable: bool = False) -> Prop:
    return Prop(name, DEC, source, nullable=nullable, precision=14, scale=2)


def stamps() -> tuple[Prop, Prop]:
    return (
        Prop("CreatedAt", DT, "created_at", nullable=False),
        Prop("UpdatedAt", DT, "updated_at", nullable=False),
    )


@dataclass(frozen=True)
class EntitySet:
    name: str
    type_name: str
    props: tuple[Prop, ...]
    queryset: Callable[[Municipality], QuerySet] | None = None
    rows: Callable[[Municipality], list[dict[str, Any]]] | None = None
    key_name: str = "Id"

    @property
    def by_name(self) -> dict[str, Prop]:
        return {prop.name: prop for prop in self.props}

    @property
    def key_prop(self) -> Prop:
        return self.by_name[self.key_name]


def _initiatives(m: Municipality) -> QuerySet:
    return Initiative.objects.filter(municipality=m)


def _dependencies(m: Municipality) -> QuerySet:
    return Dependency.objects.filter(municipality=m)


def _alternatives(m: Municipality) -> QuerySet:
    return Alternative.objects.filter(municipality=m)


def _scores(m: Municipality) -> QuerySet:
    return PriorityScore.objects.filter(municipality=m)


def _contributions(m: Municipality) -> QuerySet:
    return Contribution.objects.filter(municipality=m)


def _impact_scores(m: Municipality) -> QuerySet:
    return ImpactScore.objects.filter(municipality=m)


def _status_reports(m: Municipality) -> QuerySet:
    # Only submitted (frozen) reports: drafts may still change and are not published.
    submitted = ProgressReport.objects.filter(status=ReportStatus.SUBMITTED)
    return submitted.filter(municipality=m).annotate(
        is_superseded=Exists(submitted.filter(corrects=OuterRef("pk")))
    )


def _risks(m: Municipality) -> QuerySet:
    return Risk.objects.filter(municipality=m)


def _benefits(m: Municipality) -> QuerySet:
    latest = BenefitMeasurement.objects.filter(benefit=OuterRef("pk")).order_by(
        "-measured_on", "-pk"
    )
    return Benefit.objects.filter(municipality=m).annotate(
        latest_value=Subquery(
            latest.values("value")[:1], output_field=DecimalField(max_digits=14, decimal_places=2)
        ),
        latest_measured_on=Subquery(latest.values("measured_on")[:1]),
    )


def _council_items(m: Municipality, kinds: tuple[str, ...]) -> QuerySet:
    today = timezone.localdate()
    # Named like a model property: the feeds read it with values(), never on an instance.
    return CouncilItem.objects.filter(municipality=m, kind__in=kinds).annotate(  # type: ignore[no-redef]
        is_overdue=ExpressionWrapper(
            Q(status=ItemStatus.OPEN, due_on__lt=today), output_field=BooleanField()
        )
    )


def _commitments(m: Municipality) -> QuerySet:
    return _council_items(m, (ItemKind.COMMITMENT,))


def _motions(m: Municipality) -> QuerySet:
    return _council_items(m, tuple(ADOPTED_KINDS))


def _council_item_initiatives(m: Municipality) -> QuerySet:
    # The links of toezeggingen and moties to initiatives (the through table of the register).
    return CouncilItem.initiatives.through.objects.filter(councilitem__municipality=m)


def _council_props() -> tuple[Prop, ...]:
    return (
        Prop("Number", STR, "number", nullable=False, max_length=30),
        Prop("Title", STR, "title", nullable=False, max_length=200),
        Prop("Summary", STR, "summary", nullable=False),
        Prop("Date", DATE, "dated_on", nullable=False),
        Prop("OwnerId", I64, "owner_id"),
        Prop("DueDate", DATE, "due_on", nullable=False),
        Prop("Status", STR, "status", nullable=False, max_length=20),
        Prop("Resolution", STR, "resolution", nullable=False),
        Prop("IsOverdue", BOOL, "is_overdue", nullable=False),
        *stamps(),
    )


def _lessons(m: Municipality) -> QuerySet:
    # Tags are stored as "|aanbesteding|communicatie|" (monitoring.models.Lesson); the feed
    # shows "aanbesteding, communicatie", which `contains(Tags, 'aanbesteding')` filters on.
    return Lesson.objects.filter(municipality=m).annotate(
        tag_text=Case(
            When(tags="", then=Value("")),
            default=Replace(Substr("tags", 2, Length("tags") - 2), Value("|"), Value(", ")),
            output_field=CharField(),
        )
    )


def _measurements(m: Municipality) -> QuerySet:
    return BenefitMeasurement.objects.filter(municipality=m)


def _capacity(m: Municipality) -> QuerySet:
    return PoolCapacity.objects.filter(municipality=m)


def _budget(m: Municipality) -> QuerySet:
    return BudgetCapacity.objects.filter(municipality=m)


def _demand(m: Municipality) -> QuerySet:
    # The quarter a demand line falls in: the initiative's earliest start plus the offset
    # (null while the initiative has no start). Integer division in both SQLite and PostgreSQL.
    index = ExpressionWrapper(
        F("initiative__start_year") * 4 + F("initiative__start_quarter") - 1 + F("offset"),
        output_field=IntegerField(),
    )
    return (
        Demand.objects.filter(municipality=m)
        .annotate(period_index=index)
        .annotate(
            period_year=ExpressionWrapper(F("period_index") / 4, output_field=IntegerField()),
            period_quarter=ExpressionWrapper(
                Mod(F("period_index"), 4) + 1, output_field=IntegerField()
            ),
        )
    )


def _programmes(m: Municipality) -> QuerySet:
    return Programme.objects.filter(municipality=m)


def _opgaven(m: Municipality) -> QuerySet:
    return Opgave.objects.filter(municipality=m)


def _programme_reports(m: Municipality) -> QuerySet:
    # Only submitted (frozen) programme reports, as for the project reports.
    return ProgrammeReport.objects.filter(municipality=m, status=ReportStatus.SUBMITTED)


def programme_report_project_rows(m: Municipality) -> list[dict[str, Any]]:
    """One row per project in the frozen snapshot of each submitted programme report (one
    query): the roll-up the programme manager reported on, never today's figures."""
    rows: list[dict[str, Any]] = []
    reports = (
        _programme_reports(m).values("pk", "programme_id", "year", "quarter", "snapshot")
    ).order_by("pk")
    for report in reports:
        for project in (report["snapshot"] or {}).get("projects", []):
            rows.append(
                {
                    "Id": f"{report['pk']}-{project.get('pk')}",
                    "ProgrammeReportId": report["pk"],
                    "ProgrammeId": report["programme_id"],
                    "Year": report["year"],
                    "Quarter": report["quarter"],
                    "InitiativeId": project.get("pk"),
                    "InitiativeReference": str(project.get("reference", ""))[:20],
                    "Rag": str(project.get("rag") or ""),
                    "MilestonesDue": int(project.get("milestones_due", 0)),
                    "MilestonesLate": int(project.get("milestones_late", 0)),
                    "OpenRisks": int(project.get("risks_open", 0)),
                    "BudgetPlanned": Decimal(str(project.get("planned", "0"))).quantize(
                        Decimal("0.01")
                    ),
                    "BudgetActual": Decimal(str(project.get("actual", "0"))).quantize(
                        Decimal("0.01")
                    ),
                }
            )
    return rows


def _plan_items(m: Municipality) -> QuerySet:
    """Every plan version's items (the plan of record: `IsCurrent`), with the version's label,
    baseline flag and deciding body."""
    current = (
        PlanVersion.objects.filter(municipality_id=OuterRef("municipality_id"))
        .order_by("-pk")
        .values("pk")[:1]
    )
    # Named like a model property: the feeds read it with values(), never on an instance.
    return PlanItem.objects.filter(municipality=m).annotate(  # type: ignore[no-redef]
        plan_label=Concat(
            Value("Plan "),
            Cast("version__year", CharField()),
            Value("-"),
            Cast("version__number", CharField()),
            output_field=CharField(),
        ),
        is_current=ExpressionWrapper(Q(version_id=Subquery(current)), output_field=BooleanField()),
        in_plan=ExpressionWrapper(~Q(start_period=""), output_field=BooleanField()),
    )


def _split_period(label: str) -> tuple[int | None, int | None]:
    year, _sep, quarter = label.partition("-Q")
    return (int(year), int(quarter)) if year.isdigit() and quarter.isdigit() else (None, None)


def plan_rows(m: Municipality) -> list[dict[str, Any]]:
    """One row per initiative in the newest finished run of every scenario (two queries)."""
    latest_done = Subquery(
        ScenarioRun.objects.filter(scenario=OuterRef("pk"), status=RunStatus.DONE)
        .order_by("-pk")
        .values("pk")[:1]
    )
    scenarios = {
        s.latest_id: s
        for s in Scenario.objects.filter(municipality=m).annotate(latest_id=latest_done)
        if s.latest_id
    }
    runs = ScenarioRun.objects.filter(pk__in=list(scenarios)).only("problem", "solution")
    rows: list[dict[str, Any]] = []
    for run in runs:
        scenario = scenarios[run.pk]
        problem, solution = run.problem or {}, run.solution or {}
        periods = list(problem.get("periods", []))
        items = {item["id"]: item for item in problem.get("initiatives", [])}
        for entry in solution.get("selected", []):
            item = items.get(entry["id"])
            if item is None or not periods:
                continue
            start = int(entry["start"])
            end = min(int(entry.get("end", start + int(item["duration"]) - 1)), len(periods) - 1)
            start_year, start_quarter = _split_period(periods[start])
            end_year, end_quarter = _split_period(periods[end])
            value = Decimal(str(entry.get("value", item.get("value", 0)))).quantize(
                Decimal("0.0001")
            )
            rows.append(
                {
                    "Id": f"{scenario.pk}-{entry['id']}",
                    "ScenarioId": scenario.pk,
                    "ScenarioName": scenario.name,
                    "IsPlanOfRecord": scenario.is_plan_of_record,
                    "RunId": run.pk,
                    "InitiativeId": item.get("x-pk"),
                    "InitiativeReference": entry["id"],
                    "InitiativeTitle": item.get("name", entry["id"]),
                    "DomainName": item.get("x-domain", ""),
                    "StartPeriod": periods[start],
                    "StartYear": start_year,
                    "StartQuarter": start_quarter,
                    "EndPeriod": periods[end],
                    "EndYear": end_year,
                    "EndQuarter": end_quarter,
                    "DurationQuarters": end - start + 1,
                    "Value": value,
                    "DelayQuarters": start - int(item.get("earliest_start", 0)),
                    "IsRunning": item.get("fixed_start") is not None,
                }
            )
    return rows


def own_field_rows(m: Municipality) -> list[dict[str, Any]]:
    """One row per own intake field value of an initiative (two queries). A long table, since
    every municipality has its own fields: pivot it on FieldCode in Power BI."""
    fields = {f.code: f for f in custom_fields.definitions(m.pk, include_retired=True)}
    rows: list[dict[str, Any]] = []
    initiatives = (
        Initiative.objects.filter(municipality=m)
        .exclude(custom_values={})
        .values("pk", "reference", "custom_values")
        .order_by("pk")
    )
    for initiative in initiatives:
        for code, value in sorted((initiative["custom_values"] or {}).items()):
            field = fields.get(code)
            if field is None or value is None:
                continue
            row = {
                "Id": f"{initiative['pk']}-{code}",
                "InitiativeId": initiative["pk"],
                "InitiativeReference": initiative["reference"],
                "FieldCode": code,
                "FieldLabel": field.name,
                "FieldKind": field.kind,
                "TextValue": str(value).lower() if isinstance(value, bool) else str(value),
                "NumberValue": None,
                "DateValue": None,
                "BooleanValue": None,
            }
            try:
                if field.kind == CustomFieldKind.NUMBER:
                    row["NumberValue"] = Decimal(value).quantize(Decimal("0.0001"))
                elif field.kind == CustomFieldKind.DATE:
                    row["DateValue"] = dt.date.fromisoformat(value)
            except (ArithmeticError, TypeError, ValueError):
                pass  # a value stored before the field's kind changed: the text only
            if field.kind == CustomFieldKind.BOOLEAN and isinstance(value, bool):
                row["BooleanValue"] = value
            rows.append(row)
    return rows


def _investments(m: Municipality) -> QuerySet:
    # Named like a model property: the feeds read it with values(), never on an instance.
    return Investment.objects.filter(municipality=m).annotate(  # type: ignore[no-redef]
        effective_term=Coalesce("term", "category__default_term")
    )


def _exploitation_lines(m: Municipality) -> QuerySet:
    return ExploitationLine.objects.filter(municipality=m)


def _fundings(m: Municipality) -> QuerySet:
    return Funding.objects.filter(municipality=m)


def _budget_versions(m: Municipality) -> QuerySet:
    return BudgetVersion.objects.filter(municipality=m)


def _budget_lines(m: Municipality) -> QuerySet:
    return BudgetVersionLine.objects.filter(municipality=m)


def estimate_rows(m: Municipality) -> list[dict[str, Any]]:
    """The portfolio's meerjarenraming of the coming budget year, one row per line and year
    (four queries: the same selector as the page)."""
    budget_year = finance.default_budget_year()
    raming = finance.meerjarenraming(municipality=m, budget_year=budget_year, filters={})
    return [
        {
            # The municipality's CBS code keeps the key unique across municipalities.
            "Id": f"{m.cbs_code}-{budget_year}-{line.key}-{year}",
            "BudgetYear": budget_year,
            "Line": line.key,
            "Label": str(line.label),
            "Year": year,
            "Amount": amount,
        }
        for line in raming.lines
        for year, amount in zip(raming.years, line.values, strict=True)
    ]


ENTITY_SETS: tuple[EntitySet, ...] = (
    EntitySet(
        "Initiatives",
        "Initiative",
        (
            key(),
            Prop("Reference", STR, "reference", nullable=False, max_length=20),
            Prop("Title", STR, "title", nullable=False, max_length=200),
            Prop("DomainId", I64, "domain_id", nullable=False),
            Prop("DomainName", STR, "domain__name", nullable=False, max_length=100),
            Prop("ProgrammeId", I64, "programme_link__programme_id"),
            Prop("WorkForm", STR, "work_form", nullable=False, max_length=20),
            Prop("State", STR, "state", nullable=False, max_length=20),
            Prop("TaakveldCode", STR, "taakveld__code", max_length=10),
            Prop("BudgetProgramme", STR, "budget_programme", nullable=False, max_length=100),
            Prop("IsContinuity", BOOL, "is_continuity", nullable=False),
            Prop("IsStatutory", BOOL, "is_statutory", nullable=False),
            Prop("HasPoliticalUrgency", BOOL, "has_political_urgency", nullable=False),
            Prop("StartYear", I32, "start_year"),
            Prop("StartQuarter", I32, "start_quarter"),
            Prop("LatestStartYear", I32, "latest_year"),
            Prop("LatestStartQuarter", I32, "latest_quarter"),
            Prop("DurationQuarters", I32, "duration_quarters", nullable=False),
            money("BudgetCapital", "budget_capital"),
            money("BudgetOperating", "budget_operating"),
            *stamps(),
        ),
        queryset=_initiatives,
    ),
    EntitySet(
        "InitiativeFieldValues",
        "InitiativeFieldValue",
        (
            Prop("Id", STR, nullable=False, max_length=60),
            Prop("InitiativeId", I64, nullable=False),
            Prop("InitiativeReference", STR, nullable=False, max_length=20),
            Prop("FieldCode", STR, nullable=False, max_length=40),
            Prop("FieldLabel", STR, nullable=False, max_length=100),
            Prop("FieldKind", STR, nullable=False, max_length=10),
            Prop("TextValue", STR, nullable=False, max_length=1000),
            Prop("NumberValue", DEC, precision=18, scale=4),
            Prop("DateValue", DATE),
            Prop("BooleanValue", BOOL),
        ),
        rows=own_field_rows,
    ),
    # Dependencies and alternatives (decision 0404): B (successor) waits for A (predecessor).
    EntitySet(
        "Dependencies",
        "Dependency",
        (
            key(),
            Prop("PredecessorId", I64, "predecessor_id", nullable=False),
            Prop(
                "PredecessorReference", STR, "predecessor__reference", nullable=False, max_length=20
            ),
            Prop("SuccessorId", I64, "successor_id", nullable=False),
            Prop("SuccessorReference", STR, "successor__reference", nullable=False, max_length=20),
            Prop("Kind", STR, "kind", nullable=False, max_length=20),
            Prop("LagQuarters", I32, "lag_quarters", nullable=False),
            *stamps(),
        ),
        queryset=_dependencies,
    ),
    EntitySet(
        "Alternatives",
        "Alternative",
        (
            key(),
            Prop("InitiativeId", I64, "initiative_id", nullable=False),
            Prop(
                "InitiativeReference", STR, "initiative__reference", nullable=False, max_length=20
            ),
            Prop("GroupId", I64, "group_id", nullable=False),
            Prop("GroupName", STR, "group__name", nullable=False, max_length=200),
        ),
        queryset=_alternatives,
    ),
    EntitySet(
        "Scores",
        "Score",
        (
            key(),
            Prop("InitiativeId", I64, "initiative_id", nullable=False),
            Prop("FrameworkId", I64, "framework_id", nullable=False),
            Prop("FrameworkName", STR, "framework__name", nullable=False, max_length=200),
            Prop("FrameworkVersion", I32, "framework__version", nullable=False),
            Prop("FrameworkStatus", STR, "framework__status", nullable=False, max_length=20),
            Prop("Total", DEC, "total", nullable=False, precision=7, scale=3),
            Prop("ValuePart", DEC, "value_part", nullable=False, precision=7, scale=5),
            Prop("ImpactPart", DEC, "impact_part", nullable=False, precision=7, scale=5),
            Prop("Incomplete", BOOL, "incomplete", nullable=False),
            *stamps(),
        ),
        queryset=_scores,
    ),
    EntitySet(
        "Contributions",
        "Contribution",
        (
            key(),
            Prop("InitiativeId", I64, "initiative_id", nullable=False),
            Prop("ObjectiveId", I64, "objective_id", nullable=False),
            Prop("ObjectiveCode", STR, "objective__code", nullable=False, max_length=20),
            Prop("ObjectiveName", STR, "objective__name", nullable=False, max_length=200),
            Prop("Score", I32, "score", nullable=False),
            Prop("Reason", STR, "reason", nullable=False, max_length=300),
        ),
        queryset=_contributions,
    ),
    EntitySet(
        "ImpactScores",
        "ImpactScore",
        (
            key(),
            Prop("InitiativeId", I64, "initiative_id", nullable=False),
            Prop("AxisId", I64, "axis_id", nullable=False),
            Prop("AxisCode", STR, "axis__code", nullable=False, max_length=30),
            Prop("AxisName", STR, "axis__name", nullable=False, max_length=100),
            Prop("Score", I32, "score", nullable=False),
            Prop("Reason", STR, "reason", nullable=False, max_length=300),
        ),
        queryset=_impact_scores,
    ),
    EntitySet(
        "Plan",
        "PlanLine",
        (
            Prop("Id", STR, nullable=False, max_length=40),
            Prop("ScenarioId", I64, nullable=False),
            Prop("ScenarioName", STR, nullable=False, max_length=200),
            Prop("IsPlanOfRecord", BOOL, nullable=False),
            Prop("RunId", I64, nullable=False),
            Prop("InitiativeId", I64),
            Prop("InitiativeReference", STR, nullable=False, max_length=20),
            Prop("InitiativeTitle", STR, nullable=False, max_length=200),
            Prop("DomainName", STR, nullable=False, max_length=100),
            Prop("StartPeriod", STR, nullable=False, max_length=7),
            Prop("StartYear", I32),
            Prop("StartQuarter", I32),
            Prop("EndPeriod", STR, nullable=False, max_length=7),
            Prop("EndYear", I32),
            Prop("EndQuarter", I32),
            Prop("DurationQuarters", I32, nullable=False),
            Prop("Value", DEC, nullable=False, precision=14, scale=4),
            Prop("DelayQuarters", I32, nullable=False),
            Prop("IsRunning", BOOL, nullable=False),
        ),
        rows=plan_rows,
    ),
    EntitySet(
        "PlanItems",
        "PlanItem",
        (
            key(),
            Prop("PlanVersionId", I64, "version_id", nullable=False),
            Prop("PlanVersion", STR, "plan_label", nullable=False, max_length=30),
            Prop("IsCurrent", BOOL, "is_current", nullable=False),
            Prop("IsBaseline", BOOL, "version__is_baseline", nullable=False),
            Prop("AdoptedAt", DT, "version__adopted_at", nullable=False),
            Prop(
                "DecisionBody", STR, "version__decision__body__name", nullable=False, max_length=100
            ),
            Prop("InitiativeId", I64, "initiative_id", nullable=False),
            Prop(
                "InitiativeReference", STR, "initiative__reference", nullable=False, max_length=20
            ),
            Prop("InPlan", BOOL, "in_plan", nullable=False),
            Prop("StartPeriod", STR, "start_period", nullable=False, max_length=10),
            Prop("StartYear", I32, "start_year"),
            Prop("StartQuarter", I32, "start_quarter"),
            Prop("EndPeriod", STR, "end_period", nullable=False, max_length=10),
            Prop("EndYear", I32, "end_year"),
            Prop("EndQuarter", I32, "end_quarter"),
            Prop("IsRunning", BOOL, "running", nullable=False),
            Prop("Reason", STR, "reason", nullable=False),
        ),
        queryset=_plan_items,
    ),
    EntitySet(
        "CapacityDemand",
        "CapacityDemandLine",
        (
            key(),
            Prop("InitiativeId", I64, "initiative_id", nullable=False),
            Prop("PoolId", I64, "pool_id", nullable=False),
            Prop("PoolCode", STR, "pool__code", nullable=False, max_length=20),
            Prop("Offset", I32, "offset", nullable=False),
            Prop("Year", I32, "period_year"),
            Prop("Quarter", I32, "period_quarter"),
            Prop("Hours", DEC, "hours", nullable=False, precision=8, scale=1),
        ),
        queryset=_demand,
    ),
    EntitySet(
        "StatusReports",
        "StatusReport",
        (
            key(),
            Prop("InitiativeId", I64, "initiative_id", nullable=False),
            Prop("Year", I32, "year", nullable=False),
            Prop("Quarter", I32, "quarter", nullable=False),
            Prop("Version", I32, "version", nullable=False),
            Prop("CorrectsId", I64, "corrects_id"),
            Prop("IsSuperseded", BOOL, "is_superseded", nullable=False),
            Prop("RagTime", STR, "rag_time", nullable=False, max_length=10),
            Prop("RagMoney", STR, "rag_money", nullable=False, max_length=10),
            Prop("RagScope", STR, "rag_scope", nullable=False, max_length=10),
            Prop("RagQuality", STR, "rag_quality", nullable=False, max_length=10),
            Prop("RagRisks", STR, "rag_risks", nullable=False, max_length=10),
            Prop("RagCapacity", STR, "rag_capacity", nullable=False, max_length=10),
            Prop("RagSupport", STR, "rag_support", nullable=False, max_length=10),
            Prop("RagOverall", STR, "rag_overall", nullable=False, max_length=10),
            Prop("Narrative", STR, "narrative", nullable=False),
            Prop("Forecast", STR, "forecast", nullable=False),
            Prop("DecisionsNeeded", STR, "decisions_needed", nullable=False),
            Prop("SubmittedAt", DT, "submitted_at"),
        ),
        queryset=_status_reports,
    ),
    EntitySet(
        "Risks",
        "Risk",
        (
            key(),
            Prop("InitiativeId", I64, "initiative_id"),
            Prop("ProgrammeId", I64, "programme_id"),
            Prop("Title", STR, "title", nullable=False, max_length=300),
            Prop("Probability", I32, "probability", nullable=False),
            Prop("Impact", I32, "impact", nullable=False),
            Prop("Score", I32, "score", nullable=False),
            Prop("Status", STR, "status", nullable=False, max_length=20),
            Prop("Source", STR, "source", nullable=False, max_length=20),
            Prop("Mitigation", STR, "mitigation", nullable=False),
            Prop("ReviewDate", DATE, "review_date"),
            *stamps(),
        ),
        queryset=_risks,
    ),
    EntitySet(
        "Benefits",
        "Benefit",
        (
            key(),
            Prop("InitiativeId", I64, "initiative_id"),
            Prop("ProgrammeId", I64, "programme_id"),
            Prop("ObjectiveId", I64, "objective_id"),
            Prop("Name", STR, "name", nullable=False, max_length=200),
            Prop("Kpi", STR, "kpi", nullable=False, max_length=200),
            Prop("Unit", STR, "unit", nullable=False, max_length=40),
            money("Baseline", "baseline"),
            money("Target", "target"),
            Prop("TargetDate", DATE, "target_date", nullable=False),
            money("LatestValue", "latest_value", nullable=True),
            Prop("LatestMeasuredOn", DATE, "latest_measured_on"),
        ),
        queryset=_benefits,
    ),
    EntitySet(
        "BenefitMeasurements",
        "BenefitMeasurement",
        (
            key(),
            Prop("BenefitId", I64, "benefit_id", nullable=False),
            Prop("MeasuredOn", DATE, "measured_on", nullable=False),
            money("Value", "value"),
            Prop("Note", STR, "note", nullable=False, max_length=300),
        ),
        queryset=_measurements,
    ),
    # Lessons learned (geleerde lessen, decision 0302): of an initiative, or of the portfolio.
    EntitySet(
        "Lessons",
        "Lesson",
        (
            key(),
            Prop("InitiativeId", I64, "initiative_id"),
            Prop("InitiativeReference", STR, "initiative__reference", max_length=20),
            Prop("DomainId", I64, "domain_id"),
            Prop("DomainName", STR, "domain__name", max_length=100),
            Prop("Title", STR, "title", nullable=False, max_length=200),
            Prop("WhatHappened", STR, "what_happened", nullable=False),
            Prop("ToRepeat", STR, "to_repeat", nullable=False),
            Prop("ToAvoid", STR, "to_avoid", nullable=False),
            Prop("Tags", STR, "tag_text", nullable=False, max_length=500),
            Prop("RecordedById", I64, "recorded_by_id"),
            *stamps(),
        ),
        queryset=_lessons,
    ),
    EntitySet(
        "Capacity",
        "PoolCapacity",
        (
            key(),
            Prop("PoolId", I64, "pool_id", nullable=False),
            Prop("PoolCode", STR, "pool__code", nullable=False, max_length=20),
            Prop("PoolName", STR, "pool__name", nullable=False, max_length=100),
            Prop("Year", I32, "year", nullable=False),
            Prop("Quarter", I32, "quarter", nullable=False),
            Prop("Fte", DEC, "fte", nullable=False, precision=7, scale=2),
            Prop("HoursPerFte", DEC, "pool__hours_per_fte", nullable=False, precision=6, scale=1),
            Prop("GoingConcernPct", I32, "pool__going_concern_pct", nullable=False),
        ),
        queryset=_capacity,
    ),
    EntitySet(
        "BudgetRoom",
        "BudgetRoom",
        (
            key(),
            Prop("Kind", STR, "kind", nullable=False, max_length=20),
            Prop("Year", I32, "year", nullable=False),
            Prop("Amount", DEC, "amount", nullable=False, precision=14, scale=0),
        ),
        queryset=_budget,
    ),
    EntitySet(
        "Programmes",
        "Programme",
        (
            key(),
            Prop("Name", STR, "name", nullable=False, max_length=200),
            Prop("Goals", STR, "goals", nullable=False),
            Prop("OpgaveId", I64, "opgave_id"),
            Prop("OwnerId", I64, "owner_id"),
            Prop("SteeringGroupId", I64, "steering_group_id"),
            Prop("SteeringGroupName", STR, "steering_group__name", max_length=100),
            money("OwnBudget", "own_budget", nullable=True),
        ),
        queryset=_programmes,
    ),
    EntitySet(
        "Opgaven",
        "Opgave",
        (
            key(),
            Prop("Name", STR, "name", nullable=False, max_length=200),
            Prop("Description", STR, "description", nullable=False),
            Prop("Goals", STR, "goals", nullable=False),
            Prop("OwnerId", I64, "owner_id"),
        ),
        queryset=_opgaven,
    ),
    EntitySet(
        "ProgrammeReports",
        "ProgrammeReport",
        (
            key(),
            Prop("ProgrammeId", I64, "programme_id", nullable=False),
            Prop("Year", I32, "year", nullable=False),
            Prop("Quarter", I32, "quarter", nullable=False),
            Prop("Rag", STR, "rag", nullable=False, max_length=10),
            Prop("Summary", STR, "summary", nullable=False),
            Prop("DecisionsNeeded", STR, "decisions_needed", nullable=False),
            Prop("SubmittedAt", DT, "submitted_at"),
        ),
        queryset=_programme_reports,
    ),
    EntitySet(
        "ProgrammeReportProjects",
        "ProgrammeReportProject",
        (
            Prop("Id", STR, nullable=False, max_length=40),
            Prop("ProgrammeReportId", I64, nullable=False),
            Prop("ProgrammeId", I64, nullable=False),
            Prop("Year", I32, nullable=False),
            Prop("Quarter", I32, nullable=False),
            Prop("InitiativeId", I64),
            Prop("InitiativeReference", STR, nullable=False, max_length=20),
            Prop("Rag", STR, nullable=False, max_length=10),
            Prop("MilestonesDue", I32, nullable=False),
            Prop("MilestonesLate", I32, nullable=False),
            Prop("OpenRisks", I32, nullable=False),
            Prop("BudgetPlanned", DEC, nullable=False, precision=14, scale=2),
            Prop("BudgetActual", DEC, nullable=False, precision=14, scale=2),
        ),
        rows=programme_report_project_rows,
    ),
    EntitySet(
        "Investments",
        "Investment",
        (
            key(),
            Prop("InitiativeId", I64, "initiative_id", nullable=False),
            Prop(
                "InitiativeReference", STR, "initiative__reference", nullable=False, max_length=20
            ),
            Prop("Description", STR, "description", nullable=False, max_length=200),
            money("Amount", "amount"),
            Prop("ActivationYear", I32, "activation_year", nullable=False),
            Prop("CategoryId", I64, "category_id", nullable=False),
            Prop("CategoryName", STR, "category__name", nullable=False, max_length=100),
            Prop("Term", I32, "effective_term", nullable=False),
            Prop("Utility", STR, "utility", nullable=False, max_length=20),
            Prop("Method", STR, "method", nullable=False, max_length=20),
            money("ResidualValue", "residual_value"),
            *stamps(),
        ),
        queryset=_investments,
    ),
    EntitySet(
        "ExploitationLines",
        "ExploitationLine",
        (
            key(),
            Prop("InitiativeId", I64, "initiative_id", nullable=False),
            Prop("Year", I32, "year", nullable=False),
            Prop("Side", STR, "side", nullable=False, max_length=10),
            Prop("Nature", STR, "nature", nullable=False, max_length=15),
            money("Amount", "amount"),
            Prop("Description", STR, "description", nullable=False, max_length=200),
            *stamps(),
        ),
        queryset=_exploitation_lines,
    ),
    EntitySet(
        "Fundings",
        "Funding",
        (
            key(),
            Prop("InitiativeId", I64, "initiative_id", nullable=False),
            Prop("Source", STR, "source", nullable=False, max_length=30),
            Prop("SourceName", STR, "source_name", nullable=False, max_length=200),
            Prop("Year", I32, "year", nullable=False),
            Prop("Nature", STR, "nature", nullable=False, max_length=15),
            money("Amount", "amount"),
            *stamps(),
        ),
        queryset=_fundings,
    ),
    EntitySet("Commitments", "Commitment", (key(), *_council_props()), queryset=_commitments),
    EntitySet(
        "Motions",
        "Motion",
        (key(), Prop("Kind", STR, "kind", nullable=False, max_length=20), *_council_props()),
        queryset=_motions,
    ),
    EntitySet(
        "CouncilItemInitiatives",
        "CouncilItemInitiative",
        (
            key(),
            Prop("CouncilItemId", I64, "councilitem_id", nullable=False),
            Prop("InitiativeId", I64, "initiative_id", nullable=False),
            Prop(
                "InitiativeReference", STR, "initiative__reference", nullable=False, max_length=20
            ),
        ),
        queryset=_council_item_initiatives,
    ),
    EntitySet(
        "BudgetVersions",
        "BudgetVersion",
        (
            key(),
            Prop("BudgetYear", I32, "budget_year", nullable=False),
            Prop("Kind", STR, "kind", nullable=False, max_length=12),
            Prop("Number", I32, "number", nullable=False),
            Prop("Title", STR, "title", nullable=False, max_length=200),
            Prop("Moment", STR, "moment", nullable=False, max_length=20),
            Prop("BodyId", I64, "body_id", nullable=False),
            Prop("BodyName", STR, "body__name", nullable=False, max_length=100),
            Prop("DecidedOn", DATE, "decided_on", nullable=False),
            Prop("DecisionReference", STR, "decision_reference", nullable=False, max_length=100),
            *stamps(),
        ),
        queryset=_budget_versions,
    ),
    EntitySet(
        "BudgetLines",
        "BudgetLine",
        (
            key(),
            Prop("VersionId", I64, "version_id", nullable=False),
            Prop("BudgetYear", I32, "version__budget_year", nullable=False),
            Prop("VersionKind", STR, "version__kind", nullable=False, max_length=12),
            Prop("VersionNumber", I32, "version__number", nullable=False),
            Prop("InitiativeId", I64, "initiative_id"),
            Prop("InitiativeReference", STR, "reference", nullable=False, max_length=20),
            Prop("BudgetProgramme", STR, "programme", nullable=False, max_length=100),
            Prop("Line", STR, "key", nullable=False, max_length=25),
            Prop("Year", I32, "year", nullable=False),
            money("Amount", "amount"),
            *stamps(),
        ),
        queryset=_budget_lines,
    ),
    EntitySet(
        "MultiYearEstimate",
        "MultiYearEstimateLine",
        (
            Prop("Id", STR, nullable=False, max_length=40),
            Prop("BudgetYear", I32, nullable=False),
            Prop("Line", STR, nullable=False, max_length=30),
            Prop("Label", STR, nullable=False, max_length=100),
            Prop("Year", I32, nullable=False),
            Prop("Amount", DEC, nullable=False, precision=16, scale=2),
        ),
        rows=estimate_rows,
    ),
)

BY_NAME: dict[str, EntitySet] = {entity_set.name: entity_set for entity_set in ENTITY_SETS}
