"""Opgaven and programmes: how initiatives are clustered and owned."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from koersvast.tenancy.models import TenantModel

from .people import person_field


class Opgave(TenantModel):
    """Opgave: een maatschappelijke opgave die programma's bundelt."""

    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)
    owner = person_field(_("eigenaar"))
    objectives = models.ManyToManyField(
        "framework.Objective",
        verbose_name=_("doelstellingen"),
        blank=True,
        related_name="opgaven",
        help_text=_("Doelstellingen uit het vastgestelde afwegingskader."),
    )
    goals = models.TextField(_("toelichting op de doelen"), blank=True)

    class Meta:
        verbose_name = _("opgave")
        verbose_name_plural = _("opgaven")
        ordering = ["municipality", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("monitoring:opgave_detail", args=[self.pk])


class Programme(TenantModel):
    """Programma: een cluster van initiatieven met eigen doelen, eigenaar en baten."""

    name = models.CharField(_("naam"), max_length=200)
    goals = models.TextField(_("toelichting op de doelen"), blank=True)
    objectives = models.ManyToManyField(
        "framework.Objective",
        verbose_name=_("doelstellingen"),
        blank=True,
        related_name="programmes",
        help_text=_("Doelstellingen uit het vastgestelde afwegingskader."),
    )
    owner = person_field(_("programmamanager"))
    own_budget = models.DecimalField(
        _("eigen programmabudget (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Budget van het programma zelf, naast de budgetten van de initiatieven."),
    )
    steering_group = models.ForeignKey(
        "intake.DecisionBody",
        verbose_name=_("stuurgroep"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="steered_programmes",
    )
    opgave = models.ForeignKey(
        Opgave,
        verbose_name=_("opgave"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programmes",
    )

    class Meta:
        verbose_name = _("programma")
        verbose_name_plural = _("programma's")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="programme_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("monitoring:programme_detail", args=[self.pk])


class ProgrammeInitiative(TenantModel):
    """Koppeling initiatief → programma; een initiatief hoort bij hoogstens één programma."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="links")
    initiative = models.OneToOneField(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="programme_link"
    )

    class Meta:
        verbose_name = _("initiatief in programma")
        verbose_name_plural = _("initiatieven in programma's")

    def __str__(self) -> str:
        return f"{self.programme} ← {self.initiative_id}"
