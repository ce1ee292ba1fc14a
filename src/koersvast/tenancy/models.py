"""Municipalities (the tenants), memberships with roles, and the base for tenant-owned models."""

from __future__ import annotations

from typing import Any, ClassVar, Self

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from koersvast.audit.models import AuditedModel

from .choices import Role
from .policy import Action, municipality_ids_for

cbs_code_validator = RegexValidator(
    r"^GM\d{4}$", _("Een CBS-gemeentecode is 'GM' gevolgd door vier cijfers, bijv. GM0363.")
)
reference_prefix_validator = RegexValidator(
    r"^[A-Z0-9]{1,10}$",
    _("Het voorvoegsel bestaat uit 1 tot 10 hoofdletters of cijfers, bijv. KV."),
)
DEFAULT_REFERENCE_PREFIX = "KV"


class Municipality(AuditedModel):
    """Gemeente: de tenant. Alle portfoliogegevens horen bij precies één gemeente."""

    cbs_code = models.CharField(
        _("CBS-code"), max_length=6, unique=True, validators=[cbs_code_validator]
    )
    name = models.CharField(_("naam"), max_length=100)
    province = models.CharField(_("provincie"), max_length=50, blank=True)
    inhabitants = models.PositiveIntegerField(_("inwoners"), default=0)
    reference_prefix = models.CharField(
        _("voorvoegsel kenmerken"),
        max_length=10,
        default=DEFAULT_REFERENCE_PREFIX,
        validators=[reference_prefix_validator],
        help_text=_(
            "Nieuwe initiatieven krijgen het kenmerk voorvoegsel-volgnummer, bijv. KV-042."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def audit_municipality_id(self) -> int | None:
        return self.pk

    def reference(self, number: int) -> str:
        """The initiative reference (kenmerk) with this sequence number: KV-007."""
        return f"{self.reference_prefix}-{number:03d}"


class Membership(AuditedModel):
    """Rol van een gebruiker in een gemeente, met sinds wanneer en door wie toegekend."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    granted_at = models.DateTimeField(_("toegekend op"), auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("toegekend door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    audit_exclude = frozenset({"granted_at"})

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["municipality__name", "user__username", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.municipality})"


class TenantQuerySet(models.QuerySet):
    """Querysets of tenant-owned models: scope to what a user may see with `for_user`."""

    def for_user(self, user: Any, action: Action | None = None) -> Self:
        """Objects in the municipalities where the user may perform the action."""
        action = action or self.model.view_action
        return self.filter(municipality_id__in=municipality_ids_for(user, action))

    def in_municipality(self, municipality: Municipality | None) -> Self:
        """Objects of one municipality (the active one in the UI)."""
        if municipality is None:
            return self.none()
        return self.filter(municipality=municipality)

    # Bulk writes send no model signals: tell the figures cache here (core/figures.py).
    def update(self, **kwargs: Any) -> int:
        from koersvast.core import figures

        if not figures.enabled():
            return super().update(**kwargs)
        # Only the municipalities whose rows really changed: a job's progress write must not
        # empty every municipality's figures (one small query, only with a shared cache).
        affected = set(self.values_list("municipality_id", flat=True).distinct().order_by())
        count = super().update(**kwargs)
        if count:
            moved_to = kwargs.get(
                "municipality_id", getattr(kwargs.get("municipality"), "pk", None)
            )
            figures.changed_many(affected | ({moved_to} if moved_to else set()))
        return count

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Any]:
        from koersvast.core import figures

        created = super().bulk_create(objs, *args, **kwargs)
        figures.changed_many(obj.municipality_id for obj in created)
        return created

    def bulk_update(self, objs: Any, *args: Any, **kwargs: Any) -> int:
        from koersvast.core import figures

        objs = list(objs)
        figures.changed_many(obj.municipality_id for obj in objs)
        return super().bulk_update(objs, *args, **kwargs)


class TenantModel(AuditedModel):
    """Base for everything that belongs to a municipality: scoped, audited, timestamped."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    # The action that lets a member see objects of this model; models override it.
    view_action: ClassVar[Action] = Action.PORTFOLIO_VIEW

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True
