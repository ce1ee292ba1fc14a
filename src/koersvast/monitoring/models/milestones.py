"""Milestones with a baseline, forecast and actual date."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from koersvast.tenancy.models import TenantModel


class Milestone(TenantModel):
    """Mijlpaal met basis-, prognose- en werkelijke datum."""

    initiative = models.ForeignKey(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="milestones"
    )
    name = models.CharField(_("naam"), max_length=200)
    baseline_date = models.DateField(_("basisdatum"))
    forecast_date = models.DateField(_("prognosedatum"), null=True, blank=True)
    actual_date = models.DateField(_("werkelijke datum"), null=True, blank=True)

    class Meta:
        verbose_name = _("mijlpaal")
        verbose_name_plural = _("mijlpalen")
        ordering = ["initiative", "baseline_date", "name"]

    def __str__(self) -> str:
        return self.name

    def expected_date(self) -> datetime.date:
        return self.actual_date or self.forecast_date or self.baseline_date

    def slippage_days(self) -> int:
        """Days later (positive) or earlier (negative) than the baseline."""
        return (self.expected_date() - self.baseline_date).days

    def is_overdue(self, today: datetime.date) -> bool:
        return self.actual_date is None and self.expected_date() < today
