"""Programme progress reports: a quarterly roll-up of a programme's projects, frozen once submitted.

Like a project's `ProgressReport`, a submitted programme report refuses to be saved or deleted
(decision 0303). The roll-up of the projects (their latest colour, milestones, open risks and
budget) is a snapshot taken when the report is drawn up and refreshed on every draft save, so
the submitted report keeps showing what the programme manager saw.
"""

from __future__ import annotations

from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from koersvast.tenancy.models import TenantModel

from ..choices import Rag, ReportStatus
from .people import person_field
from .programmes import Programme
from .reports import FrozenReportError


class ProgrammeReport(TenantModel):
    """Programmarapportage: de voortgang van een programma over één kwartaal."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programma"), on_delete=models.CASCADE, related_name="reports"
    )
    year = models.PositiveIntegerField(
        _("jaar"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("kwartaal"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    rag = models.CharField(_("stoplicht van het programma"), max_length=10, choices=Rag.choices)
    summary = models.TextField(_("samenvatting"))
    decisions_needed = models.TextField(_("gevraagde besluiten"), blank=True)
    # The roll-up of the projects, taken by the service (see selectors.programme_reports).
    snapshot = models.JSONField(
        _("stand van de projecten"), default=dict, encoder=DjangoJSONEncoder
    )
    snapshot_at = models.DateTimeField(_("stand van"), null=True, blank=True)
    author = person_field(_("opgesteld door"))
    submitted_by = person_field(_("ingediend door"))
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)

    class Meta:
        verbose_name = _("programmarapportage")
        verbose_name_plural = _("programmarapportages")
        ordering = ["programme", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "quarter"], name="programme_report_unique_period"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="programme_report_quarter_1_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.period_label}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:programme_report_detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    @property
    def is_frozen(self) -> bool:
        return self.status == ReportStatus.SUBMITTED

    def _was_frozen(self) -> bool:
        loaded = getattr(self, "_loaded_values", None) or {}
        return loaded.get("status") == ReportStatus.SUBMITTED

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and self._was_frozen():
            raise FrozenReportError("A submitted programme report never changes.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self._was_frozen() or self.status == ReportStatus.SUBMITTED:
            raise FrozenReportError("A submitted programme report is never removed.")
        return super().delete(*args, **kwargs)
