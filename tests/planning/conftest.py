"""A small planning world: two pools, four plannable initiatives, a published framework."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from koersvast.planning.models import PlanningSettings
from tests.factories import (
    CapacityPoolFactory,
    DecisionBodyFactory,
    DemandFactory,
    FrameworkFactory,
    InitiativeFactory,
    PoolCapacityFactory,
    PriorityScoreFactory,
)


def _initiative(municipality: Any, reference: str, demand: dict[Any, list[int]], **values: Any):
    initiative = InitiativeFactory(municipality=municipality, reference=reference, **values)
    for pool, hours in demand.items():
        for offset, h in enumerate(hours):
            DemandFactory(initiative=initiative, pool=pool, offset=offset, hours=Decimal(h))
    return initiative


@pytest.fixture
def world(municipality: Any) -> dict[str, Any]:
    PlanningSettings.objects.create(
        municipality=municipality, first_year=2027, first_quarter=1, horizon=8, headroom_pct=100
    )
    framework = FrameworkFactory(municipality=municipality, status="published")
    pl = CapacityPoolFactory(
        municipality=municipality, code="pl", name="Projectleiders", hours_per_fte=Decimal(100)
    )
    jur = CapacityPoolFactory(
        municipality=municipality, code="jur", name="Juristen", hours_per_fte=Decimal(100)
    )
    for index in range(8):
        year, quarter = 2027 + index // 4, index % 4 + 1
        PoolCapacityFactory(pool=pl, year=year, quarter=quarter, fte=Decimal(2))
        PoolCapacityFactory(pool=jur, year=year, quarter=quarter, fte=Decimal(1))
    a = _initiative(
        municipality,
        "A",
        {pl: [150, 150]},
        state="opgenomen",
        title="Alfa",
        start_year=2027,
        start_quarter=1,
        duration_quarters=2,
    )
    b = _initiative(
        municipality,
        "B",
        {pl: [100, 100]},
        state="gepland",
        title="Bravo",
        start_year=2027,
        start_quarter=1,
        duration_quarters=2,
    )
    c = _initiative(
        municipality,
        "C",
        {pl: [50, 50, 50]},
        state="in_uitvoering",
        title="Charlie",
        start_year=2026,
        start_quarter=4,
        duration_quarters=3,
    )
    d = _initiative(
        municipality,
        "D",
        {jur: [80]},
        state="opgenomen",
        title="Delta",
        start_year=2027,
        start_quarter=3,
        duration_quarters=1,
        is_statutory=True,
    )
    e = _initiative(municipality, "E", {pl: [10]}, state="idee", title="Echo", duration_quarters=1)
    PriorityScoreFactory(initiative=a, framework=framework, total=Decimal("80"))
    PriorityScoreFactory(initiative=b, framework=framework, total=Decimal("60"))
    PriorityScoreFactory(initiative=c, framework=framework, total=Decimal("40"))
    body = DecisionBodyFactory(municipality=municipality, name="College")
    return {
        "framework": framework,
        "pl": pl,
        "jur": jur,
        "a": a,
        "b": b,
        "c": c,
        "d": d,
        "e": e,
        "body": body,
    }
