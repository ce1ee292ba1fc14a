"""Notifications (meldingen): a message in the app for one user, also sent by e-mail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koersvast.tenancy.models import TenantModel


class Notification(TenantModel):
    """Melding in de app voor één gebruiker (ook per e-mail verstuurd)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    initiative = models.ForeignKey(
        "portfolio.Initiative", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    message = models.CharField(_("bericht"), max_length=300)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)

    audit_exclude = frozenset({"created_at", "updated_at", "read_at"})

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.message
