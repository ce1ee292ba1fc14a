"""Progress reports (frozen once submitted) and the meaning of each RAG colour.

A submitted progress report is frozen: `save()` and `delete()` refuse to touch it (the same
integrity guard the audit trail uses), so no code path can change a published report.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from koersvast.core.errors import DomainError
from koersvast.core.periods import Quarter
from koersvast.tenancy.models import TenantModel

from ..choices import (
    Aspect,
    Rag,
    ReportStatus,
    worst_colour,
)
from .people import person_field


class FrozenReportError(DomainError):
    """A submitted progress report was about to be changed or removed."""


class RagDefinition(TenantModel):
    """Betekenis van een stoplichtkleur in deze gemeente (oranje = buiten plankaders, gemeld)."""

    colour = models.CharField(_("kleur"), max_length=10, choices=Rag.choices)
    meaning = models.CharField(_("betekenis"), max_length=300)

    class Meta:
        verbose_name = _("RAG-definitie")
        verbose_name_plural = _("RAG-definities")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "colour"], name="rag_one_per_colour")
        ]

    def __str__(self) -> str:
        return f"{self.get_colour_display()}: {self.meaning}"


class ProgressReport(TenantModel):
    """Voortgangsrapportage van één initiatief over één kwartaal (met versies voor correcties)."""

    initiative = models.ForeignKey(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="progress_reports"
    )
    year = models.PositiveIntegerField(_("jaar"))
    quarter = models.PositiveSmallIntegerField(
        _("kwartaal"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    version = models.PositiveSmallIntegerField(_("versie"), default=1)
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("correctie op"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correction",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    rag_time = models.CharField(_("tijd"), max_length=10, choices=Rag.choices)
    rag_money = models.CharField(_("geld"), max_length=10, choices=Rag.choices)
    rag_scope = models.CharField(_("scope"), max_length=10, choices=Rag.choices)
    rag_quality = models.CharField(_("kwaliteit"), max_length=10, choices=Rag.choices)
    rag_risks = models.CharField(_("risico's"), max_length=10, choices=Rag.choices)
    rag_capacity = models.CharField(_("capaciteit"), max_length=10, choices=Rag.choices)
    rag_support = models.CharField(_("draagvlak"), max_length=10, choices=Rag.choices)
    rag_overall = models.CharField(_("totaal"), max_length=10, choices=Rag.choices, blank=True)
    narrative = models.TextField(_("toelichting op de voortgang"))
    forecast = models.TextField(_("prognose"), blank=True)
    # When the work is now expected to end (plan drift reads it against the plan of record).
    expected_end_year = models.PositiveIntegerField(
        _("verwacht einde: jaar"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    expected_end_quarter = models.PositiveSmallIntegerField(
        _("verwacht einde: kwartaal"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    decisions_needed = models.TextField(_("gevraagde besluiten"), blank=True)
    author = person_field(_("opgesteld door"))
    submitted_by = person_field(_("ingediend door"))
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)

    class Meta:
        verbose_name = _("voortgangsrapportage")
        verbose_name_plural = _("voortgangsrapportages")
        ordering = ["initiative", "-year", "-quarter", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "year", "quarter", "version"], name="report_unique_version"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="report_quarter_1_4"
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status", "year", "quarter"])]

    def __str__(self) -> str:
        return f"{self.initiative} {self.period_label} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:report_detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        return Quarter(self.year, self.quarter).label

    @property
    def is_frozen(self) -> bool:
        return self.status == ReportStatus.SUBMITTED

    def aspects(self) -> list[tuple[str, str, str]]:
        """(label, colour value, colour label) per aspect, in the fixed order."""
        return [
            (
                str(aspect.label),
                getattr(self, aspect.value),
                str(Rag(getattr(self, aspect.value)).label),
            )
            for aspect in Aspect
            if getattr(self, aspect.value)
        ]

    def worst_colour(self) -> str:
        return worst_colour(getattr(self, aspect.value) for aspect in Aspect)

    def _was_frozen(self) -> bool:
        loaded = getattr(self, "_loaded_values", None) or {}
        return loaded.get("status") == ReportStatus.SUBMITTED

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and self._was_frozen():
            raise FrozenReportError("A submitted progress report never changes.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self._was_frozen() or self.status == ReportStatus.SUBMITTED:
            raise FrozenReportError("A submitted progress report is never removed.")
        return super().delete(*args, **kwargs)
