"""Choices of the planning app: lever kinds, run states and the three urgency options."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LeverKind(models.TextChoices):
    """Hefboom in een scenario."""

    FORCE_IN = "force_in", _("Verplicht opnemen")
    FORCE_OUT = "force_out", _("Niet opnemen")
    FIX_START = "fix_start", _("Start vastzetten")
    BOUND_START = "bound_start", _("Startvenster begrenzen")
    CAPACITY = "capacity", _("Capaciteit wijzigen (fte)")
    HEADROOM = "headroom", _("Planningsruimte wijzigen (%)")
    BUDGET = "budget", _("Budget wijzigen (€ per jaar)")


class RunStatus(models.TextChoices):
    """Toestand van een doorrekening."""

    QUEUED = "queued", _("In de wachtrij")
    RUNNING = "running", _("Bezig")
    DONE = "done", _("Klaar")
    FAILED = "failed", _("Mislukt")


ACTIVE_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)


class UrgencyOption(models.TextChoices):
    """De opties bij bestuurlijke urgentie: niet doen, faseren, extra middelen en, waar het kan,
    het verzoek zelf later laten starten."""

    DO_NOTHING = "niet_doen", _("Niet doen")
    PHASE = "faseren", _("Faseren")
    EXTRA = "extra_middelen", _("Extra middelen")
    LATER = "later_starten", _("Faseren van het verzoek")


# The options that change the plan of record (a new plan version).
PLAN_OPTIONS = (UrgencyOption.PHASE, UrgencyOption.EXTRA, UrgencyOption.LATER)


class NotDoneState(models.TextChoices):
    """Wat er bij 'niet doen' met het initiatief gebeurt."""

    PARKED = "geparkeerd", _("Parkeren")
    REJECTED = "afgewezen", _("Afwijzen")


class Granularity(models.TextChoices):
    """Periode waarin de planning rekent: kwartalen (standaard) of maanden."""

    QUARTER = "quarter", _("Kwartalen")
    MONTH = "month", _("Maanden")
