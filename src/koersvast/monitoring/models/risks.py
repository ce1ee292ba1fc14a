"""Risks of an initiative, a programme or the whole portfolio."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from koersvast.tenancy.models import TenantModel

from ..choices import (
    RiskSource,
    RiskStatus,
)
from .people import person_field
from .programmes import Programme


class Risk(TenantModel):
    """Risico van een initiatief, programma of het portfolio: kans × impact, eigenaar, maatregel."""

    initiative = models.ForeignKey(
        "portfolio.Initiative",
        verbose_name=_("initiatief"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="risks",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programma"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="risks",
    )
    title = models.CharField(_("risico"), max_length=300)
    description = models.TextField(_("toelichting"), blank=True)
    probability = models.PositiveSmallIntegerField(
        _("kans (1–5)"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    impact = models.PositiveSmallIntegerField(
        _("impact (1–5)"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    score = models.GeneratedField(
        expression=F("probability") * F("impact"),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    owner = person_field(_("risico-eigenaar"))
    mitigation = models.TextField(_("beheersmaatregel"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RiskStatus.choices, default=RiskStatus.OPEN
    )
    review_date = models.DateField(_("herzien op"), null=True, blank=True)
    source = models.CharField(
        _("bron"), max_length=20, choices=RiskSource.choices, default=RiskSource.MANUAL
    )
    source_advice = models.ForeignKey(
        "intake.Advice",
        verbose_name=_("uit advies"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("risico")
        verbose_name_plural = _("risico's")
        ordering = ["municipality", "-score", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(probability__gte=1, probability__lte=5, impact__gte=1, impact__lte=5),
                name="risk_scale_1_5",
            ),
            models.UniqueConstraint(
                fields=["initiative", "source_advice", "title"],
                condition=Q(source_advice__isnull=False),
                name="risk_once_per_advice_line",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return self.title
