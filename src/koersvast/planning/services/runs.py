"""Runs of the optimiser on a scenario: queue, execute (translate, solve, check), store."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from koersvast.intake.services.scoring import published_framework
from koersvast.tenancy.policy import require

from .. import constants, presenters, translate
from ..choices import ACTIVE_STATUSES, RunStatus
from ..documents import X_CANDIDATES
from ..errors import PlanningError
from ..models import (
    Scenario,
    ScenarioRun,
)
from ..rules import MANAGE
from ..selectors.digest import run_digest
from .candidates import fit_candidates
from .jobs import execute, progress_writer


def scenario_run_start(*, scenario: Scenario, by: Any) -> ScenarioRun:
    """Queue a run of the optimiser on the scenario (a running one is returned as is)."""
    require(by, scenario.municipality_id, *MANAGE)
    active = scenario.runs.filter(status__in=ACTIVE_STATUSES).first()
    if active is not None:
        return active
    run = ScenarioRun.objects.create(
        municipality_id=scenario.municipality_id, scenario=scenario, created_by=by
    )
    from ..tasks import scenario_run_task

    scenario_run_task.enqueue(run.pk)
    return run


def scenario_run_now(*, scenario: Scenario, by: Any, **limits: Any) -> ScenarioRun:
    """Run synchronously (demo loading, benchmarks): no queue."""
    require(by, scenario.municipality_id, *MANAGE)
    run = ScenarioRun.objects.create(
        municipality_id=scenario.municipality_id, scenario=scenario, created_by=by
    )
    return scenario_run_execute(run_id=run.pk, **limits)


def scenario_run_execute(
    *,
    run_id: int,
    time_limit: float = constants.TIME_LIMIT_SECONDS,
    node_limit: int | None = constants.NODE_LIMIT,
) -> ScenarioRun:
    """Do the work of a run: translate, solve, check, and store the result or the failure."""
    run = ScenarioRun.objects.select_related("scenario", "municipality").get(pk=run_id)
    ScenarioRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), progress=1
    )

    def compute() -> dict[str, Any]:
        scenario = run.scenario
        translation = translate.build_problem(
            municipality=run.municipality,
            levers=scenario.levers.all(),
            framework=scenario.framework or published_framework(run.municipality_id),
            name=scenario.name,
            value_density=scenario.value_density,
            candidates=scenario.include_candidates,
        )
        progress = progress_writer(ScenarioRun, run.pk, time_limit)
        solution = translate.solve_plan(
            translation.problem, progress=progress, time_limit=time_limit, node_limit=node_limit
        )
        if solution["status"] not in ("optimal", "feasible"):
            raise PlanningError(presenters.failure_text(translation.problem, solution))
        progress("check", solution.get("solve_seconds") or 0.0, solution["objective"], fraction=1.0)
        violations = translate.check(translation.problem, solution)
        if violations:
            raise PlanningError(
                _("De onafhankelijke controle keurt het plan af: %(errors)s")
                % {"errors": "; ".join(violations[:5])}
            )
        baseline = solution.get("baseline") or {}
        # Candidates from the backlog fill what the plan of the admitted work leaves; they are
        # shown beside the plan, never in it (decision 0407).
        fitted = fit_candidates(
            translation.problem, solution, time_limit=time_limit, node_limit=node_limit
        )
        if fitted is not None:
            solution[X_CANDIDATES] = fitted
        return {
            "solver_status": solution["status"],
            "objective": solution["objective"],
            "bound": solution.get("bound"),
            "gap": solution.get("gap"),
            "solve_seconds": solution.get("solve_seconds"),
            "greedy_value": baseline.get("objective"),
            "warnings": [*translation.warnings, *presenters.solver_warnings(solution)],
            "problem": translation.problem,
            "solution": solution,
            "digest": run_digest(translation.problem, solution),
            "finished_at": timezone.now(),
        }

    execute(ScenarioRun, run.pk, compute)
    run.refresh_from_db()
    return run
