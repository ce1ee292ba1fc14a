"""Kind "Startvenster begrenzen": the initiative starts no earlier and/or no later than chosen."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koersvast.core.periods import quarter_label

from ..errors import PlanningError
from . import LeverType, register, start_index

if TYPE_CHECKING:
    from ..models import Lever, PlanningSettings
    from ..translate.initiatives import Window


def _given(values: Mapping[str, Any], year: str, quarter: str) -> bool:
    return values.get(year) is not None and values.get(quarter) is not None


class BoundStart(LeverType):
    key = "bound_start"
    label = gettext_lazy("Startvenster begrenzen")
    order = 40
    fields = ("initiative", "period", "latest")

    def check(self, values: Mapping[str, Any]) -> None:
        super().check(values)
        if not (
            _given(values, "year", "quarter") or _given(values, "latest_year", "latest_quarter")
        ):
            raise PlanningError(_("Kies een vroegste of uiterlijke start."))

    def describe(self, lever: Lever) -> str:
        latest = quarter_label(lever.latest_year, lever.latest_quarter) or "…"
        return f"{self.label}: {lever.initiative} {lever.period or '…'}–{latest}"

    def narrow(self, window: Window, lever: Lever, settings: PlanningSettings) -> None:
        index = start_index(lever, settings)
        if index is not None:
            window.earliest = window.clamp(index)
        if lever.latest_year and lever.latest_quarter:
            window.latest = window.clamp(
                settings.period_index(lever.latest_year, lever.latest_quarter)
            )


register(BoundStart())
