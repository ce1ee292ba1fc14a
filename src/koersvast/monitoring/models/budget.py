"""Budget lines: planned, actual and forecast euros per initiative, year and kind."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from koersvast.portfolio.choices import BudgetKind
from koersvast.tenancy.models import TenantModel


class BudgetLine(TenantModel):
    """Budget van een initiatief in één jaar en één soort: begroot, werkelijk en prognose."""

    initiative = models.ForeignKey(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="budget_lines"
    )
    year = models.PositiveIntegerField(_("jaar"))
    kind = models.CharField(_("soort"), max_length=20, choices=BudgetKind.choices)
    planned = models.DecimalField(_("begroot (€)"), max_digits=14, decimal_places=2, default=0)
    actual = models.DecimalField(_("werkelijk (€)"), max_digits=14, decimal_places=2, default=0)
    forecast = models.DecimalField(_("prognose (€)"), max_digits=14, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("budgetregel")
        verbose_name_plural = _("budgetregels")
        ordering = ["initiative", "year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "year", "kind"], name="budget_unique")
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.year} {self.kind}"
