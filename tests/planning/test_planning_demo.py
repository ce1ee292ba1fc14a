"""The demo's planning content: plan of record, three alternatives, the urgency request."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from koersvast.demo import content
from koersvast.demo.planning_demo import URGENT_TITLE, load_planning
from koersvast.optimizer.checker import check_solution
from koersvast.planning.choices import RunStatus, UrgencyOption
from koersvast.planning.models import Scenario, ScenarioRun, UrgencyRequest
from tests.demo_snapshot import load_demo

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_load_planning_is_checked_and_idempotent():
    municipality, _logins = load_demo()
    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=[name for name, *_rest in content.USERS]
        )
    }
    load_planning(municipality, users=users)  # speed: benchmarks/web/bench_scenarios.py
    scenarios = Scenario.objects.filter(municipality=municipality)
    assert scenarios.count() == 4
    assert scenarios.filter(is_plan_of_record=True).count() == 1
    for run in ScenarioRun.objects.filter(municipality=municipality):
        assert run.status == RunStatus.DONE, run.failure_reason
        assert check_solution(run.problem, run.solution) == []
    request = UrgencyRequest.objects.get(municipality=municipality)
    assert request.initiative.title == URGENT_TITLE
    assert request.status == RunStatus.DONE, request.failure_reason
    assert request.options[UrgencyOption.PHASE]["possible"], request.options
    assert request.options[UrgencyOption.EXTRA]["possible"]
    counts = (Scenario.objects.count(), ScenarioRun.objects.count(), UrgencyRequest.objects.count())
    load_planning(municipality, users=users)
    assert counts == (
        Scenario.objects.count(),
        ScenarioRun.objects.count(),
        UrgencyRequest.objects.count(),
    )
