"""Municipalities (the tenants), memberships with roles, and the base for tenant-owned models."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar, Self, cast

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
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


class MembershipQuerySet(models.QuerySet["Membership"]):
    """Memberships are kept after they end (role history); these select the ones in force."""

    def current(self, on: date | None = None) -> Self:
        """Roles in force on a day (today): started, not past their end, not withdrawn."""
        return self.filter(current_q(on=on))

    def not_ended(self, on: date | None = None) -> Self:
        """Roles in force or still to start: not past their end and not withdrawn."""
        on = on or timezone.localdate()
        return self.filter(withdrawn_at=None).filter(Q(ends_on=None) | Q(ends_on__gte=on))


def current_q(*, on: date | None = None, prefix: str = "") -> Q:
    """The condition "this membership is in force on `on`", for a join through `prefix`
    (e.g. ``memberships__``), so that queries over users count only current roles."""
    on = on or timezone.localdate()
    return Q(
        **{f"{prefix}starts_on__lte": on, f"{prefix}withdrawn_at": None},
    ) & (Q(**{f"{prefix}ends_on": None}) | Q(**{f"{prefix}ends_on__gte": on}))


class Membership(AuditedModel):
    """Rol van een gebruiker in een gemeente, van wanneer tot wanneer en door wie toegekend.

    A membership is never deleted when a role ends: it gets an end date, or is withdrawn at
    once (`withdrawn_at`), so the rights report shows the role history (BIO 9.2).
    """

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
    starts_on = models.DateField(_("vanaf"), default=timezone.localdate)
    ends_on = models.DateField(
        _("tot en met"), null=True, blank=True, help_text=_("Leeg: zonder einddatum.")
    )
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingetrokken door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MembershipQuerySet.as_manager()

    audit_exclude = frozenset({"granted_at"})

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["municipality__name", "user__username", "role", "starts_on"]
        constraints = [
            # One open-ended grant of a role at a time; ended and withdrawn ones are history.
            models.UniqueConstraint(
                fields=["user", "municipality", "role"],
                condition=Q(withdrawn_at=None, ends_on=None),
                name="membership_one_open_role",
            ),
            models.CheckConstraint(
                condition=Q(ends_on=None) | Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["user", "municipality"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.municipality})"

    @property
    def status(self) -> str:
        """actief, gepland, beëindigd or ingetrokken (today)."""
        today = timezone.localdate()
        if self.withdrawn_at is not None:
            return "ingetrokken"
        if self.ends_on is not None and self.ends_on < today:
            return "beëindigd"
        if self.starts_on > today:
            return "gepland"
        return "actief"

    @property
    def status_label(self) -> str:
        return str(MEMBERSHIP_STATUS_LABELS[self.status])

    @property
    def is_ended(self) -> bool:
        return self.status in ("ingetrokken", "beëindigd")


MEMBERSHIP_STATUS_LABELS = {
    "actief": _("actief"),
    "gepland": _("gepland"),
    "beëindigd": _("beëindigd"),
    "ingetrokken": _("ingetrokken"),
}


class TenantQuerySet(models.QuerySet):
    """Querysets of tenant-owned models: scope to what a user may see with `for_user`."""

    def for_user(self, user: Any, action: Action | None = None) -> Self:
        """Objects in the municipalities where the user may perform the action."""
        action = action or cast("type[TenantModel]", self.model).view_action
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

        created: list[Any] = super().bulk_create(objs, *args, **kwargs)
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
