"""Plan drift: initiatives that started later, have not started on time, or whose milestones
expect a later end than the plan of record; on the dashboard and the monitoring overview, in a
constant number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from koersvast.planning.models import PlanItem, PlanVersion, ScenarioDecision
from koersvast.planning.selectors.drift import date_index, index_label, plan_drift
from tests.factories import (
    DecisionBodyFactory,
    InitiativeFactory,
    MilestoneFactory,
    ScenarioFactory,
    ScenarioRunFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NOW = date_index(TODAY)


def _version(municipality):
    scenario = ScenarioFactory(municipality=municipality, is_plan_of_record=True)
    run = ScenarioRunFactory(scenario=scenario, status="done")
    decision = ScenarioDecision.objects.create(
        municipality=municipality,
        scenario=scenario,
        run=run,
        body=DecisionBodyFactory(municipality=municipality),
        rationale="Begroting",
    )
    return PlanVersion.objects.create(
        municipality=municipality,
        year=TODAY.year,
        number=1,
        scenario=scenario,
        run=run,
        decision=decision,
        is_baseline=True,
        adopted_at=timezone.now(),
    )


def _planned(version, reference, state, start, end, actual=None, **extra):
    """An initiative in `state`, planned from quarter index `start` through `end`; `actual` is
    the quarter it really started (running work)."""
    first = actual if actual is not None else start
    initiative = InitiativeFactory(
        municipality=version.municipality,
        reference=reference,
        state=state,
        start_year=first // 4,
        start_quarter=first % 4 + 1,
        **extra,
    )
    PlanItem.objects.create(
        municipality=version.municipality,
        version=version,
        initiative=initiative,
        start_year=start // 4,
        start_quarter=start % 4 + 1,
        end_year=end // 4,
        end_quarter=end % 4 + 1,
        start_period=index_label(start),
        end_period=index_label(end),
        running=state == "in_uitvoering",
    )
    return initiative


def _quarter_start(index):
    return datetime.date(index // 4, (index % 4) * 3 + 1, 1)


@pytest.fixture
def drifting(municipality):
    """Three initiatives behind the plan by 2 + 1 + 2 = 5 quarters, two on time."""
    version = _version(municipality)
    _planned(version, "LATE", "in_uitvoering", NOW - 4, NOW + 2, actual=NOW - 2)
    _planned(version, "WAIT", "gepland", NOW - 1, NOW + 1)
    slow = _planned(version, "SLOW", "in_uitvoering", NOW - 1, NOW + 2)
    MilestoneFactory(
        initiative=slow,
        baseline_date=_quarter_start(NOW + 2),
        forecast_date=_quarter_start(NOW + 4),
    )
    on_time = _planned(version, "GOOD", "in_uitvoering", NOW - 1, NOW + 3)
    MilestoneFactory(initiative=on_time, baseline_date=_quarter_start(NOW + 3))
    _planned(version, "NEXT", "gepland", NOW + 1, NOW + 2)
    return version


def test_drift_names_each_initiative_and_by_how_many_quarters(drifting, municipality):
    drift = plan_drift(municipality_id=municipality.pk, today=TODAY)
    assert drift.version == drifting
    assert (drift.count, drift.periods) == (3, 5)
    rows = {row.reference: row for row in drift.rows}
    assert set(rows) == {"LATE", "WAIT", "SLOW"}
    assert (rows["LATE"].start_lag, rows["LATE"].start) == (2, index_label(NOW - 2))
    assert (rows["WAIT"].start_lag, rows["WAIT"].start) == (1, "")
    assert (rows["SLOW"].end_lag, rows["SLOW"].expected_end) == (2, index_label(NOW + 4))
    assert [row.reference for row in drift.rows][-1] == "WAIT"  # the longest lag first


def test_without_a_plan_there_is_no_drift(municipality):
    assert plan_drift(municipality_id=municipality.pk, today=TODAY) is None


def test_dashboard_and_monitoring_show_the_drift(drifting, pm_client):
    sentence = "3 initiatieven lopen achter op het plan, samen 5 kwartalen"
    dashboard = pm_client.get(reverse("dashboards:index")).content.decode()
    assert sentence in dashboard and "LATE" in dashboard and "SLOW" in dashboard
    monitoring = pm_client.get(reverse("monitoring:index")).content.decode()
    assert sentence in monitoring and 'id="plandrift"' in monitoring
    assert "nog niet gestart" in monitoring and "einde verwacht" in monitoring


def test_the_dashboard_filters_the_drift_by_its_scope(drifting, pm_client, municipality):
    other = InitiativeFactory(municipality=municipality).domain
    page = pm_client.get(reverse("dashboards:index"), {"domain": other.code}).content.decode()
    assert "lopen achter op het plan" not in page


def test_the_drift_costs_the_same_queries_for_a_larger_plan(drifting, pm_client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert pm_client.get(reverse("dashboards:index")).status_code == 200
        return len(queries)

    count()  # the first request of a session warms its caches
    few = count()
    for index in range(10):
        late = _planned(drifting, f"L{index}", "in_uitvoering", NOW - 3, NOW, actual=NOW - 1)
        MilestoneFactory(initiative=late, baseline_date=_quarter_start(NOW + 2))
    assert plan_drift(municipality_id=drifting.municipality_id, today=TODAY).count == 13
    assert count() == few


def test_the_next_scenario_starts_from_reality(world, municipality):
    """C runs since 2026-Q4 for three quarters (through 2027-Q2); its milestones now expect
    it to end in 2027-Q4: the next problem keeps its capacity through 2027-Q4, with its last
    quarter's demand, and still from its actual start."""
    import datetime as dt

    from koersvast.planning import translate

    def item():
        translation = translate.build_problem(
            municipality=municipality, framework=world["framework"], levers=()
        )
        return {i["id"]: i for i in translation.problem["initiatives"]}["C"]

    assert (item()["duration"], item()["demand"]) == (2, {"pl": [50.0, 50.0]})
    MilestoneFactory(initiative=world["c"], baseline_date=dt.date(2027, 6, 1))
    assert item()["duration"] == 2  # on time: nothing changes
    MilestoneFactory(
        initiative=world["c"],
        baseline_date=dt.date(2027, 6, 30),
        forecast_date=dt.date(2027, 11, 15),
    )
    drifting = item()
    assert drifting["fixed_start"] == 0
    assert drifting["duration"] == 4
    assert drifting["demand"] == {"pl": [50.0, 50.0, 50.0, 50.0]}
