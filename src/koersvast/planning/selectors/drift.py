"""Plan drift (plandrift): where reality has left the plan of record.

An initiative in the current plan lags when
- it started later than planned (running work: its actual start against the planned start), or
  its planned start has passed while it has not started (admitted or planned work: the current
  quarter against the planned start);
- its milestones or its latest progress report expect it to finish later than planned: the
  later of the quarter of the latest expected milestone date (actual, else forecast, else
  baseline) and the expected end the newest submitted report names, against the planned end.
The lag is the larger of the two, in quarters. A fixed number of queries (two), whatever the
size of the plan; the dashboard and the monitoring overview show the same figures.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import DateField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from koersvast.core.periods import Quarter
from koersvast.monitoring.choices import ReportStatus
from koersvast.monitoring.models import Milestone, ProgressReport
from koersvast.portfolio.choices import LifecycleState
from koersvast.portfolio.models import Initiative

from ..models import PlanItem, PlanVersion
from .plan import current_version

NOT_STARTED = (LifecycleState.ADMITTED, LifecycleState.PLANNED)
STARTED = (LifecycleState.IN_PROGRESS,)


def quarter_index(year: int | None, quarter: int | None) -> int:
    """The ordinal of a plan item's quarter (read with `__isnull=False`: never None)."""
    assert year is not None
    assert quarter is not None
    return Quarter(year, quarter).ordinal


def index_label(index: int) -> str:
    return Quarter.from_ordinal(index).label


def date_index(day: datetime.date) -> int:
    return Quarter.of(day).ordinal


@dataclass
class DriftRow:
    """One initiative behind the plan of record."""

    initiative_id: int
    reference: str
    title: str
    state: str
    planned_start: str
    planned_end: str
    start: str  # the actual start, or "" when it has not started
    expected_end: str  # from the milestones or the latest progress report, or ""
    start_lag: int  # quarters (0 when on time)
    end_lag: int
    end_source: str = ""  # "milestones" or "report"
    # Initiatives that wait for this one and must move along: (reference, planned start,
    # earliest start now), decision 0407.
    dependants: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def lag(self) -> int:
        return max(self.start_lag, self.end_lag)

    @property
    def state_label(self) -> str:
        return str(LifecycleState(self.state).label)


@dataclass
class PlanDrift:
    """The initiatives that lag behind the plan of record, the longest lag first."""

    version: PlanVersion
    rows: list[DriftRow] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def periods(self) -> int:
        return sum(row.lag for row in self.rows)


def milestone_end(outer: str) -> Subquery:
    """The latest date an initiative's milestones expect (actual, else forecast, else baseline);
    `outer` names the initiative's id in the outer query."""
    return Subquery(
        Milestone.objects.filter(initiative_id=OuterRef(outer))
        .annotate(
            expected=Coalesce(
                "actual_date", "forecast_date", "baseline_date", output_field=DateField()
            )
        )
        .order_by("-expected")
        .values("expected")[:1],
        output_field=DateField(),
    )


def reported_end(outer: str) -> dict[str, Subquery]:
    """The expected end (year, quarter) the newest submitted progress report that names one
    gives, as annotations `reported_end_year` and `reported_end_quarter`."""
    latest = ProgressReport.objects.filter(
        initiative_id=OuterRef(outer),
        status=ReportStatus.SUBMITTED,
        expected_end_year__isnull=False,
        expected_end_quarter__isnull=False,
    ).order_by("-year", "-quarter", "-version")
    return {
        "reported_end_year": Subquery(latest.values("expected_end_year")[:1]),
        "reported_end_quarter": Subquery(latest.values("expected_end_quarter")[:1]),
    }


def expected_end_index(
    milestone: datetime.date | None, year: int | None, quarter: int | None
) -> tuple[int | None, str]:
    """The later of the milestones' and the progress report's expected end (quarter index),
    and where it comes from ("mijlpalen", "voortgangsrapportage")."""
    found: list[tuple[int, str]] = []
    if milestone is not None:
        found.append((date_index(milestone), "milestones"))
    if year and quarter:
        found.append((quarter_index(year, quarter), "report"))
    if not found:
        return None, ""
    return max(found)


def plan_drift(
    *,
    municipality_id: int,
    today: datetime.date,
    scope: Q | None = None,
    version: PlanVersion | None = None,
) -> PlanDrift | None:
    """The drift of the plan of record (or of `version`) on `today`; `scope` narrows the
    initiatives (a Q on the initiative, as the dashboard's filters give it). None without a
    plan."""
    version = version or current_version(municipality_id)
    if version is None:
        return None
    items = (
        PlanItem.objects.filter(version=version, municipality_id=municipality_id)
        .exclude(start_period="")
        # An item without its quarters (written by hand, or by an old plan) has no drift.
        .filter(
            start_year__isnull=False,
            start_quarter__isnull=False,
            end_year__isnull=False,
            end_quarter__isnull=False,
        )
        .filter(initiative__state__in=[*NOT_STARTED, *STARTED])
    )
    if scope is not None:
        items = items.filter(initiative__in=_initiatives(municipality_id, scope))
    now = date_index(today)
    result = PlanDrift(version=version)
    annotated = items.annotate(
        expected_end=milestone_end("initiative_id"), **reported_end("initiative_id")
    )
    for row in annotated.values(
        "initiative_id",
        "initiative__reference",
        "initiative__title",
        "initiative__state",
        "initiative__start_year",
        "initiative__start_quarter",
        "start_year",
        "start_quarter",
        "end_year",
        "end_quarter",
        "expected_end",
        "reported_end_year",
        "reported_end_quarter",
    ):
        planned_start = quarter_index(row["start_year"], row["start_quarter"])
        planned_end = quarter_index(row["end_year"], row["end_quarter"])
        start, start_lag = "", 0
        if row["initiative__state"] in STARTED:
            if row["initiative__start_year"] and row["initiative__start_quarter"]:
                actual = quarter_index(
                    row["initiative__start_year"], row["initiative__start_quarter"]
                )
                start, start_lag = index_label(actual), max(0, actual - planned_start)
        elif now > planned_start:  # should have started, has not
            start_lag = now - planned_start
        expected_end, end_lag = "", 0
        expected_index, source = expected_end_index(
            row["expected_end"], row["reported_end_year"], row["reported_end_quarter"]
        )
        if expected_index is not None:
            expected_end = index_label(expected_index)
            end_lag = max(0, expected_index - planned_end)
        if start_lag or end_lag:
            result.rows.append(
                DriftRow(
                    initiative_id=row["initiative_id"],
                    reference=row["initiative__reference"],
                    title=row["initiative__title"],
                    state=row["initiative__state"],
                    planned_start=index_label(planned_start),
                    planned_end=index_label(planned_end),
                    start=start,
                    expected_end=expected_end,
                    end_source=source,
                    start_lag=start_lag,
                    end_lag=end_lag,
                )
            )
    result.rows.sort(key=lambda r: (-r.lag, r.reference))
    if result.rows:
        _dependants_move_along(result, municipality_id)
    return result


def _dependants_move_along(result: PlanDrift, municipality_id: int) -> None:
    """Per drifting initiative: the planned work that waits for it and must start later
    (two queries, only when something drifts and the municipality has dependencies)."""
    from .dependants import dependency_links, push_along

    links = dependency_links(municipality_id)
    if not links:
        return
    starts: dict[str, int] = {}
    durations: dict[str, int] = {}
    for ref, sy, sq, ey, eq in PlanItem.objects.filter(
        version=result.version, start_year__isnull=False, end_year__isnull=False
    ).values_list(
        "initiative__reference", "start_year", "start_quarter", "end_year", "end_quarter"
    ):
        starts[ref] = quarter_index(sy, sq)
        durations[ref] = quarter_index(ey, eq) - starts[ref] + 1
    for row in result.rows:
        if row.reference not in starts:
            continue
        new_end = quarter_index(*_year_quarter(row.planned_end)) + row.lag
        changed = {row.reference: new_end - durations[row.reference] + 1}
        moved = push_along(starts, durations, links, changed)
        row.dependants = [
            (ref, index_label(starts[ref]), index_label(start))
            for ref, start in sorted(moved.items())
        ]


def _year_quarter(label: str) -> tuple[int, int]:
    return int(label[:4]), int(label[-1])


def _initiatives(municipality_id: int, scope: Q) -> QuerySet[Initiative, Any]:
    return Initiative.objects.filter(municipality_id=municipality_id).filter(scope).values("pk")
