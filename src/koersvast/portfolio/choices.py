"""Choices of the portfolio: lifecycle states and work forms (docs/domain.md §4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LifecycleState(models.TextChoices):
    """Levensloop van een initiatief, van idee tot batenrealisatie."""

    IDEA = "idee", _("Idee")
    SUBMITTED = "ingediend", _("Ingediend")
    INTAKE = "intake", _("Intake")
    ADVICE = "advies", _("Advies")
    DECISION = "besluitvorming", _("Besluitvorming")
    ADMITTED = "opgenomen", _("Opgenomen")
    PLANNED = "gepland", _("Gepland")
    IN_PROGRESS = "in_uitvoering", _("In uitvoering")
    PAUSED = "gepauzeerd", _("Gepauzeerd")
    COMPLETED = "afgerond", _("Afgerond")
    BENEFITS = "batenrealisatie", _("Batenrealisatie")
    RETURNED = "teruggestuurd", _("Teruggestuurd")
    PARKED = "geparkeerd", _("Geparkeerd")
    REJECTED = "afgewezen", _("Afgewezen")
    STOPPED = "gestopt", _("Gestopt")


# Running work: its stop, pause, resume and significant changes are decisions (decision 0403).
RUNNING_WORK_STATES = [
    LifecycleState.PLANNED,
    LifecycleState.IN_PROGRESS,
    LifecycleState.PAUSED,
]
# What only a decision changes once work runs (scope, budget, end; 0403): the edit form locks
# these fields, the API and the Excel import refuse changes to them.
GOVERNED_FIELDS = ("intended_result", "duration_quarters", "budget_capital", "budget_operating")

# The funnel stages shown as kanban columns on the intake page, in order.
INTAKE_STATES = [
    LifecycleState.IDEA,
    LifecycleState.SUBMITTED,
    LifecycleState.INTAKE,
    LifecycleState.ADVICE,
    LifecycleState.DECISION,
]


class WorkForm(models.TextChoices):
    """Werkvorm die per opgave gekozen wordt."""

    PROJECT = "project", _("Project")
    PROGRAMME = "programma", _("Programma")
    PROCESS = "proces", _("Proces")
    LINE = "lijn", _("Lijn")


class CustomFieldKind(models.TextChoices):
    """Soort van een eigen intakeveld."""

    TEXT = "tekst", _("Tekst")
    NUMBER = "getal", _("Getal")
    CHOICE = "keuze", _("Keuze uit een lijst")
    DATE = "datum", _("Datum")
    BOOLEAN = "janee", _("Ja/nee")


class CustomFieldStage(models.TextChoices):
    """Wanneer een eigen veld wordt ingevuld: bij het indienen of tijdens de intake."""

    SUBMISSION = "indiening", _("Bij het indienen (door de indiener)")
    INTAKE = "intake", _("Tijdens de intake (door de portfoliomanager)")


class DependencyKind(models.TextChoices):
    """Soort afhankelijkheid tussen twee initiatieven (decision 0404)."""

    # B starts no earlier than A's end plus the lag (wachttijd, in quarters).
    FINISH_TO_START = "einde_start", _("start na afronding van")
    # A and B start in the same quarter, or neither is planned.
    START_TOGETHER = "gelijke_start", _("start gelijk met")
    # B uses what A delivers: B only with A in the plan, after A has ended.
    NEEDS_RESULT = "resultaat", _("heeft het resultaat nodig van")


class BudgetKind(models.TextChoices):
    """Soort budget: krediet (investering) of exploitatie."""

    CAPITAL = "krediet", _("Krediet")
    OPERATING = "exploitatie", _("Exploitatie")
