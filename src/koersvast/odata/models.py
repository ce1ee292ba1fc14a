"""Revocable read keys for the OData feed: one key per report, reading one municipality."""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koersvast.tenancy.models import TenantModel, TenantQuerySet
from koersvast.tenancy.policy import Action, municipality_ids_for


class ODataKeyQuerySet(TenantQuerySet):
    """Keys are managed by readers (who create them) and administrators (who may revoke)."""

    def for_user(self, user: Any, action: Action | None = None) -> Self:
        if action is not None:
            return super().for_user(user, action)
        ids = set(municipality_ids_for(user, Action.REPORTS_VIEW))
        ids |= set(municipality_ids_for(user, Action.MEMBERS_MANAGE))
        return self.filter(municipality_id__in=ids)


class ODataKey(TenantModel):
    """Sleutel voor de OData-feed (bijv. 'Power BI dashboard MT'); geheim niet bewaard."""

    view_action = Action.REPORTS_VIEW

    name = models.CharField(_("naam"), max_length=100)
    description = models.TextField(_("toelichting"), blank=True)
    prefix = models.CharField(_("herkenningsteken"), max_length=12, unique=True)
    secret_hash = models.CharField(_("hash van het geheim"), max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_used = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingetrokken door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ODataKeyQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1713: no ClassVar spelling

    # last_used changes on every refresh; the audit trail records creation and revocation.
    audit_exclude = frozenset({"created_at", "updated_at", "last_used", "secret_hash"})

    class Meta:
        verbose_name = _("OData-sleutel")
        verbose_name_plural = _("OData-sleutels")
        ordering = ["municipality", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
