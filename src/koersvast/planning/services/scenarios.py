"""Scenarios and their levers: create (as a copy of the plan), add and remove levers, and the
scenario-wide switches (value density, framework version)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from koersvast.capacity.models import CapacityPool
from koersvast.framework.models import Framework
from koersvast.framework.selectors.versions import scoring_framework
from koersvast.intake.services.scoring import published_framework
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import require
from koersvast.weighing import WeighingError

from .. import levers
from ..errors import PlanningError
from ..models import (
    Lever,
    Scenario,
)
from ..rules import MANAGE
from ..selectors.scenarios import plan_of_record


@transaction.atomic
def scenario_create(
    *, municipality: Municipality, name: str, description: str = "", by: Any
) -> Scenario:
    """A new scenario: a copy of the plan of record (its levers), under the current framework."""
    require(by, municipality.pk, *MANAGE)
    if not name.strip():
        raise PlanningError(_("Geef het scenario een naam."))
    base = plan_of_record(municipality.pk)
    scenario = Scenario.objects.create(
        municipality=municipality,
        name=name.strip(),
        description=description,
        based_on=base,
        framework=published_framework(municipality.pk),
        include_candidates=base.include_candidates if base is not None else False,
        created_by=by,
    )
    if base is not None:
        copies = []
        for lever in base.levers.all():
            if lever.realised:  # already a real capacity or budget change
                continue
            lever.pk = None
            lever.scenario = scenario
            copies.append(lever)
        for lever in copies:
            lever.save()
    return scenario


@transaction.atomic
def lever_add(
    *,
    scenario: Scenario,
    by: Any,
    kind: str,
    initiative: Initiative | None = None,
    pool: CapacityPool | None = None,
    year: int | None = None,
    quarter: int | None = None,
    latest_year: int | None = None,
    latest_quarter: int | None = None,
    fte: Decimal | None = None,
    headroom_pct: int | None = None,
    budget_kind: str = "",
    amount: Decimal | None = None,
    note: str = "",
) -> Lever:
    """Add a lever to a scenario after its kind (`levers/`) checked it has what it needs; the
    columns of fields the kind does not use are left empty."""
    require(by, scenario.municipality_id, *MANAGE)
    lever_kind = levers.kind_of(kind)
    for obj in (initiative, pool):
        if obj is not None and obj.municipality_id != scenario.municipality_id:
            raise PermissionDenied
    values: dict[str, Any] = {
        "initiative": initiative,
        "pool": pool,
        "year": year,
        "quarter": quarter,
        "latest_year": latest_year,
        "latest_quarter": latest_quarter,
        "fte": fte,
        "headroom_pct": headroom_pct,
        "budget_kind": budget_kind,
        "amount": amount,
    }
    lever_kind.check(values)
    used = {column for name in lever_kind.fields for column in levers.COLUMNS[name]}
    for column in values.keys() - used:
        values[column] = "" if column == "budget_kind" else None
    return Lever.objects.create(
        municipality_id=scenario.municipality_id,
        scenario=scenario,
        kind=lever_kind.key,
        note=note,
        **values,
    )


@transaction.atomic
def lever_remove(*, lever: Lever, by: Any) -> None:
    require(by, lever.municipality_id, *MANAGE)
    lever.delete()


@transaction.atomic
def scenario_candidates_set(*, scenario: Scenario, on: bool, by: Any) -> Scenario:
    """Include the backlog on a decision agenda as candidates in the scenario's runs, or not."""
    require(by, scenario.municipality_id, *MANAGE)
    scenario.include_candidates = on
    scenario.save(update_fields=["include_candidates", "updated_at"])
    return scenario


@transaction.atomic
def scenario_value_density_set(*, scenario: Scenario, on: bool, by: Any) -> Scenario:
    """Switch value density (value per 100 demand hours) on or off; takes effect on the next run."""
    require(by, scenario.municipality_id, *MANAGE)
    scenario.value_density = on
    scenario.save(update_fields=["value_density", "updated_at"])
    return scenario


@transaction.atomic
def scenario_framework_set(*, scenario: Scenario, framework: Framework, by: Any) -> Scenario:
    """Value the scenario under another framework version (e.g. a draft with other weights).

    Takes effect on the next run; scores given under the published version carry over by
    objective and axis code, and nothing is written to the initiatives' own scores.
    """
    require(by, scenario.municipality_id, *MANAGE)
    if framework.municipality_id != scenario.municipality_id:
        raise PermissionDenied
    try:
        scoring_framework(framework)
    except WeighingError as error:
        raise PlanningError(
            _("Met %(fw)s kan niet worden gescoord: %(why)s") % {"fw": framework, "why": error}
        ) from error
    scenario.framework = framework
    scenario.save(update_fields=["framework", "updated_at"])
    return scenario
