"""Adopting a scenario as the plan of record: a recorded decision, in one transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from koersvast.intake.models import DecisionBody

from ..choices import RunStatus
from ..errors import PlanningError
from ..models import (
    Scenario,
    ScenarioDecision,
)
from ..rules import DECIDE, require


@transaction.atomic
def scenario_adopt(
    *, scenario: Scenario, body: DecisionBody, rationale: str, by: Any
) -> ScenarioDecision:
    """Make the scenario the plan of record through a recorded decision (one transaction)."""
    require(by, scenario.municipality_id, DECIDE)
    if body.municipality_id != scenario.municipality_id:
        raise PermissionDenied
    if not rationale.strip():
        raise PlanningError(_("Motiveer het besluit."))
    run = (
        scenario.runs.filter(status=RunStatus.DONE).order_by("-pk").first() if scenario.pk else None
    )
    if run is None:
        raise PlanningError(
            _("Reken het scenario eerst door; alleen een doorgerekend plan kan worden vastgesteld.")
        )
    # Lock the municipality's scenarios so two adoptions cannot both win.
    current = list(
        Scenario.objects.select_for_update().filter(
            municipality_id=scenario.municipality_id, is_plan_of_record=True
        )
    )
    previous = current[0] if current else None
    if previous is not None and previous.pk == scenario.pk:
        raise PlanningError(_("Dit scenario is al het vastgestelde plan."))
    for old in current:
        old.is_plan_of_record = False
        old.save(update_fields=["is_plan_of_record", "updated_at"])
    scenario.is_plan_of_record = True
    scenario.save(update_fields=["is_plan_of_record", "updated_at"])
    return ScenarioDecision.objects.create(
        municipality_id=scenario.municipality_id,
        scenario=scenario,
        run=run,
        previous=previous,
        body=body,
        rationale=rationale.strip(),
        decided_by=by,
    )
