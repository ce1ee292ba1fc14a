"""Kind "Verplicht opnemen": the initiative must be in the plan."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy

from . import LeverType, register

if TYPE_CHECKING:
    from ..models import Lever, PlanningSettings
    from ..translate.initiatives import Window


class ForceIn(LeverType):
    key = "force_in"
    label = gettext_lazy("Verplicht opnemen")
    order = 10
    fields = ("initiative",)
    pulls_in = True

    def narrow(self, window: Window, lever: Lever, settings: PlanningSettings) -> None:
        window.mandatory = True


register(ForceIn())
