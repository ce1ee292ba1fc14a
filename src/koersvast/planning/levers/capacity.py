"""Kind "Capaciteit wijzigen (fte)": a pool has more (or fewer) fte from a quarter on.

Adopting the plan makes it a real change of the pool's formation (`services/adoption.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..errors import PlanningError
from . import LeverType, register

if TYPE_CHECKING:
    from ..models import Lever, PlanningSettings


class Capacity(LeverType):
    key = "capacity"
    label = gettext_lazy("Capaciteit wijzigen (fte)")
    order = 50
    fields = ("pool", "fte", "period")
    realised_on_adoption = True

    def check(self, values: Mapping[str, Any]) -> None:
        if (
            values.get("pool") is None
            or not values.get("fte")
            or values.get("year") is None
            or values.get("quarter") is None
        ):
            raise PlanningError(_("Kies een pool, het aantal fte en het kwartaal vanaf wanneer."))

    def describe(self, lever: Lever) -> str:
        sign = "+" if (lever.fte or Decimal(0)) >= 0 else ""
        fte = f"{sign}{(lever.fte or Decimal(0)).normalize():f}"
        return _("%(fte)s fte %(pool)s vanaf %(period)s") % {
            "fte": fte,
            "pool": lever.pool,
            "period": lever.period,
        }

    def extra_fte(
        self, lever: Lever, pool_pk: int, index: int, settings: PlanningSettings
    ) -> Decimal:
        if lever.pool_id != pool_pk:
            return Decimal(0)
        if settings.period_index(lever.year or 0, lever.quarter or 1) > index:
            return Decimal(0)
        return lever.fte or Decimal(0)


register(Capacity())
