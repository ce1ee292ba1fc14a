"""Kind "Start vastzetten": the initiative is in the plan and starts in the chosen quarter."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..errors import PlanningError
from . import LeverType, register, start_index

if TYPE_CHECKING:
    from ..models import Lever, PlanningSettings
    from ..translate.initiatives import Window


class FixStart(LeverType):
    key = "fix_start"
    label = gettext_lazy("Start vastzetten")
    order = 30
    fields = ("initiative", "period")
    pulls_in = True

    def check(self, values: Mapping[str, Any]) -> None:
        super().check(values)
        if values.get("year") is None or values.get("quarter") is None:
            raise PlanningError(_("Kies het kwartaal waarin het initiatief start."))

    def describe(self, lever: Lever) -> str:
        return f"{self.label}: {lever.initiative} → {lever.period}"

    def narrow(self, window: Window, lever: Lever, settings: PlanningSettings) -> None:
        index = start_index(lever, settings)
        if index is not None:
            window.fixed = window.clamp(index)


register(FixStart())
