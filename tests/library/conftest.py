"""Fixtures of the template library: a small framework, criteria and colours in Utrecht."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from koersvast.intake.models import EntryCriterion
from koersvast.library.services import template_publish
from koersvast.monitoring.models import RagDefinition
from koersvast.tenancy.choices import Role
from tests.factories import (
    DomainFactory,
    FrameworkFactory,
    ImpactAxisFactory,
    InitiativeFactory,
    ObjectiveFactory,
)


@pytest.fixture
def manager(personas: dict[Role, Any]) -> Any:
    return personas[Role.PORTFOLIO_MANAGER]


@pytest.fixture
def framework(municipality: Any) -> Any:
    """A published two-level framework with two axes, and a secret initiative beside it."""
    framework = FrameworkFactory(
        municipality=municipality, name="Kader Utrecht", version=1, status="published"
    )
    theme = ObjectiveFactory(
        municipality=municipality, framework=framework, code="T1", name="Wonen", weight=2
    )
    ObjectiveFactory(
        municipality=municipality, framework=framework, code="T2", name="Werken", weight=1
    )
    ObjectiveFactory(
        municipality=municipality,
        framework=framework,
        parent=theme,
        code="T1.1",
        name="Betaalbare woningen",
        weight=1,
    )
    ImpactAxisFactory(
        municipality=municipality, framework=framework, code="risico", name="Risico", weight=1
    )
    ImpactAxisFactory(
        municipality=municipality, framework=framework, code="urgentie", name="Urgentie", weight=1
    )
    InitiativeFactory(municipality=municipality, title="Geheim initiatief van Utrecht")
    return framework


@pytest.fixture
def criteria(municipality: Any) -> list[Any]:
    domain = DomainFactory(municipality=municipality, code="iv", name="Informatievoorziening")
    return [
        EntryCriterion.objects.create(
            municipality=municipality,
            code="probleem",
            name="Probleem beschreven",
            kind="field",
            required_field="problem",
        ),
        EntryCriterion.objects.create(
            municipality=municipality,
            code="ciso",
            name="CISO-advies",
            kind="advice",
            advice_kind="ciso",
            if_domain=domain,
            order=1,
        ),
        EntryCriterion.objects.create(
            municipality=municipality,
            code="controller",
            name="Advies controller",
            kind="advice",
            advice_kind="controller",
            if_budget_over=Decimal(500_000),
            order=2,
        ),
    ]


@pytest.fixture
def colours(municipality: Any) -> None:
    RagDefinition.objects.create(municipality=municipality, colour="groen", meaning="Op koers.")
    RagDefinition.objects.create(municipality=municipality, colour="rood", meaning="Ingrijpen.")


@pytest.fixture
def framework_template(framework: Any, municipality: Any, manager: Any) -> Any:
    """Version 1 of a framework template published by Utrecht."""
    return template_publish(
        municipality=municipality,
        kind="afwegingskader",
        source_key=str(framework.pk),
        title="Afwegingskader middelgrote stad",
        description="Wonen en werken voorop.",
        by=manager,
    )
