"""Choices of municipal finance: method, start rule, nut, exploitatie side, nature and the
kinds of dekking (funding)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .kapitaallasten import Method, StartRule


class DepreciationMethod(models.TextChoices):
    LINEAR = Method.LINEAR.value, _("Lineair")
    ANNUITY = Method.ANNUITY.value, _("Annuïteit")


class DepreciationStart(models.TextChoices):
    NEXT_YEAR = StartRule.NEXT_YEAR.value, _("Het jaar na ingebruikname")
    SAME_YEAR = StartRule.SAME_YEAR.value, _("Het jaar van ingebruikname")


class Utility(models.TextChoices):
    """Economisch of maatschappelijk nut (BBV art. 59)."""

    ECONOMIC = "economisch", _("Economisch nut")
    SOCIAL = "maatschappelijk", _("Maatschappelijk nut")


class Side(models.TextChoices):
    EXPENSE = "lasten", _("Lasten")
    INCOME = "baten", _("Baten")


class Nature(models.TextChoices):
    """Incidenteel (alleen dat jaar) of structureel (vanaf dat jaar elk jaar)."""

    INCIDENTAL = "incidenteel", _("Incidenteel")
    STRUCTURAL = "structureel", _("Structureel")


class FundingSource(models.TextChoices):
    GENERAL = "algemene_middelen", _("Algemene middelen")
    RESERVE = "bestemmingsreserve", _("Bestemmingsreserve")
    PROVISION = "voorziening", _("Voorziening")
    SPUK = "spuk", _("Specifieke uitkering (SPUK)")
    SUBSIDY = "subsidie", _("Subsidie")
    THIRD_PARTY = "derden", _("Bijdrage van derden")


#: Sources that must be named (which reserve, voorziening or grant).
NAMED_SOURCES = frozenset(
    {
        FundingSource.RESERVE,
        FundingSource.PROVISION,
        FundingSource.SPUK,
        FundingSource.SUBSIDY,
        FundingSource.THIRD_PARTY,
    }
)

#: Default asset categories and their afschrijvingstermijn in years (editable per municipality).
DEFAULT_CATEGORIES: tuple[tuple[str, int], ...] = (
    ("Gebouwen", 40),
    ("Wegen, straten en pleinen", 25),
    ("Riolering", 60),
    ("Civiele kunstwerken", 40),
    ("Installaties", 15),
    ("Vervoermiddelen", 8),
    ("Inventaris", 10),
    ("ICT", 5),
)


class BudgetVersionKind(models.TextChoices):
    """Een door de raad vastgestelde versie van de begroting."""

    PRIMITIVE = "primitief", _("Primitieve begroting")
    AMENDMENT = "wijziging", _("Begrotingswijziging")


class BudgetLineKey(models.TextChoices):
    """The stored rows of a budget version: the raming's rows that are not derived (kapitaallasten
    and the saldi are sums of these)."""

    EXPENSE_STRUCTURAL = "lasten_structureel", _("Lasten structureel")
    EXPENSE_INCIDENTAL = "lasten_incidenteel", _("Lasten incidenteel")
    DEPRECIATION = "afschrijving", _("Afschrijving")
    INTEREST = "rente", _("Rente")
    INCOME_STRUCTURAL = "baten_structureel", _("Baten structureel")
    INCOME_INCIDENTAL = "baten_incidenteel", _("Baten incidenteel")
    FUNDING_STRUCTURAL = "dekking_structureel", _("Dekking structureel")
    FUNDING_INCIDENTAL = "dekking_incidenteel", _("Dekking incidenteel")
