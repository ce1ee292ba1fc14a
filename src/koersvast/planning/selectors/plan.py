"""The plan of record as every page reads it: the current plan version, its items, an
initiative's planned start and end with the slip against the baseline, and an annotation that
puts the plan on a queryset of initiatives (one query for a whole list)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from koersvast.portfolio.models import Initiative
from koersvast.tenancy.access import get_for_user_or_404

from ..documents import X_PK
from ..models import PlanItem, PlanVersion, ScenarioRun
from .digest import run_documents
from .results import CandidateRow, candidate_rows


def current_version(municipality_id: int | None) -> PlanVersion | None:
    """The plan of record: the newest adopted plan version, with its decision (one query)."""
    if municipality_id is None:
        return None
    return (
        PlanVersion.objects.filter(municipality_id=municipality_id)
        .select_related("decision__body", "adopted_by", "scenario", "readopts")
        .order_by("-pk")
        .first()
    )


def baseline_of(version: PlanVersion | None) -> PlanVersion | None:
    """The baseline (first version adopted) of the version's year (one query, or none)."""
    if version is None:
        return None
    if version.is_baseline:
        return version
    return (
        PlanVersion.objects.filter(
            municipality_id=version.municipality_id, year=version.year, is_baseline=True
        )
        .select_related("decision__body")
        .first()
    )


def version_history(municipality_id: int) -> list[PlanVersion]:
    """Every plan version of a municipality, newest first, with its decision and how many
    initiatives it planned and left out (one query)."""
    return list(
        PlanVersion.objects.filter(municipality_id=municipality_id)
        .select_related("decision__body", "adopted_by", "scenario", "readopts")
        .annotate(
            planned=Count("items", filter=~Q(items__start_period="")),
            left_out=Count("items", filter=Q(items__start_period="")),
        )
        .order_by("-pk")
    )


def version_get(*, user: Any, pk: int) -> PlanVersion:
    """One plan version of the user's municipalities (404 for anything else)."""
    return get_for_user_or_404(
        PlanVersion.objects.select_related("decision__body", "scenario"), user, pk=pk
    )


def version_candidates(version: PlanVersion) -> list[CandidateRow] | None:
    """The candidates from the backlog that would fit next to a plan version (its run's digest):
    adoption did not admit them (decision 0407). None when the run had no candidates."""
    run = ScenarioRun.objects.only("pk", "digest").get(pk=version.run_id)
    return candidate_rows(*run_documents(run))


@dataclass
class InitiativePlan:
    """What the plan of record says about one initiative, and how far it moved since the
    baseline (in quarters; positive is later)."""

    version: PlanVersion
    item: PlanItem | None
    baseline: PlanVersion | None
    baseline_item: PlanItem | None

    @property
    def in_plan(self) -> bool:
        return self.item is not None and self.item.in_plan

    @property
    def start_slip(self) -> int | None:
        return _slip(self.baseline_item, self.item, "start_index")

    @property
    def end_slip(self) -> int | None:
        return _slip(self.baseline_item, self.item, "end_index")

    @property
    def compared_with_baseline(self) -> bool:
        return self.baseline is not None and self.baseline.pk != self.version.pk


def _slip(before: PlanItem | None, after: PlanItem | None, attribute: str) -> int | None:
    if before is None or after is None:
        return None
    old, new = getattr(before, attribute), getattr(after, attribute)
    if old is None or new is None:
        return None
    return int(new - old)


def initiative_plan(initiative: Initiative) -> InitiativePlan | None:
    """The initiative in the plan of record and in that year's baseline (two or three
    queries), or None without an adopted plan."""
    version = current_version(initiative.municipality_id)
    if version is None:
        return None
    baseline = baseline_of(version)
    wanted = {version.pk} | ({baseline.pk} if baseline else set())
    items = {
        item.version_id: item
        for item in PlanItem.objects.filter(initiative=initiative, version_id__in=wanted)
    }
    return InitiativePlan(
        version=version,
        item=items.get(version.pk),
        baseline=baseline,
        baseline_item=items.get(baseline.pk) if baseline else None,
    )


def version_items(version: PlanVersion) -> list[PlanItem]:
    """The items of a plan version with their initiatives and domains (one query)."""
    return list(
        version.items.select_related("initiative__domain").order_by(
            "start_year", "start_quarter", "initiative__reference"
        )
    )


def with_plan(
    queryset: QuerySet[Any], version: PlanVersion | None, initiative_field: str = "pk"
) -> Any:
    """Annotate initiatives (or rows whose `initiative_field` points at one) with `planned_start`,
    `planned_end` and `plan_version` from the given plan version: no extra query per row.

    Work the plan leaves out, or that is not in it, gets empty values.
    """
    if version is None:
        empty = Value(None, output_field=CharField())
        return queryset.annotate(planned_start=empty, planned_end=empty, plan_version=empty)
    items = PlanItem.objects.filter(
        version_id=version.pk, initiative_id=OuterRef(initiative_field)
    ).exclude(start_period="")
    return queryset.annotate(
        planned_start=Subquery(items.values("start_period")[:1]),
        planned_end=Subquery(items.values("end_period")[:1]),
    ).annotate(
        plan_version=Case(
            When(planned_start__isnull=False, then=Value(version.label)),
            default=None,
            output_field=CharField(),
        )
    )


def selected_starts(
    problem: Mapping[str, Any], solution: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """Every initiative a run schedules with its first and last period (labels), in the order of
    the run: what the REST API calls a run's selected starts (no query)."""
    periods = list(problem.get("periods", []))
    items = {item["id"]: item for item in problem.get("initiatives", [])}
    rows = []
    for entry in solution.get("selected", []):
        item = items.get(entry["id"], {})
        start = int(entry["start"])
        end = int(entry.get("end", start + int(item.get("duration", 1)) - 1))
        if not periods:
            continue
        rows.append(
            {
                "initiative": item.get(X_PK),
                "reference": str(entry["id"]),
                "start": periods[min(start, len(periods) - 1)],
                "end": periods[min(end, len(periods) - 1)],
            }
        )
    return rows


def plan_export_rows(version: PlanVersion) -> QuerySet[PlanItem]:
    """The items of a version for the Excel export: initiative, domain, version and decision
    on each row (one query), planned work first in order of start."""
    return version.items.select_related("initiative__domain", "version__decision__body").order_by(
        "start_year", "start_quarter", "initiative__reference"
    )
