"""Kind "Planningsruimte wijzigen (%)": plan to another share of the available capacity."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..errors import PlanningError
from . import LeverType, register

if TYPE_CHECKING:
    from ..models import Lever


class Headroom(LeverType):
    key = "headroom"
    label = gettext_lazy("Planningsruimte wijzigen (%)")
    order = 60
    fields = ("headroom_pct",)

    def check(self, values: Mapping[str, Any]) -> None:
        if not values.get("headroom_pct"):
            raise PlanningError(_("Geef de planningsruimte als percentage (1–100)."))

    def describe(self, lever: Lever) -> str:
        return _("Planningsruimte %(pct)s %%") % {"pct": lever.headroom_pct}

    def headroom_pct(self, lever: Lever) -> int | None:
        return lever.headroom_pct


register(Headroom())
