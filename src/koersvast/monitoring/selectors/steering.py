"""Programmes and opgaven as steering units: the programme's quarterly roll-up of its projects
(snapshotted into a programme report), its benefits map, its roadmap and the opgave page.

Each read is a fixed number of queries whatever the programme's size.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from koersvast.core.periods import Quarter
from koersvast.framework.models import Objective
from koersvast.planning.selectors.plan import current_version, with_plan
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality

from ..choices import ACTIVE_RISK_STATUSES, Rag, worst_colour
from ..models import (
    Benefit,
    BudgetLine,
    Milestone,
    Opgave,
    Programme,
    ProgrammeReport,
    Risk,
)
from .benefits import benefits_with_latest
from .reports import latest_colour, latest_submitted

ZERO = Decimal(0)


def programme_snapshot(
    *, programme: Programme, year: int, quarter: int, today: datetime.date
) -> dict[str, Any]:
    """The roll-up a programme report freezes: per project its latest colour (overall), its
    milestones (due in the quarter, late by `today`), open risks and budget (planned vs actual
    in the report's year); and the totals. Five queries whatever the programme's size.

    Plain JSON values (amounts as strings) so the frozen report never depends on live data.
    """
    period = Quarter(year, quarter)
    first, last = period.first_day, period.last_day
    projects = list(
        Initiative.objects.filter(programme_link__programme=programme)
        .annotate(
            colour=latest_colour(),
            report_id=Subquery(latest_submitted()),
        )
        .order_by("reference")
        .values("pk", "reference", "title", "state", "colour", "report_id")
    )
    ids = [p["pk"] for p in projects]
    milestones: dict[int, Mapping[str, Any]] = {pk: {} for pk in ids}
    open_ = Q(actual_date__isnull=True)
    expected = Coalesce("forecast_date", "baseline_date")
    for counted in (
        Milestone.objects.filter(initiative_id__in=ids)
        .annotate(expected=expected)
        .order_by()
        .values("initiative_id")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=~open_),
            due=Count("pk", filter=open_ & Q(expected__gte=first, expected__lte=last)),
            late=Count("pk", filter=open_ & Q(expected__lt=today)),
        )
    ):
        milestones[counted["initiative_id"]] = counted
    risks: dict[int, Mapping[str, Any]] = {
        row["initiative_id"]: row
        for row in Risk.objects.filter(initiative_id__in=ids, status__in=ACTIVE_RISK_STATUSES)
        .order_by()
        .values("initiative_id")
        .annotate(n=Count("pk"), top=Max("score"))
    }
    budget: dict[int, Mapping[str, Any]] = {
        row["initiative_id"]: row
        for row in BudgetLine.objects.filter(initiative_id__in=ids, year=year)
        .order_by()
        .values("initiative_id")
        .annotate(planned=Sum("planned"), actual=Sum("actual"))
    }
    programme_risks = Risk.objects.filter(
        programme=programme, status__in=ACTIVE_RISK_STATUSES
    ).count()
    rows: list[dict[str, Any]] = []
    totals: dict[str, Any] = {
        "projects": len(projects),
        "milestones_due": 0,
        "milestones_late": 0,
        "milestones_done": 0,
        "milestones_total": 0,
        "risks_open": programme_risks,
        "programme_risks_open": programme_risks,
        "planned": ZERO,
        "actual": ZERO,
        "colours": {},
    }
    for project in projects:
        m = milestones.get(project["pk"]) or {}
        r = risks.get(project["pk"]) or {}
        b = budget.get(project["pk"]) or {}
        row: dict[str, Any] = {
            "pk": project["pk"],
            "reference": project["reference"],
            "title": project["title"],
            "state": project["state"],
            "rag": project["colour"] or "",
            "report_id": project["report_id"],
            "milestones_total": m.get("total", 0),
            "milestones_done": m.get("done", 0),
            "milestones_due": m.get("due", 0),
            "milestones_late": m.get("late", 0),
            "risks_open": r.get("n", 0),
            "risk_top_score": r.get("top") or 0,
            "planned": str(b.get("planned") or ZERO),
            "actual": str(b.get("actual") or ZERO),
        }
        rows.append(row)
        for key in ("milestones_due", "milestones_late", "milestones_done", "milestones_total"):
            totals[key] += row[key]
        totals["risks_open"] += row["risks_open"]
        totals["planned"] += b.get("planned") or ZERO
        totals["actual"] += b.get("actual") or ZERO
        totals["colours"][row["rag"]] = totals["colours"].get(row["rag"], 0) + 1
    totals["rag"] = worst_colour(row["rag"] for row in rows)
    totals["planned"], totals["actual"] = str(totals["planned"]), str(totals["actual"])
    return {
        "year": year,
        "quarter": quarter,
        "taken_on": today.isoformat(),
        "projects": rows,
        "totals": totals,
    }


@dataclass
class SnapshotView:
    """A stored snapshot made readable for a template (amounts back to Decimal)."""

    projects: list[dict[str, Any]]
    totals: dict[str, Any]
    taken_on: str = ""
    colours: list[tuple[str, int]] = field(default_factory=list)


def read_snapshot(snapshot: dict[str, Any]) -> SnapshotView:
    projects = []
    for row in snapshot.get("projects", []):
        planned, actual = Decimal(row.get("planned", "0")), Decimal(row.get("actual", "0"))
        projects.append({**row, "planned": planned, "actual": actual, "over": actual > planned})
    totals = dict(snapshot.get("totals", {}))
    totals["planned"] = Decimal(totals.get("planned", "0"))
    totals["actual"] = Decimal(totals.get("actual", "0"))
    counts = totals.get("colours", {})
    colours = [(c.value, counts.get(c.value, 0)) for c in (Rag.GREEN, Rag.ORANGE, Rag.RED)]
    colours.append(("", counts.get("", 0)))
    return SnapshotView(projects, totals, snapshot.get("taken_on", ""), colours)


def programme_reports(*, programme: Programme) -> QuerySet[ProgrammeReport]:
    return ProgrammeReport.objects.filter(programme=programme).select_related(
        "author", "submitted_by"
    )


def programme_report_get_queryset() -> QuerySet[ProgrammeReport]:
    return ProgrammeReport.objects.select_related(
        "programme", "programme__owner", "author", "submitted_by"
    )


@dataclass
class BenefitMapRow:
    """One benefit of the programme and the initiatives that deliver it."""

    benefit: Benefit
    delivered_by: list[Initiative]
    level: str  # "programme" or "initiative"


def benefits_map(*, programme: Programme) -> list[BenefitMapRow]:
    """The programme's benefits (its own and its initiatives') and who delivers each.

    A programme benefit is delivered by the initiatives linked to it; an initiative's benefit by
    that initiative. Two queries (benefits with their latest value, the links prefetched).
    """
    benefits = (
        benefits_with_latest(
            Benefit.objects.filter(
                Q(programme=programme) | Q(initiative__programme_link__programme=programme)
            )
        )
        .select_related("initiative", "objective")
        .prefetch_related(
            Prefetch("delivered_by", queryset=Initiative.objects.order_by("reference"))
        )
        .order_by("initiative_id", "target_date", "name", "pk")
    )
    rows = []
    for benefit in benefits:
        if benefit.initiative is not None:
            rows.append(BenefitMapRow(benefit, [benefit.initiative], "initiative"))
        else:
            rows.append(BenefitMapRow(benefit, list(benefit.delivered_by.all()), "programme"))
    rows.sort(key=lambda row: (row.level != "programme", row.benefit.name))
    return rows


def programme_roadmap(*, programme: Programme) -> list[Any]:
    """The programme's initiatives with their planned quarters in the plan of record."""
    version = current_version(programme.municipality_id)
    return list(
        with_plan(
            Initiative.objects.filter(programme_link__programme=programme).order_by("reference"),
            version,
        ).values("pk", "reference", "title", "state", "planned_start", "planned_end")
    )


def published_objectives(municipality: Municipality) -> QuerySet[Objective]:
    """The objectives of the municipality's published frameworks (what goals may link to)."""
    return (
        Objective.objects.in_municipality(municipality)
        .filter(framework__status="published")
        .select_related("framework")
        .order_by("framework__name", "-framework__version", "order", "code")
    )


def opgave_list(*, municipality: Municipality) -> QuerySet[Opgave]:
    return (
        Opgave.objects.in_municipality(municipality)
        .select_related("owner")
        .annotate(programme_count=Count("programmes", distinct=True))
        .order_by("name", "pk")
    )


def opgave_detail(*, opgave: Opgave) -> dict[str, Any]:
    """The opgave's objectives and the programmes that serve it (with their roll-ups)."""
    from .programmes import programme_rollups

    programmes = list(
        Programme.objects.filter(opgave=opgave).select_related("owner").order_by("name", "pk")
    )
    return {
        "objectives": list(opgave.objectives.order_by("code")),
        "rollups": programme_rollups(programmes),
    }
