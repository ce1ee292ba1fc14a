"""Builders shared by the framework tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from koersvast.framework.models import Framework
from koersvast.framework.services.structure import objective_create
from koersvast.framework.services.versions import framework_create


def build_framework(municipality: Any, by: Any = None, name: str = "Kader") -> Framework:
    """A draft with three themes, two objectives under the first, and the standard axes."""
    framework = framework_create(municipality=municipality, name=name, by=by)
    t1 = objective_create(
        framework=framework, by=by, code="T1", name="Iedereen doet mee", weight=Decimal(3)
    )
    objective_create(framework=framework, by=by, code="T2", name="Wonen", weight=Decimal(2))
    objective_create(framework=framework, by=by, code="T3", name="Duurzaam", weight=Decimal(1))
    objective_create(
        framework=framework, by=by, code="T1.1", name="Jeugd", parent=t1, weight=Decimal(1)
    )
    objective_create(
        framework=framework,
        by=by,
        code="T1.2",
        name="Werk",
        parent=t1,
        weight=Decimal(1),
        kpi="Uitstroom (%)",
        esg_theme="S",
    )
    return framework
