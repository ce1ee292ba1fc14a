"""Project meetings (start-up, koersvast-gesprek) and their action items."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from koersvast.tenancy.models import TenantModel

from ..choices import (
    MeetingKind,
)
from .people import person_field


class ProjectMeeting(TenantModel):
    """Project start-up of koersvast-gesprek over een initiatief, met notities."""

    initiative = models.ForeignKey(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="project_meetings"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=MeetingKind.choices)
    held_on = models.DateField(_("datum"))
    notes = models.TextField(_("notities"), blank=True)

    class Meta:
        verbose_name = _("projectgesprek")
        verbose_name_plural = _("projectgesprekken")
        ordering = ["initiative", "-held_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class MeetingAction(TenantModel):
    """Actiepunt uit een projectgesprek met eigenaar en deadline; volgt bij het volgende gesprek."""

    meeting = models.ForeignKey(ProjectMeeting, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("actie"), max_length=300)
    owner = person_field(_("eigenaar"))
    due_date = models.DateField(_("deadline"), null=True, blank=True)
    done = models.BooleanField(_("gereed"), default=False)

    class Meta:
        verbose_name = _("actiepunt")
        verbose_name_plural = _("actiepunten")
        ordering = ["meeting", "done", "due_date"]

    def __str__(self) -> str:
        return self.description
