"""Published P&C reports: frozen snapshots that later data changes never alter."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from koersvast.tenancy.models import TenantModel
from koersvast.tenancy.policy import Action

from .choices import CycleMoment, ReportKind


class FrozenPublicationError(Exception):
    """A published report was about to be changed or removed."""


class PublishedReport(TenantModel):
    """Gepubliceerde P&C-rapportage: bevroren momentopname met publicatiedatum en publicist.

    `data` holds the figures as they were (JSON) and `html` the report as rendered at
    publication, charts included; pages and PDFs of a published report are made from these
    two, never from the live portfolio. It is never edited or deleted, only superseded by a
    newer publication of the same kind, moment and year.
    """

    view_action = Action.REPORTS_VIEW

    kind = models.CharField(_("soort"), max_length=20, choices=ReportKind.choices)
    moment = models.CharField(_("P&C-moment"), max_length=20, choices=CycleMoment.choices)
    year = models.PositiveIntegerField(_("jaar"))
    title = models.CharField(_("titel"), max_length=200)
    parameters = models.JSONField(_("parameters"), default=dict)
    published_at = models.DateTimeField(_("gepubliceerd op"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gepubliceerd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The name as it was: the report must say who published it even if the account goes.
    publisher_name = models.CharField(_("naam publicist"), max_length=150, blank=True)
    data = models.JSONField(_("gegevens"), default=dict)
    html = models.TextField(_("rapportage (HTML)"))
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("vervangt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )

    # The snapshot itself is large and never changes; the audit trail records who published what.
    audit_exclude = frozenset({"updated_at", "created_at", "data", "html"})

    class Meta:
        verbose_name = _("gepubliceerde rapportage")
        verbose_name_plural = _("gepubliceerde rapportages")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "kind", "moment", "year"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:published_detail", args=[self.pk])

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise FrozenPublicationError("A published report never changes.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise FrozenPublicationError("A published report is never removed.")


class PublishedReportPdf(TenantModel):
    """PDF van een gepubliceerde rapportage, gemaakt bij de eerste download en daarna bewaard.

    A cache, not a second source: the PDF is a pure function of the frozen HTML, so storing it
    only saves WeasyPrint's minutes on every later download.
    """

    view_action = Action.REPORTS_VIEW

    report = models.OneToOneField(
        PublishedReport, verbose_name=_("rapportage"), on_delete=models.CASCADE, related_name="pdf"
    )
    content = models.BinaryField(_("PDF"))

    audit_exclude = frozenset({"updated_at", "created_at", "content"})

    class Meta:
        verbose_name = _("PDF van een gepubliceerde rapportage")
        verbose_name_plural = _("PDF's van gepubliceerde rapportages")

    def __str__(self) -> str:
        return f"PDF {self.report_id}"
