"""Benefits (measurable results) and their measurements, also after a project closes."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from koersvast.tenancy.models import TenantModel

from .people import person_field
from .programmes import Programme


class Benefit(TenantModel):
    """Baat: een meetbaar resultaat (KPI) met nulmeting, doel en eigenaar in de lijn."""

    initiative = models.ForeignKey(
        "portfolio.Initiative",
        verbose_name=_("initiatief"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="benefits",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programma"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="benefits",
    )
    objective = models.ForeignKey(
        "framework.Objective",
        verbose_name=_("doelstelling"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="benefits",
    )
    # Benefits map: the initiatives that deliver a programme's own benefit.
    delivered_by = models.ManyToManyField(
        "portfolio.Initiative",
        verbose_name=_("geleverd door"),
        blank=True,
        related_name="delivers_benefits",
    )
    name = models.CharField(_("baat"), max_length=200)
    kpi = models.CharField(_("KPI"), max_length=200)
    unit = models.CharField(_("eenheid"), max_length=40)
    baseline = models.DecimalField(_("nulmeting"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("streefwaarde"), max_digits=14, decimal_places=2)
    target_date = models.DateField(_("streefdatum"))
    owner = person_field(_("eigenaar in de lijn"))

    class Meta:
        verbose_name = _("baat")
        verbose_name_plural = _("baten")
        ordering = ["municipality", "target_date", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("monitoring:benefit_detail", args=[self.pk])

    def realisation(self, value: Decimal | None) -> Decimal | None:
        """Share of the planned change achieved by `value` (1 = target reached)."""
        if value is None or self.target == self.baseline:
            return None
        return (value - self.baseline) / (self.target - self.baseline)


class BenefitMeasurement(TenantModel):
    """Meting van de KPI van een baat op een datum (ook na afronding van het project)."""

    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("meetdatum"))
    value = models.DecimalField(_("waarde"), max_digits=14, decimal_places=2)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    recorded_by = person_field(_("vastgelegd door"))

    class Meta:
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        ordering = ["benefit", "-measured_on"]
        constraints = [
            models.UniqueConstraint(fields=["benefit", "measured_on"], name="measurement_unique")
        ]

    def __str__(self) -> str:
        return f"{self.benefit}: {self.value} ({self.measured_on})"
