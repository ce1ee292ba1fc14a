"""Scenario workflows: copy of the plan, levers, runs (checked), failure, adoption, urgency."""

from __future__ import annotations

from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied

from koersvast.optimizer.checker import check_solution
from koersvast.planning import translate
from koersvast.planning.choices import LeverKind, RunStatus, UrgencyOption
from koersvast.planning.errors import PlanningError
from koersvast.planning.models import Scenario, ScenarioDecision
from koersvast.planning.services import marginal as marginal_services
from koersvast.planning.services import urgency_options
from koersvast.planning.services.adoption import scenario_adopt
from koersvast.planning.services.jobs import fail_stale_jobs
from koersvast.planning.services.marginal import marginal_start
from koersvast.planning.services.runs import scenario_run_now, scenario_run_start
from koersvast.planning.services.scenarios import lever_add, lever_remove, scenario_create
from koersvast.planning.services.urgency import urgency_decide, urgency_request_start
from koersvast.tenancy.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def pm(personas):
    return personas[Role.PORTFOLIO_MANAGER]


def _adopted_plan(world, municipality, pm):
    plan = scenario_create(municipality=municipality, name="Plan", by=pm)
    lever_add(scenario=plan, by=pm, kind=LeverKind.HEADROOM, headroom_pct=90)
    run = scenario_run_now(scenario=plan, by=pm)
    assert run.status == RunStatus.DONE, run.failure_reason
    scenario_adopt(scenario=plan, body=world["body"], rationale="Begroting", by=pm)
    return plan


def test_new_scenario_copies_the_levers_of_the_plan_of_record(world, municipality, pm):
    plan = _adopted_plan(world, municipality, pm)
    scenario = scenario_create(municipality=municipality, name="Variant", by=pm)
    assert scenario.based_on == plan
    assert scenario.framework == world["framework"]
    assert [(lever.kind, lever.headroom_pct) for lever in scenario.levers.all()] == [
        (LeverKind.HEADROOM, 90)
    ]
    assert plan.levers.count() == 1


def test_lever_validation_and_rights(world, municipality, pm, personas):
    scenario = scenario_create(municipality=municipality, name="S", by=pm)
    with pytest.raises(PlanningError):
        lever_add(scenario=scenario, by=pm, kind=LeverKind.CAPACITY, pool=world["pl"])
    with pytest.raises(PermissionDenied):
        lever_add(
            scenario=scenario, by=personas[Role.READER], kind=LeverKind.HEADROOM, headroom_pct=80
        )
    lever = lever_add(
        scenario=scenario,
        by=pm,
        kind=LeverKind.CAPACITY,
        pool=world["pl"],
        year=2027,
        quarter=3,
        fte=Decimal(1),
    )
    assert str(lever) == "+1 fte Projectleiders vanaf 2027-Q3"


def test_run_stores_a_checked_result(world, municipality, pm):
    scenario = scenario_create(municipality=municipality, name="S", by=pm)
    run = scenario_run_start(scenario=scenario, by=pm)  # immediate backend in tests
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.progress == 100
    assert run.solver_status in ("optimal", "feasible")
    assert check_solution(run.problem, run.solution) == []
    assert run.objective == pytest.approx(run.solution["objective"])
    assert run.greedy_value is not None
    assert run.solve_seconds is not None


def test_capacity_lever_lets_more_in(world, municipality, pm):
    for key in ("a", "b"):  # now or never: A and B do not both fit next to C
        world[key].latest_year, world[key].latest_quarter = 2027, 1
        world[key].save()
    base = scenario_run_now(
        scenario=scenario_create(municipality=municipality, name="S", by=pm), by=pm
    )
    more = scenario_create(municipality=municipality, name="Meer", by=pm)
    lever_add(
        scenario=more,
        by=pm,
        kind=LeverKind.CAPACITY,
        pool=world["pl"],
        year=2027,
        quarter=1,
        fte=Decimal(2),
    )
    run = scenario_run_now(scenario=more, by=pm)
    assert run.objective > base.objective
    assert check_solution(run.problem, run.solution) == []


def test_infeasible_run_fails_with_reason_and_stores_nothing(world, municipality, pm):
    scenario = scenario_create(municipality=municipality, name="Krap", by=pm)
    # Juristen to 10 %: the statutory Delta (80 h) no longer fits.
    lever_add(scenario=scenario, by=pm, kind=LeverKind.HEADROOM, headroom_pct=10)
    run = scenario_run_now(scenario=scenario, by=pm)
    assert run.status == RunStatus.FAILED
    assert "Juristen" in run.failure_reason and "tekort" in run.failure_reason
    assert run.problem is None and run.solution is None and run.objective is None
    # It can be retried: a new run.
    lever_remove(lever=scenario.levers.get(), by=pm)
    assert scenario_run_now(scenario=scenario, by=pm).status == RunStatus.DONE


def test_result_rejected_by_the_checker_is_not_stored(world, municipality, pm):
    scenario = scenario_create(municipality=municipality, name="S", by=pm)
    with mock.patch.object(translate, "check", return_value=["pl 2027-Q1: load 999 exceeds 200"]):
        run = scenario_run_now(scenario=scenario, by=pm)
    assert run.status == RunStatus.FAILED
    assert "controle" in run.failure_reason
    assert run.solution is None


def test_crash_fails_the_run(world, municipality, pm):
    scenario = scenario_create(municipality=municipality, name="S", by=pm)
    with mock.patch.object(translate, "solve_plan", side_effect=RuntimeError("boem")):
        run = scenario_run_now(scenario=scenario, by=pm)
    assert run.status == RunStatus.FAILED
    assert "boem" in run.failure_reason


def test_a_crash_fails_an_urgency_request_or_analysis_with_its_reason(world, municipality, pm):

    plan = _adopted_plan(world, municipality, pm)
    with mock.patch.object(urgency_options, "three_options", side_effect=RuntimeError("boem")):
        request = urgency_request_start(
            initiative=world["e"], by=pm, year=2027, quarter=1, run_now=True
        )
    with mock.patch.object(marginal_services, "_marginal", side_effect=RuntimeError("knal")):
        analysis = marginal_start(scenario=plan, by=pm)
    request.refresh_from_db()
    analysis.refresh_from_db()
    assert (request.status, analysis.status) == (RunStatus.FAILED, RunStatus.FAILED)
    assert "Technische fout: boem" in request.failure_reason
    assert "Technische fout: knal" in analysis.failure_reason
    assert request.options is None and analysis.result is None  # no partial result
    assert request.progress == analysis.progress == 0
    assert analysis.finished_at is not None


def test_adopt_replaces_the_plan_of_record_atomically(world, municipality, pm):
    plan = _adopted_plan(world, municipality, pm)
    other = scenario_create(municipality=municipality, name="Nieuw", by=pm)
    with pytest.raises(PlanningError):  # not run yet
        scenario_adopt(scenario=other, body=world["body"], rationale="x", by=pm)
    scenario_run_now(scenario=other, by=pm)
    decision = scenario_adopt(scenario=other, body=world["body"], rationale="Beter", by=pm)
    assert decision.previous == plan and decision.decided_by == pm
    assert list(Scenario.objects.filter(is_plan_of_record=True)) == [other]
    # A failure half-way leaves everything as it was.
    third = scenario_create(municipality=municipality, name="Derde", by=pm)
    scenario_run_now(scenario=third, by=pm)
    failing = mock.patch.object(ScenarioDecision.objects, "create", side_effect=RuntimeError)
    with failing, pytest.raises(RuntimeError):
        scenario_adopt(scenario=third, body=world["body"], rationale="x", by=pm)
    assert list(Scenario.objects.filter(is_plan_of_record=True)) == [other]


def test_adopt_needs_the_right_to_decide(world, municipality, pm, personas):
    scenario = scenario_create(municipality=municipality, name="S", by=pm)
    scenario_run_now(scenario=scenario, by=pm)
    with pytest.raises(PermissionDenied):
        scenario_adopt(
            scenario=scenario, body=world["body"], rationale="x", by=personas[Role.READER]
        )
    decision = scenario_adopt(
        scenario=scenario, body=world["body"], rationale="x", by=personas[Role.BOARD_MEMBER]
    )
    assert decision.scenario.is_plan_of_record


def test_urgency_three_options(world, municipality, pm):
    _adopted_plan(world, municipality, pm)
    # Echo waits on the college's agenda; the wethouder wants it in 2027-Q1 with a lot of
    # project leaders.
    echo = world["e"]
    echo.has_political_urgency = True
    echo.state = "besluitvorming"
    echo.save()
    echo.demands.update(hours=Decimal(120))
    request = urgency_request_start(initiative=echo, by=pm, year=2027, quarter=1)
    request.refresh_from_db()
    assert request.status == RunStatus.DONE, request.failure_reason
    options = request.options
    assert options[UrgencyOption.DO_NOTHING]["value"] > 0
    assert options["request"]["start"] == "2027-Q1"
    phase = options[UrgencyOption.PHASE]
    assert phase["possible"]
    assert phase["moved"] or phase["dropped"]
    extra = options[UrgencyOption.EXTRA]
    assert extra["possible"]
    assert extra["total_hours"] > 0
    assert extra["pools"][0]["pool"] == "Projectleiders"
    assert extra["pools"][0]["cells"][0]["period"] == "2027-Q1"

    decided = urgency_decide(
        request=request,
        option=UrgencyOption.EXTRA,
        body=world["body"],
        rationale="Rijksopdracht",
        by=pm,
    )
    assert decided.chosen == UrgencyOption.EXTRA and decided.decided_by == pm
    with pytest.raises(PlanningError):
        urgency_decide(
            request=request, option=UrgencyOption.PHASE, body=world["body"], rationale="x", by=pm
        )


def test_asking_again_recomputes_the_open_request_instead_of_adding_one(world, municipality, pm):
    from koersvast.planning.models import UrgencyRequest

    _adopted_plan(world, municipality, pm)
    echo = world["e"]
    echo.has_political_urgency = True
    echo.save()
    first = urgency_request_start(initiative=echo, by=pm, year=2027, quarter=1)
    UrgencyRequest.objects.filter(pk=first.pk).update(options={"stale": True})
    again = urgency_request_start(initiative=echo, by=pm, year=2027, quarter=1)
    assert again.pk == first.pk
    assert UrgencyRequest.objects.filter(initiative=echo).count() == 1
    again.refresh_from_db()
    assert again.status == RunStatus.DONE and "stale" not in again.options
    later = urgency_request_start(initiative=echo, by=pm, year=2027, quarter=2)
    assert later.pk != first.pk  # another start is another question


def test_scoring_recomputes_the_undecided_options(
    world, municipality, pm, django_capture_on_commit_callbacks
):
    from koersvast.intake.services.scoring import initiative_score
    from koersvast.planning.models import UrgencyRequest

    _adopted_plan(world, municipality, pm)
    echo = world["e"]
    echo.has_political_urgency = True
    echo.save()
    request = urgency_request_start(initiative=echo, by=pm, year=2027, quarter=1)
    # Computed before the first score: the value was a placeholder.
    UrgencyRequest.objects.filter(pk=request.pk).update(options={"stale": True})
    from tests.factories import ImpactAxisFactory, ObjectiveFactory

    goal = ObjectiveFactory(municipality=municipality, framework=world["framework"])
    axis = ImpactAxisFactory(municipality=municipality, framework=world["framework"])
    with django_capture_on_commit_callbacks(execute=True):
        initiative_score(
            initiative=echo,
            framework=world["framework"],
            contributions={goal.pk: (3, "")},
            impacts={axis.pk: (1, "")},
            by=pm,
        )
    request.refresh_from_db()
    assert request.status == RunStatus.DONE and "stale" not in request.options
    assert UrgencyRequest.objects.filter(initiative=echo).count() == 1


def _submit(initiative, by, capture):
    from koersvast.intake.services.submission import initiative_transition
    from koersvast.portfolio.choices import LifecycleState

    initiative.problem = "Opvang ontheemden"
    initiative.intended_result = "200 plekken"
    initiative.save()
    with capture(execute=True):
        initiative_transition(initiative=initiative, target=LifecycleState.SUBMITTED, by=by)


def test_submitting_an_urgent_initiative_prepares_the_three_options(
    world, municipality, pm, personas, django_capture_on_commit_callbacks
):
    from koersvast.planning.models import UrgencyRequest

    _adopted_plan(world, municipality, pm)
    echo = world["e"]
    echo.has_political_urgency = True
    echo.submitted_by = personas[Role.POLITICAL_SPONSOR]
    echo.save()
    _submit(echo, personas[Role.POLITICAL_SPONSOR], django_capture_on_commit_callbacks)
    request = UrgencyRequest.objects.get(initiative=echo)
    assert request.status == RunStatus.DONE, request.failure_reason
    assert request.created_by == personas[Role.POLITICAL_SPONSOR]
    assert set(request.options) >= {UrgencyOption.DO_NOTHING, UrgencyOption.PHASE}


def test_no_options_without_urgency_or_without_a_plan(
    world, municipality, pm, django_capture_on_commit_callbacks
):
    from koersvast.planning.models import UrgencyRequest

    urgent = world["e"]
    urgent.has_political_urgency = True
    urgent.save()
    _submit(urgent, pm, django_capture_on_commit_callbacks)  # no plan of record yet
    assert not UrgencyRequest.objects.exists()


def test_jobs_left_behind_by_a_killed_worker_are_failed(world, municipality, pm):
    import io
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from koersvast.planning.models import MarginalAnalysis, ScenarioRun, UrgencyRequest

    scenario = scenario_create(municipality=municipality, name="S", by=pm)
    old = timezone.now() - timedelta(hours=2)
    lost = ScenarioRun.objects.create(
        municipality=municipality, scenario=scenario, created_by=pm, status=RunStatus.RUNNING
    )
    fresh = ScenarioRun.objects.create(
        municipality=municipality, scenario=scenario, created_by=pm, status=RunStatus.QUEUED
    )
    urgency = UrgencyRequest.objects.create(
        municipality=municipality, initiative=world["e"], year=2027, quarter=1, created_by=pm
    )
    ScenarioRun.objects.filter(pk=lost.pk).update(created_at=old)
    UrgencyRequest.objects.filter(pk=urgency.pk).update(created_at=old)
    assert not MarginalAnalysis.objects.exists()

    out = io.StringIO()
    call_command("cleanup_jobs", stdout=out)
    assert out.getvalue().startswith("2 vastgelopen")

    lost.refresh_from_db()
    fresh.refresh_from_db()
    urgency.refresh_from_db()
    assert lost.status == urgency.status == RunStatus.FAILED
    assert "Onderbroken" in lost.failure_reason
    assert lost.finished_at is not None
    assert fresh.status == RunStatus.QUEUED  # young enough to still be picked up
    assert fail_stale_jobs() == 0
