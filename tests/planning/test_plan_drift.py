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


def test_a_progress_report_expected_end_is_drift_and_reality(world, municipality, drifting):
    """A submitted report that expects a later end: drift on the plan, and the next problem
    keeps the running work until then (the later of report and milestones counts)."""
    from koersvast.planning import translate
    from tests.factories import ProgressReportFactory

    good = drifting.items.get(initiative__reference="GOOD").initiative
    end = NOW + 5
    ProgressReportFactory(
        initiative=good,
        status="ingediend",
        expected_end_year=end // 4,
        expected_end_quarter=end % 4 + 1,
    )
    # A draft does not count.
    ProgressReportFactory(
        initiative=good,
        year=2025,
        expected_end_year=end // 4 + 5,
        expected_end_quarter=1,
    )
    rows = {
        row.reference: row for row in plan_drift(municipality_id=municipality.pk, today=TODAY).rows
    }
    assert (rows["GOOD"].end_lag, rows["GOOD"].end_source) == (2, "report")
    assert rows["GOOD"].expected_end == index_label(end)

    c = world["c"]  # runs 2026-Q4 .. 2027-Q2 (three quarters)
    ProgressReportFactory(
        initiative=c, status="ingediend", expected_end_year=2027, expected_end_quarter=3
    )
    translation = translate.build_problem(
        municipality=municipality, framework=world["framework"], levers=()
    )
    item = {i["id"]: i for i in translation.problem["initiatives"]}["C"]
    assert item["duration"] == 3 and item["demand"] == {"pl": [50.0, 50.0, 50.0]}


def test_the_report_form_takes_year_and_quarter_of_the_expected_end_together():
    from koersvast.monitoring.forms.reports import ReportForm

    data = {
        "year": 2027,
        "quarter": 1,
        **{f"rag_{a}": "groen" for a in ("time", "money", "scope", "quality", "risks")},
        "rag_capacity": "groen",
        "rag_support": "groen",
        "narrative": "Loopt.",
        "expected_end_year": 2028,
    }
    form = ReportForm(data=data)
    assert not form.is_valid() and "expected_end_quarter" in form.errors
    form = ReportForm(data={**data, "expected_end_quarter": "3"})
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["expected_end_year"], form.cleaned_data["expected_end_quarter"]) == (
        2028,
        3,
    )
    assert ReportForm(data={k: v for k, v in data.items() if k != "expected_end_year"}).is_valid()


def test_the_report_pages_show_and_take_the_expected_end(pm_client, municipality):
    from tests.factories import ProgressReportFactory

    report = ProgressReportFactory(
        initiative=InitiativeFactory(municipality=municipality, state="in_uitvoering"),
        status="ingediend",
        expected_end_year=2028,
        expected_end_quarter=2,
    )
    detail = pm_client.get(reverse("monitoring:report_detail", args=[report.pk]))
    assert "Verwacht einde: 2028-Q2" in detail.content.decode()
    draft = ProgressReportFactory(initiative=report.initiative, year=2027)
    form = pm_client.get(reverse("monitoring:report_edit", args=[draft.pk])).content.decode()
    assert 'name="expected_end_year"' in form and 'name="expected_end_quarter"' in form


def test_an_item_without_its_quarters_is_no_drift_and_no_error(municipality):
    """An item that names its periods but not their quarters (the stored-XSS crawl met one)
    is left out instead of failing the dashboard."""
    version = _version(municipality)
    initiative = InitiativeFactory(municipality=municipality, state="gepland")
    PlanItem.objects.create(
        municipality=municipality,
        version=version,
        initiative=initiative,
        start_period=index_label(NOW - 2),
        end_period=index_label(NOW),
    )
    drift = plan_drift(municipality_id=municipality.pk, today=TODAY)
    assert drift is not None and drift.rows == []
