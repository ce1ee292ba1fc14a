"""Published P&C reports: frozen snapshots that later data changes never alter."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from koersvast.tenancy.models import TenantModel
from koersvast.tenancy.policy import Action

from .choices import CycleMoment, PdfStatus, ReportKind


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


def pdf_path(instance: PdfJob, filename: str) -> str:
    """Where a rendered PDF is kept in the file storage (local disk or object storage)."""
    return f"rapportages/{instance.municipality_id}/{filename}"


class PdfJob(TenantModel):
    """PDF van een rapportage, op de achtergrond gemaakt (een groot rapport kost minuten).

    Either of a published report (`published`: made once, at publication, and kept: the PDF is a
    pure function of the frozen HTML) or of a live report (`parameters`: kept a day, then
    removed). The page of a pending job polls until the PDF is ready or failed with a reason.
    The PDF itself is a file in Django's file storage (object storage with KOERSVAST_S3_*).
    """

    view_action = Action.REPORTS_VIEW

    published = models.ForeignKey(
        PublishedReport,
        verbose_name=_("gepubliceerde rapportage"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pdf_jobs",
    )
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    title = models.CharField(_("titel"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=PdfStatus.choices, default=PdfStatus.PENDING
    )
    error = models.TextField(_("reden"), blank=True)
    file = models.FileField(_("PDF"), upload_to=pdf_path, blank=True, max_length=200)
    # Published reports only: the archive copy (PDF/A-3b), made with the PDF from the frozen HTML.
    archive = models.FileField(_("PDF/A"), upload_to=pdf_path, blank=True, max_length=200)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    audit_exclude = frozenset({"updated_at", "created_at", "file", "archive"})

    class Meta:
        verbose_name = _("PDF-opdracht")
        verbose_name_plural = _("PDF-opdrachten")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["published"],
                condition=models.Q(published__isnull=False),
                name="reports_one_pdf_per_publication",
            )
        ]

    def __str__(self) -> str:
        return f"PDF {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("reports:pdf_job", args=[self.pk])
