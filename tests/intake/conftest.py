"""Fixtures for the intake: a published framework to score against, a board with a mandate."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from koersvast.framework.models import Framework, ImpactAxis, Objective
from koersvast.intake.models import DecisionBody
from tests.factories import DomainFactory, InitiativeFactory


@pytest.fixture
def framework(municipality: Any) -> Framework:
    """Two themes, three scored objectives, two impact axes; published."""
    fw = Framework.objects.create(
        municipality=municipality, name="Kader", version=1, status="published"
    )
    social = Objective.objects.create(
        municipality=municipality,
        framework=fw,
        code="T1",
        name="Sociaal",
        source="coalitieakkoord",
        weight=Decimal("0.6"),
    )
    green = Objective.objects.create(
        municipality=municipality,
        framework=fw,
        code="T2",
        name="Groen",
        source="coalitieakkoord",
        weight=Decimal("0.4"),
    )
    for code, parent, weight in (
        ("T1.1", social, "1"),
        ("T1.2", social, "1"),
        ("T2.1", green, "1"),
    ):
        Objective.objects.create(
            municipality=municipality,
            framework=fw,
            parent=parent,
            code=code,
            name=f"Doel {code}",
            source="coalitieakkoord",
            weight=Decimal(weight),
        )
    ImpactAxis.objects.create(municipality=municipality, framework=fw, code="risk", name="Risico")
    ImpactAxis.objects.create(
        municipality=municipality,
        framework=fw,
        code="urgency",
        name="Urgentie",
        direction="higher_is_better",
    )
    return fw


@pytest.fixture
def leaves(framework: Framework) -> dict[str, Objective]:
    return {o.code: o for o in framework.objectives.filter(parent__isnull=False)}


@pytest.fixture
def axes(framework: Framework) -> dict[str, ImpactAxis]:
    return {a.code: a for a in framework.axes.all()}


@pytest.fixture
def board(municipality: Any) -> DecisionBody:
    return DecisionBody.objects.create(
        municipality=municipality,
        name="Portfolioboard",
        kind="portfolioboard",
        mandate_max_budget=Decimal("500000"),
    )


@pytest.fixture
def make_initiative(municipality: Any, personas: Any) -> Any:
    from koersvast.tenancy.choices import Role

    def make(**kwargs: Any) -> Any:
        defaults = {
            "municipality": municipality,
            "problem": "Wachtlijsten lopen op.",
            "intended_result": "Binnen 6 weken hulp.",
            "submitted_by": personas[Role.SUBMITTER],
            "domain": DomainFactory(municipality=municipality),
        }
        defaults.update(kwargs)
        return InitiativeFactory(**defaults)

    return make


def full_scores(
    leaves: dict[str, Objective], axes: dict[str, ImpactAxis], value: int = 2
) -> tuple[dict, dict]:
    contributions = {o.pk: (value, "reden") for o in leaves.values()}
    impacts = {a.pk: (3, "") for a in axes.values()}
    return contributions, impacts
