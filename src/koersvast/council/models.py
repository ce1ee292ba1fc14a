"""The bestuurlijke agenda: college and raad moments per initiative, toezeggingen, moties and
amendementen, and a municipality's setting for the public decision list (Woo).

Every model is a tenant model, so every change is in the audit trail (decision 0003)."""

from __future__ import annotations

import datetime
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koersvast.tenancy.models import TenantModel, TenantQuerySet

from .choices import ADOPTED_KINDS, ItemKind, ItemStatus, MomentKind

User = settings.AUTH_USER_MODEL


class CouncilSettings(TenantModel):
    """Instellingen van de bestuurlijke agenda van een gemeente (één rij per gemeente)."""

    publish_decisions = models.BooleanField(
        _("openbare besluitenlijst (Woo) aan"),
        default=True,
        help_text=_(
            "Uit: de openbare pagina en de CSV- en JSON-bestanden bestaan niet (404). Alleen "
            "besluiten die als openbaar zijn gemarkeerd staan erop."
        ),
    )

    class Meta:
        verbose_name = _("instellingen bestuurlijke agenda")
        verbose_name_plural = _("instellingen bestuurlijke agenda")
        constraints = [
            models.UniqueConstraint(fields=["municipality"], name="council_settings_one")
        ]

    def __str__(self) -> str:
        return str(_("Instellingen bestuurlijke agenda"))


class AgendaMomentQuerySet(TenantQuerySet):
    def between(self, start: datetime.date, end: datetime.date) -> Self:
        """Moments planned or held in [start, end]."""
        return self.filter(Q(planned_on__range=(start, end)) | Q(held_on__range=(start, end)))


class AgendaMoment(TenantModel):
    """Bestuurlijk moment van een initiatief: B&W-besluit, raadsinformatiebrief, raadsvoorstel
    of commissiebehandeling, met geplande en werkelijke datum en het besluit in de
    besluitenlijst."""

    initiative = models.ForeignKey(
        "portfolio.Initiative",
        verbose_name=_("initiatief"),
        on_delete=models.CASCADE,
        related_name="council_moments",
    )
    kind = models.CharField(_("soort"), max_length=20, choices=MomentKind.choices)
    subject = models.CharField(
        _("onderwerp"),
        max_length=200,
        blank=True,
        help_text=_("Leeg: de titel van het initiatief."),
    )
    body = models.ForeignKey(
        "intake.DecisionBody",
        verbose_name=_("gremium"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="council_moments",
    )
    planned_on = models.DateField(_("geplande datum"))
    held_on = models.DateField(_("werkelijke datum"), null=True, blank=True)
    decision = models.ForeignKey(
        "intake.Decision",
        verbose_name=_("besluit in de besluitenlijst"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="council_moments",
    )
    note = models.TextField(_("toelichting"), blank=True)

    objects = AgendaMomentQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1713: no ClassVar spelling

    class Meta:
        verbose_name = _("bestuurlijk moment")
        verbose_name_plural = _("bestuurlijke momenten")
        ordering = ["planned_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.planned_on:%d-%m-%Y}"

    @property
    def subject_label(self) -> str:
        return self.subject or self.initiative.title

    @property
    def is_late(self) -> bool:
        """Planned in the past and not held (yet)."""
        return self.held_on is None and self.planned_on < timezone.localdate()


class CouncilItemQuerySet(TenantQuerySet):
    def overdue(self, today: datetime.date | None = None) -> Self:
        """Open items past their due date."""
        today = today or timezone.localdate()
        return self.filter(status=ItemStatus.OPEN, due_on__lt=today)


class CouncilItem(TenantModel):
    """Toezegging aan de raad, of een aangenomen motie of amendement, met eigenaar, termijn en
    stand, verbonden aan een of meer initiatieven."""

    kind = models.CharField(_("soort"), max_length=20, choices=ItemKind.choices)
    number = models.CharField(
        _("nummer"),
        max_length=30,
        blank=True,
        help_text=_(
            "Het nummer van de raad, bijv. M2026-014; verplicht bij moties en amendementen."
        ),
    )
    title = models.CharField(_("titel"), max_length=200)
    summary = models.TextField(_("samenvatting"))
    dated_on = models.DateField(
        _("datum"),
        help_text=_(
            "Toezegging: de dag van de toezegging; motie of amendement: de dag waarop de raad "
            "het aannam."
        ),
    )
    owner = models.ForeignKey(
        User,
        verbose_name=_("eigenaar"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="council_items",
    )
    due_on = models.DateField(_("uiterste datum"))
    status = models.CharField(
        _("stand"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.OPEN
    )
    resolution = models.TextField(
        _("afhandeling"),
        blank=True,
        help_text=_("Hoe de toezegging of motie is afgedaan of waarom ze is vervallen."),
    )
    initiatives = models.ManyToManyField(
        "portfolio.Initiative", verbose_name=_("initiatieven"), related_name="council_items"
    )

    objects = CouncilItemQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1713: no ClassVar spelling

    class Meta:
        verbose_name = _("toezegging of motie")
        verbose_name_plural = _("toezeggingen en moties")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["municipality", "status", "due_on"])]

    def __str__(self) -> str:
        label = f"{self.get_kind_display()} {self.number}".strip()
        return f"{label}: {self.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("council:item_detail", args=[self.pk])

    @property
    def is_adopted_kind(self) -> bool:
        return self.kind in ADOPTED_KINDS

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.status == ItemStatus.OPEN and self.due_on < (today or timezone.localdate())
