"""The marginal analysis re-solves from the run's plan: a start that fits every bigger problem."""

from __future__ import annotations

from typing import Any

import pytest

from koersvast.planning import translate
from koersvast.planning.choices import RunStatus
from koersvast.planning.services.marginal import marginal_start
from koersvast.planning.services.runs import scenario_run_now
from koersvast.planning.services.scenarios import scenario_create
from koersvast.tenancy.choices import Role

pytestmark = pytest.mark.django_db


def test_every_re_solve_starts_from_the_runs_plan(world, municipality, personas, monkeypatch):
    manager = personas[Role.PORTFOLIO_MANAGER]
    scenario = scenario_create(municipality=municipality, name="Start", by=manager)
    run = scenario_run_now(scenario=scenario, by=manager)
    plan = {s["id"]: s["start"] for s in run.solution["selected"]}
    assert plan
    seen: list[dict[str, Any]] = []
    real = translate.solve_plan

    def spy(problem: Any, **kwargs: Any) -> Any:
        seen.append(kwargs)
        return real(problem, **kwargs)

    monkeypatch.setattr(translate, "solve_plan", spy)
    analysis = marginal_start(scenario=scenario, by=manager, pool=world["pl"])
    analysis.refresh_from_db()
    assert analysis.status == RunStatus.DONE, analysis.failure_reason
    assert seen and all(kwargs["start"] == plan for kwargs in seen)
    assert all(row["gain"] >= 0 for row in analysis.result["marginal"])


def test_a_re_solve_is_never_below_its_start_even_with_almost_no_time(world, municipality):
    problem = translate.build_problem(municipality=municipality, framework=world["framework"])
    solution = translate.solve_plan(problem.problem)
    start = {s["id"]: s["start"] for s in solution["selected"]}
    value, violations = translate.solve_with_extra(
        problem.problem, {"pl": [0.0] * 8}, time_limit=0.01, node_limit=1, start=start
    )
    assert violations == []
    assert value >= translate.value_of(problem.problem, start) - 1e-9
