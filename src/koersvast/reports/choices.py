"""Choices of the P&C reports: the kind of report, the cycle moment and the grouping."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    PORTFOLIO = "portfolio", _("Portfoliorapportage per P&C-moment")
    RAAD = "raad", _("Raadsrapportage grote projecten")


class CycleMoment(models.TextChoices):
    """Moment in de planning-en-controlcyclus van de gemeente."""

    VOORJAARSNOTA = "voorjaarsnota", _("Voorjaarsnota")
    BEGROTING = "begroting", _("Begroting")
    NAJAARSNOTA = "najaarsnota", _("Najaarsnota")
    JAARREKENING = "jaarrekening", _("Jaarrekening")


class Grouping(models.TextChoices):
    TAAKVELD = "taakveld", _("Taakveld")
    PROGRAMME = "programma", _("Begrotingsprogramma")


class PdfStatus(models.TextChoices):
    """Toestand van een PDF die op de achtergrond wordt gemaakt."""

    PENDING = "pending", _("Wordt gemaakt")
    READY = "ready", _("Klaar")
    FAILED = "failed", _("Mislukt")
