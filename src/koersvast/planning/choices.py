"""Choices of the planning app: lever kinds (from `levers/`), run states and the urgency options."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import levers

# The kinds of lever are a registry (`levers/`, one module per kind); this enum of their stored
# values and labels is built from it, for code and tests that name one kind and for the model's
# and the API's choices.
LeverKind = models.TextChoices(  # type: ignore[call-overload]  # members from the registry
    "LeverKind", [(kind.name, (kind.key, kind.label)) for kind in levers.ordered()]
)
LeverKind.__doc__ = "Hefboom in een scenario."


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
