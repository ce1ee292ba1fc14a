"""The municipality's planning settings (start, horizon, headroom, period length)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import require

from ..choices import Granularity
from ..models import (
    PlanningSettings,
)
from ..rules import MANAGE


@transaction.atomic
def planning_settings_save(
    *,
    municipality: Municipality,
    by: Any,
    first_year: int,
    first_quarter: int,
    horizon: int,
    headroom_pct: int,
    granularity: str = Granularity.QUARTER,
) -> PlanningSettings:
    """Store the planning start, horizon, headroom and period length of the municipality."""
    require(by, municipality.pk, *MANAGE)
    settings, _created = PlanningSettings.objects.update_or_create(
        municipality=municipality,
        defaults={
            "first_year": first_year,
            "first_quarter": first_quarter,
            "horizon": horizon,
            "headroom_pct": headroom_pct,
            "granularity": Granularity(granularity),
        },
    )
    return settings
