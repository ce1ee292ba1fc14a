"""The audit trail: an append-only record of every change and every login (BIO 8.15)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import AuditAction, AuditResult


class AuditedModel(models.Model):
    """Base for domain models whose every create, update and delete is audited.

    The values loaded from the database are remembered (Django's documented `from_db` pattern),
    so the recorder can name the changed fields without an extra query.
    """

    audit_exclude: ClassVar[frozenset[str]] = frozenset({"updated_at", "created_at"})
    # Set by `from_db` and after each audited save (audit/recorder.py).
    _loaded_values: dict[str, Any]

    class Meta:
        abstract = True

    @classmethod
    def from_db(
        cls, db: str | None, field_names: Any, values: Any, *args: Any, **kwargs: Any
    ) -> AuditedModel:
        instance = super().from_db(db, field_names, values, *args, **kwargs)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    def audit_municipality_id(self) -> int | None:
        """The municipality this object belongs to, for scoping its history."""
        return getattr(self, "municipality_id", None)


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Audit events can be added and read, never changed or removed through the app."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Audit events are immutable.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are immutable.")

    def for_object(self, obj: models.Model) -> AuditEventQuerySet:
        """The history of one object, newest first."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        ).select_related("actor")


class AuditEvent(models.Model):
    """Auditgebeurtenis: wie deed wat met welk object, wanneer, vanaf waar, met welk resultaat."""

    timestamp = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    municipality = models.ForeignKey(
        "tenancy.Municipality",
        verbose_name=_("gemeente"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("naam actor"), max_length=150, blank=True)
    action = models.CharField(_("actie"), max_length=20, choices=AuditAction.choices)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.CharField(_("object-id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    changes = models.JSONField(_("wijzigingen"), default=dict, blank=True)
    result = models.CharField(
        _("resultaat"), max_length=10, choices=AuditResult.choices, default=AuditResult.SUCCESS
    )
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=255, blank=True)
    origin = models.CharField(_("herkomst"), max_length=20, default="web")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("auditgebeurtenis")
        verbose_name_plural = _("auditgebeurtenissen")
        ordering = ["-timestamp", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        actor = self.actor_name or "-"
        return f"{self.timestamp:%Y-%m-%d %H:%M} {actor} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Audit events are immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are immutable.")
