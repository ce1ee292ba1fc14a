"""Kind "Budget wijzigen (€ per jaar)": more (or less) room in a kind of budget from a year on.

Adopting the plan makes it a real change of the budget room (`services/adoption.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koersvast.core.numbers import format_euros
from koersvast.portfolio.choices import BudgetKind

from ..errors import PlanningError
from . import BudgetChange, LeverType, register

if TYPE_CHECKING:
    from ..models import Lever


class Budget(LeverType):
    key = "budget"
    label = gettext_lazy("Budget wijzigen (€ per jaar)")
    order = 70
    fields = ("budget_kind", "amount", "period")
    realised_on_adoption = True

    def check(self, values: Mapping[str, Any]) -> None:
        if (
            not values.get("budget_kind")
            or not values.get("amount")
            or values.get("year") is None
            or values.get("quarter") is None
        ):
            raise PlanningError(
                _("Kies de soort budget, het bedrag per jaar en het kwartaal vanaf wanneer.")
            )

    def describe(self, lever: Lever) -> str:
        amount = lever.amount or Decimal(0)
        return _("%(sign)s%(amount)s %(kind)s per jaar vanaf %(year)s") % {
            "sign": "+" if amount >= 0 else "−",
            "amount": format_euros(abs(amount)),
            "kind": BudgetKind(lever.budget_kind).label.lower() if lever.budget_kind else "",
            "year": lever.year,
        }

    def budget_change(self, lever: Lever, budget_kind: str) -> BudgetChange | None:
        if lever.budget_kind != budget_kind:
            return None
        # The room of a year counts the levers from that year on (no year: every year).
        return BudgetChange(lever.year or 0, lever.amount or Decimal(0))


register(Budget())
