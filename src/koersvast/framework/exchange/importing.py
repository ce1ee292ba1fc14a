"""Importing a ``koersvast.framework/1`` file as a new draft version, in one transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from koersvast.tenancy.models import Municipality

from ..choices import ComparisonGroup
from ..models import Comparison, Framework, ImpactAxis, Objective
from ..services.common import check_may_manage
from ..services.versions import next_version
from .criteria import criteria_validate, criteria_write
from .document import FrameworkFileError, _Checker, parse_document
from .validation import Plan, validate_document

# --- Import ---------------------------------------------------------------------------------


def framework_import(*, municipality: Municipality, raw: bytes, by: Any) -> Framework:
    """Import a ``koersvast.framework/1`` file into `municipality` as a new draft version.

    Raises FrameworkFileError (naming every problem and its path) before anything is written;
    the writes happen in one transaction.
    """
    check_may_manage(by, municipality.pk)
    document = parse_document(raw)
    plan = validate_document(document)
    check = _Checker()
    criteria = criteria_validate(check, document, municipality)
    if check.problems:
        raise FrameworkFileError(check.problems)
    with transaction.atomic():
        framework = _write(municipality, plan)
        criteria_write(municipality, criteria)
    return framework


@transaction.atomic
def _write(municipality: Municipality, plan: Plan) -> Framework:
    name = plan.framework["name"]
    framework = Framework.objects.create(
        municipality=municipality,
        name=name,
        version=next_version(municipality=municipality, name=name),
        description=plan.framework["description"],
        value_weight=plan.framework["value_weight"],
        impact_weight=plan.framework["impact_weight"],
    )
    objectives: dict[str, Objective] = {}
    pending = list(plan.objectives)
    while pending:  # parents first; validation ruled out cycles and unknown parents
        rest = []
        for data in pending:
            if data["parent"] is not None and data["parent"] not in objectives:
                rest.append(data)
                continue
            objectives[data["code"]] = Objective.objects.create(
                municipality=municipality,
                framework=framework,
                **{**data, "parent": objectives.get(data["parent"] or "")},
            )
        pending = rest
    axes = {
        data["code"]: ImpactAxis.objects.create(
            municipality=municipality, framework=framework, **data
        )
        for data in plan.axes
    }
    for data in plan.comparisons:
        is_axes = data["group"] == ComparisonGroup.AXES
        Comparison.objects.create(
            municipality=municipality,
            framework=framework,
            group=data["group"],
            parent=objectives[data["parent"]] if data["parent"] else None,
            first_objective=None if is_axes else objectives[data["first"]],
            second_objective=None if is_axes else objectives[data["second"]],
            first_axis=axes[data["first"]] if is_axes else None,
            second_axis=axes[data["second"]] if is_axes else None,
            judgement=data["judgement"],
        )
    return framework
