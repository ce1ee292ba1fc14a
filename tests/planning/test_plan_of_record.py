"""The plan of record: adopting a scenario writes a plan version, planned starts, states and
real capacity changes, in one transaction, with a query count that does not grow."""

from __future__ import annotations

from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from koersvast.audit.models import AuditEvent
from koersvast.capacity.models import BudgetCapacity, DecidedChange, PoolCapacity
from koersvast.intake.models import Transition
from koersvast.planning.choices import LeverKind, RunStatus
from koersvast.planning.errors import PlanningError
from koersvast.planning.models import (
    PlanItem,
    PlanVersion,
    PlanVersionError,
    Scenario,
    ScenarioDecision,
)
from koersvast.planning.selectors.plan import current_version, initiative_plan, with_plan
from koersvast.planning.services import adoption
from koersvast.planning.services.adoption import plan_version_readopt, scenario_adopt
from koersvast.planning.services.runs import scenario_run_now
from koersvast.planning.services.scenarios import lever_add, scenario_create
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.choices import Role
from tests.factories import DemandFactory, InitiativeFactory, PriorityScoreFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pm(personas):
    return personas[Role.PORTFOLIO_MANAGER]


def _run(municipality, pm, name, *levers):
    scenario = scenario_create(municipality=municipality, name=name, by=pm)
    for lever in levers:
        lever_add(scenario=scenario, by=pm, **lever)
    run = scenario_run_now(scenario=scenario, by=pm)
    assert run.status == RunStatus.DONE, run.failure_reason
    return scenario


def _too_big(world, municipality, reference="F"):
    """Admitted work that can never fit: 500 hours a quarter of a 200-hour pool."""
    initiative = InitiativeFactory(
        municipality=municipality,
        reference=reference,
        title="Foxtrot",
        state="opgenomen",
        start_year=2027,
        start_quarter=1,
        duration_quarters=1,
    )
    DemandFactory(initiative=initiative, pool=world["pl"], offset=0, hours=Decimal(500))
    PriorityScoreFactory(initiative=initiative, framework=world["framework"], total=Decimal(90))
    return initiative


def test_adoption_writes_a_plan_version_with_planned_starts_and_states(world, municipality, pm):
    left_out = _too_big(world, municipality)
    scenario = _run(municipality, pm, "Plan")
    # Bravo was in the run but is stopped before the decision: the plan cannot schedule it.
    Initiative.objects.filter(pk=world["b"].pk).update(state="gestopt")
    decision = scenario_adopt(scenario=scenario, body=world["body"], rationale="Begroting", by=pm)
    version = PlanVersion.objects.get()
    assert version.decision == decision and version.label == "Plan 2027-1"
    assert version.is_baseline and version.adopted_by == pm and version.run == decision.run
    items = {item.initiative.reference: item for item in version.items.select_related("initiative")}
    assert set(items) == {"A", "B", "C", "D", "F"}
    # Admitted work that is scheduled is now planned, with a transition naming the plan.
    for ref in ("A", "D"):
        initiative = Initiative.objects.get(reference=ref)
        assert initiative.state == "gepland"
        transition = Transition.objects.get(initiative=initiative, to_state="gepland")
        assert transition.reason == "Plan 2027-1 vastgesteld door College" and transition.by == pm
        assert AuditEvent.objects.filter(
            object_id=str(initiative.pk), changes__state=["opgenomen", "gepland"]
        ).exists()
    assert items["D"].start_period == "2027-Q3" and items["D"].end_period == "2027-Q3"
    assert items["A"].in_plan and items["A"].end_index - items["A"].start_index == 1
    # Running work keeps its actual start (before the horizon) and its own duration.
    assert (items["C"].start_period, items["C"].end_period, items["C"].running) == (
        "2026-Q4",
        "2027-Q2",
        True,
    )
    assert Initiative.objects.get(reference="C").state == "in_uitvoering"
    assert not items["B"].in_plan and items["B"].reason == (
        "niet meer in het plan: de status is nu Gestopt"
    )
    assert Initiative.objects.get(reference="B").state == "gestopt"
    # Admitted work left out stays admitted, with the optimiser's reason.
    left_out.refresh_from_db()
    assert left_out.state == "opgenomen"
    assert not items["F"].in_plan
    assert items["F"].reason.startswith("past niet:") and "Projectleiders" in items["F"].reason


def test_capacity_and_budget_levers_become_real_changes(world, municipality, pm):
    BudgetCapacity.objects.create(
        municipality=municipality, kind="krediet", year=2027, amount=Decimal(1_000_000)
    )
    scenario = _run(
        municipality,
        pm,
        "Meer juristen",
        {
            "kind": LeverKind.CAPACITY,
            "pool": world["jur"],
            "year": 2027,
            "quarter": 3,
            "fte": Decimal(1),
        },
        {
            "kind": LeverKind.BUDGET,
            "budget_kind": "krediet",
            "amount": Decimal(500_000),
            "year": 2028,
            "quarter": 1,
        },
    )
    before = scenario.runs.get().problem
    decision = scenario_adopt(scenario=scenario, body=world["body"], rationale="Extra", by=pm)
    fte = {(c.year, c.quarter): c.fte for c in PoolCapacity.objects.filter(pool=world["jur"])}
    assert fte[(2027, 2)] == Decimal(1) and fte[(2027, 3)] == Decimal(2)
    assert fte[(2028, 4)] == Decimal(2)
    budget = {b.year: b.amount for b in BudgetCapacity.objects.filter(kind="krediet")}
    assert budget == {2027: Decimal(1_000_000), 2028: Decimal(1_500_000)}
    changes = list(DecidedChange.objects.order_by("pk"))
    assert [(c.pool, c.budget_kind, c.period_label, c.decision) for c in changes] == [
        (world["jur"], "", "2027-Q3", decision),
        (None, "krediet", "2028", decision),
    ]
    assert "besluit Plan 2027-1" in changes[0].description
    # The levers are realised: a new run of the scenario finds the same capacity, not double.
    assert all(lever.realised for lever in scenario.levers.filter(kind__in=["capacity", "budget"]))
    rerun = scenario_run_now(scenario=scenario, by=pm)
    assert rerun.problem["pools"] == before["pools"]
    copy = scenario_create(municipality=municipality, name="Kopie", by=pm)
    assert not copy.levers.filter(kind__in=["capacity", "budget"]).exists()


def _by_the_capacity_services(world, municipality, scenario, levers, through):
    """The capacity and budget figures the capacity services write for the levers one after
    the other, rolled back afterwards."""
    from django.db import transaction

    from koersvast.capacity import services as capacity_services

    with transaction.atomic():
        decision = ScenarioDecision.objects.create(
            municipality=municipality,
            scenario=scenario,
            run=scenario.runs.get(),
            body=world["body"],
            rationale="x",
        )
        for lever in levers:
            if lever["kind"] == LeverKind.CAPACITY:
                capacity_services.decided_capacity_change(
                    pool=lever["pool"],
                    year=lever["year"],
                    quarter=lever["quarter"],
                    fte=lever["fte"],
                    through=through,
                    decision=decision,
                    description="x",
                )
            else:
                capacity_services.decided_budget_change(
                    municipality_id=municipality.pk,
                    kind=lever["budget_kind"],
                    year=lever["year"],
                    amount=lever["amount"],
                    through=through[0],
                    decision=decision,
                    description="x",
                )
        fte = {(c.pool_id, c.year, c.quarter): c.fte for c in PoolCapacity.objects.all()}
        budget = {b.year: b.amount for b in BudgetCapacity.objects.all()}
        transaction.set_rollback(True)
    return fte, budget


def test_levers_are_realised_in_bulk_as_the_capacity_services_would(world, municipality, pm):
    """Two capacity levers on one pool (the second builds on the first), one on another pool,
    and a budget lever: the same figures as `decided_capacity_change`/`decided_budget_change`
    one after the other, audited, in a number of queries that does not depend on the levers."""
    BudgetCapacity.objects.create(
        municipality=municipality, kind="krediet", year=2027, amount=Decimal(1_000_000)
    )
    levers = [
        {
            "kind": LeverKind.CAPACITY,
            "pool": world["jur"],
            "year": 2027,
            "quarter": 3,
            "fte": Decimal(1),
        },
        {
            "kind": LeverKind.CAPACITY,
            "pool": world["jur"],
            "year": 2028,
            "quarter": 2,
            "fte": Decimal("0.5"),
        },
        {
            "kind": LeverKind.CAPACITY,
            "pool": world["pl"],
            "year": 2027,
            "quarter": 1,
            "fte": Decimal(2),
        },
        {
            "kind": LeverKind.BUDGET,
            "budget_kind": "krediet",
            "amount": Decimal(250_000),
            "year": 2028,
            "quarter": 1,
        },
    ]
    scenario = _run(municipality, pm, "Meer mensen", *levers)
    last = scenario.runs.get().problem["periods"][-1]
    through = (int(last[:4]), int(last[-1]))
    # What the capacity services make of the same levers, one by one (then rolled back).
    expected_fte, expected_budget = _by_the_capacity_services(
        world, municipality, scenario, levers, through
    )
    events = AuditEvent.objects.count()
    with CaptureQueriesContext(connection) as queries:
        decision = scenario_adopt(scenario=scenario, body=world["body"], rationale="x", by=pm)
    fte = {(c.pool_id, c.year, c.quarter): c.fte for c in PoolCapacity.objects.all()}
    assert fte == expected_fte
    assert {b.year: b.amount for b in BudgetCapacity.objects.all()} == expected_budget
    assert DecidedChange.objects.filter(decision=decision).count() == 4
    assert scenario.levers.filter(realised=True).count() == 4
    capacity_sql = [
        q["sql"] for q in queries.captured_queries if "capacity_poolcapacity" in q["sql"]
    ]
    assert len(capacity_sql) <= 3  # read, update, insert: not one per quarter
    # Every figure that changed and every decided change is in the audit trail.
    changed = AuditEvent.objects.filter(pk__gt=0).count() - events
    assert changed >= len(fte) - len(expected_fte) + 4
    assert (
        AuditEvent.objects.filter(content_type__model="decidedchange", action="create").count() == 4
    )
    assert AuditEvent.objects.filter(
        content_type__model="poolcapacity", action="update", changes__has_key="fte"
    ).exists()
    assert (
        AuditEvent.objects.filter(
            content_type__model="lever", changes__realised=[False, True]
        ).count()
        == 4
    )


def test_a_failure_halfway_leaves_the_previous_plan_and_every_initiative(world, municipality, pm):
    first = _run(
        municipality, pm, "Eerste", {"kind": LeverKind.FORCE_OUT, "initiative": world["a"]}
    )
    scenario_adopt(scenario=first, body=world["body"], rationale="Eerste", by=pm)
    states = dict(Initiative.objects.values_list("reference", "state"))
    assert states["A"] == "opgenomen" and states["D"] == "gepland"
    second = _run(
        municipality,
        pm,
        "Tweede",
        {
            "kind": LeverKind.CAPACITY,
            "pool": world["pl"],
            "year": 2027,
            "quarter": 1,
            "fte": Decimal(1),
        },
    )
    capacity = sorted(PoolCapacity.objects.values_list("pk", "fte"))
    counts = (PlanItem.objects.count(), Transition.objects.count(), AuditEvent.objects.count())
    # Items, states and the capacity figures are written, then recording the change fails.
    failing = mock.patch.object(
        adoption.DecidedChange.objects, "bulk_create", side_effect=RuntimeError("boem")
    )
    with failing, pytest.raises(RuntimeError):
        scenario_adopt(scenario=second, body=world["body"], rationale="Tweede", by=pm)
    assert dict(Initiative.objects.values_list("reference", "state")) == states
    assert current_version(municipality.pk).scenario == first
    assert list(Scenario.objects.filter(is_plan_of_record=True)) == [first]
    assert sorted(PoolCapacity.objects.values_list("pk", "fte")) == capacity
    assert (
        PlanItem.objects.count(),
        Transition.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
    assert not second.levers.filter(realised=True).exists()


def test_readopting_an_earlier_version_makes_a_new_one(world, municipality, pm):
    first = _run(municipality, pm, "Eerste")
    scenario_adopt(scenario=first, body=world["body"], rationale="Eerste", by=pm)
    second = _run(
        municipality, pm, "Tweede", {"kind": LeverKind.FORCE_OUT, "initiative": world["d"]}
    )
    scenario_adopt(scenario=second, body=world["body"], rationale="Tweede", by=pm)
    assert Initiative.objects.get(reference="D").state == "opgenomen"  # out of the plan again
    v1, v2 = PlanVersion.objects.order_by("pk")
    with pytest.raises(PlanningError):  # the current version is already the plan
        plan_version_readopt(version=v2, body=world["body"], rationale="x", by=pm)
    plan_version_readopt(version=v1, body=world["body"], rationale="Terug", by=pm)
    v3 = current_version(municipality.pk)
    assert (v3.label, v3.readopts, v3.is_baseline, v3.run) == ("Plan 2027-3", v1, False, v1.run)
    assert PlanVersion.objects.count() == 3 and PlanItem.objects.filter(version=v1).exists()
    assert Initiative.objects.get(reference="D").state == "gepland"
    assert list(Scenario.objects.filter(is_plan_of_record=True)) == [first]
    # Versions and items are immutable.
    with pytest.raises(PlanVersionError):
        v1.save()
    with pytest.raises(PlanVersionError):
        v1.items.first().delete()
    # Slip against the baseline: D moved in and out and in again; its plan is the baseline's.
    plan = initiative_plan(Initiative.objects.get(reference="D"))
    assert plan.version == v3 and plan.baseline == v1 and plan.end_slip == 0


def _bulk_world(world, municipality, count, prefix):
    for index in range(count):
        initiative = InitiativeFactory(
            municipality=municipality,
            reference=f"{prefix}{index:04d}",
            state="opgenomen",
            start_year=2027,
            start_quarter=1 + index % 4,
            duration_quarters=1,
        )
        DemandFactory(initiative=initiative, pool=world["jur"], offset=0, hours=Decimal(1))


def _adoption_queries(world, municipality, pm, name):
    scenario = _run(municipality, pm, name)
    with CaptureQueriesContext(connection) as queries:
        scenario_adopt(scenario=scenario, body=world["body"], rationale="x", by=pm)
    return len(queries)


def test_adoption_query_count_does_not_grow_with_the_initiatives(world, municipality, pm):
    # Each measured adoption replaces a plan and moves admitted work to planned.
    _adoption_queries(world, municipality, pm, "Start")
    _bulk_world(world, municipality, 3, "N")
    few = _adoption_queries(world, municipality, pm, "Weinig")
    assert current_version(municipality.pk).items.count() == 7
    _bulk_world(world, municipality, 40, "M")
    many = _adoption_queries(world, municipality, pm, "Veel")
    assert current_version(municipality.pk).items.count() == 47
    assert Initiative.objects.filter(reference__startswith="M", state="gepland").count() == 40
    assert many == few


def test_the_plan_annotation_reads_the_current_version(world, municipality, pm):
    left_out = _too_big(world, municipality)
    scenario_adopt(
        scenario=_run(municipality, pm, "Plan"), body=world["body"], rationale="x", by=pm
    )
    version = current_version(municipality.pk)
    rows = {
        i.reference: (i.planned_start, i.planned_end, i.plan_version)
        for i in with_plan(Initiative.objects.filter(municipality=municipality), version)
    }
    assert rows["D"] == ("2027-Q3", "2027-Q3", "Plan 2027-1")
    assert rows[left_out.reference] == (None, None, None)
    assert rows["E"] == (None, None, None)


def _page_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_pages_show_the_adopted_plan(world, municipality, pm, pm_client, client_for, outsider):
    from django.urls import reverse

    scenario = _run(
        municipality,
        pm,
        "Meer juristen",
        {
            "kind": LeverKind.CAPACITY,
            "pool": world["jur"],
            "year": 2027,
            "quarter": 3,
            "fte": Decimal(1),
        },
    )
    adopt_page = pm_client.get(reverse("planning:adopt", args=[scenario.pk])).content.decode()
    assert "eerste versie van het plan" in adopt_page
    assert "<li>+1 fte Juristen vanaf 2027-Q3</li>" in adopt_page
    response = pm_client.post(
        reverse("planning:adopt", args=[scenario.pk]),
        {"body": world["body"].pk, "rationale": "Extra jurist"},
    )
    assert response.status_code == 302
    version = current_version(municipality.pk)
    assert version.decision.rationale == "Extra jurist"
    # Roadmap and capacity map name the version and its decision; running work its actual start.
    roadmap_queries, roadmap = _page_queries(pm_client, reverse("planning:roadmap"))
    assert "Plan 2027-1, vastgesteld door College op" in roadmap
    assert "2026-Q4–2027-Q2" in roadmap  # Charlie keeps its actual start
    _count, heat = _page_queries(pm_client, reverse("planning:capacity_map"))
    assert "Plan 2027-1" in heat
    # The capacity page shows the decided change and the extra fte from its period.
    _count, capacity = _page_queries(pm_client, reverse("capacity:index"))
    assert "+1 fte Juristen vanaf 2027-Q3 (besluit Plan 2027-1)" in capacity
    assert "College (Plan 2027-1)" in capacity
    # The initiative page: planned periods and version.
    d = Initiative.objects.get(reference="D")
    _count, page = _page_queries(pm_client, d.get_absolute_url())
    assert "gepland 2027-Q3 – 2027-Q3" in page and "Plan 2027-1" in page
    # Query counts do not grow with the plan.
    _bulk_world(world, municipality, 20, "Q")
    second = _run(municipality, pm, "Groter")
    scenario_adopt(scenario=second, body=world["body"], rationale="Meer", by=pm)
    assert _page_queries(pm_client, reverse("planning:roadmap"))[0] == roadmap_queries
    # Another municipality's user sees nothing of it.
    other = client_for(outsider)
    assert other.get(d.get_absolute_url()).status_code == 404
    assert "Plan 2027" not in other.get(reverse("planning:roadmap")).content.decode()


def test_plan_versions_page_and_readopting_through_a_decision(
    world, municipality, pm, pm_client, personas, client_for
):
    from django.urls import reverse

    first = _run(municipality, pm, "Eerste")
    scenario_adopt(scenario=first, body=world["body"], rationale="Begroting", by=pm)
    second = _run(
        municipality, pm, "Tweede", {"kind": LeverKind.FORCE_OUT, "initiative": world["d"]}
    )
    scenario_adopt(scenario=second, body=world["body"], rationale="Zonder Delta", by=pm)
    v1 = PlanVersion.objects.order_by("pk").first()
    url = reverse("planning:plan_version_readopt", args=[v1.pk])
    page = pm_client.get(reverse("planning:plan_versions")).content.decode()
    assert "Plan 2027-2</a> · vastgesteld plan" in page and "College: Zonder Delta" in page
    assert url in page  # only the earlier version can be adopted again
    # A reader sees the versions, not the way to adopt one.
    reader = client_for(personas[Role.READER])
    assert url not in reader.get(reverse("planning:plan_versions")).content.decode()
    assert reader.get(url).status_code == 403
    response = pm_client.post(url, {"body": world["body"].pk, "rationale": "Terug naar begroting"})
    assert response.status_code == 302
    current = current_version(municipality.pk)
    assert (current.label, current.readopts, current.decision.rationale) == (
        "Plan 2027-3",
        v1,
        "Terug naar begroting",
    )
    assert Initiative.objects.get(reference="D").state == "gepland"
