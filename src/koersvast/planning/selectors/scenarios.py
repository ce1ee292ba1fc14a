"""Scenarios, their runs and decisions (constant queries; heavy documents deferred)."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.models import Municipality

from ..choices import RunStatus
from ..models import (
    Lever,
    Scenario,
    ScenarioDecision,
    ScenarioRun,
)


def plan_of_record(municipality_id: int) -> Scenario | None:
    return Scenario.objects.filter(municipality_id=municipality_id, is_plan_of_record=True).first()


HEAVY = ("problem", "solution", "digest")


def latest_run_id(status: str | None = None) -> Subquery:
    runs = ScenarioRun.objects.filter(scenario=OuterRef("pk"))
    if status is not None:
        runs = runs.filter(status=status)
    return Subquery(runs.order_by("-pk").values("pk")[:1])


def scenarios_overview(*, municipality: Municipality) -> list[Scenario]:
    """The municipality's scenarios, each with `latest` (its newest run, light) — two queries."""
    scenarios = list(
        Scenario.objects.in_municipality(municipality).annotate(latest_id=latest_run_id())
    )
    runs = ScenarioRun.objects.defer(*HEAVY).in_bulk(
        [s.latest_id for s in scenarios if s.latest_id]
    )
    overview: list[Scenario] = []
    for scenario in scenarios:
        scenario.latest = runs.get(scenario.latest_id)  # type: ignore[attr-defined]
        overview.append(scenario)
    return overview


def scenario_get(*, user: Any, pk: int) -> Scenario:
    levers = Lever.objects.select_related("initiative", "pool")
    return get_for_user_or_404(
        Scenario.objects.select_related("based_on", "framework", "created_by").prefetch_related(
            Prefetch("levers", queryset=levers)
        ),
        user,
        pk=pk,
    )


def latest_runs(scenario: Scenario) -> tuple[ScenarioRun | None, ScenarioRun | None]:
    """The newest run (any status, light) and the newest finished run (with its result)."""
    newest = scenario.runs.defer(*HEAVY).order_by("-pk").first()
    if newest is not None and newest.status == RunStatus.DONE:
        return newest, scenario.runs.get(pk=newest.pk)
    return newest, scenario.runs.filter(status=RunStatus.DONE).order_by("-pk").first()


def run_get(*, user: Any, pk: int) -> ScenarioRun:
    return get_for_user_or_404(
        ScenarioRun.objects.defer(*HEAVY).select_related("scenario"), user, pk=pk
    )


def decisions_of(scenario: Scenario) -> QuerySet[ScenarioDecision]:
    return scenario.decisions.select_related("body", "decided_by", "previous")
