"""Opt-in per municipality: nothing of a municipality is used in a benchmark without it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koersvast.tenancy.models import TenantModel
from koersvast.tenancy.policy import Action


class BenchmarkSettings(TenantModel):
    """Deelname van een gemeente aan de benchmark: wie heeft het aan- of uitgezet, en wanneer."""

    view_action = Action.REPORTS_VIEW

    opted_in = models.BooleanField(_("doet mee aan de benchmark"), default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gewijzigd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("gewijzigd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("benchmarkinstelling")
        verbose_name_plural = _("benchmarkinstellingen")
        constraints = [
            models.UniqueConstraint(fields=["municipality"], name="benchmarksettings_unique")
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {'aan' if self.opted_in else 'uit'}"
