"""Choices of the intake: default advice kinds, verdicts, decision outcomes, criterion kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DefaultAdviceKind(models.TextChoices):
    """The advice kinds every municipality starts with (they used to be fixed in code; now they
    are rows, `intake.AdviceKind`, seeded with these, and a beheerder adds or retires them)."""

    CISO = "ciso", _("Informatiebeveiliging (CISO)")
    PRIVACY = "privacy", _("Privacy (FG/privacyadviseur)")
    CONTROLLER = "controller", _("Financieel (controller)")
    LEGAL = "legal", _("Juridisch")
    ARCHITECT = "architect", _("Architectuur")


class Verdict(models.TextChoices):
    """Uitkomst van een advies."""

    POSITIVE = "positive", _("Positief")
    CONDITIONAL = "conditional", _("Positief onder voorwaarden")
    NEGATIVE = "negative", _("Negatief")


class DecisionOutcome(models.TextChoices):
    """Besluit over een initiatief op de agenda."""

    ADMIT = "admit", _("Opnemen")
    ADMIT_WITH_CONDITIONS = "admit_conditions", _("Opnemen met voorwaarden")
    REJECT = "reject", _("Afwijzen")
    PARK = "park", _("Parkeren")
    RETURN = "return", _("Terugsturen")


class BodyKind(models.TextChoices):
    """Gremium dat besluit."""

    PORTFOLIO_BOARD = "portfolioboard", _("Portfolioboard")
    MT = "mt", _("Managementteam")
    COLLEGE = "college", _("College van B&W")
    COUNCIL = "raad", _("Gemeenteraad")
    OTHER = "other", _("Ander gremium")


class MandateDecision(models.TextChoices):
    """The decisions a body may take on an initiative (its mandate, with the budget ceiling)."""

    ADMIT = "admit", _("Opnemen")
    ADMIT_WITH_CONDITIONS = "admit_conditions", _("Opnemen met voorwaarden")
    REJECT = "reject", _("Afwijzen")
    PARK = "park", _("Parkeren")
    RETURN = "return", _("Terugsturen")
    # Decisions on running work (decision 0403).
    STOP = "stop", _("Lopend werk stoppen")
    PAUSE = "pause", _("Lopend werk pauzeren")
    RESUME = "resume", _("Gepauzeerd werk hervatten")
    CHANGE = "change", _("Scope, budget of einddatum wijzigen")


class GovernanceKind(models.TextChoices):
    """Wat een voorstel over lopend werk vraagt (the values are its mandate decisions)."""

    STOP = "stop", _("Stoppen")
    PAUSE = "pause", _("Pauzeren")
    RESUME = "resume", _("Hervatten")
    CHANGE = "change", _("Scope, budget of einddatum wijzigen")


class ProposalStatus(models.TextChoices):
    """Waar een voorstel over lopend werk staat."""

    OPEN = "open", _("Ter besluitvorming")
    APPROVED = "aangenomen", _("Aangenomen")
    REJECTED = "verworpen", _("Niet aangenomen")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")


class CriterionKind(models.TextChoices):
    """Hoe een toelatingscriterium wordt getoetst."""

    FIELD = "field", _("Gegeven ingevuld")
    ADVICE = "advice", _("Advies vereist")
    CHECK = "check", _("Handmatige toets door de portfoliomanager")


class RequiredField(models.TextChoices):
    """Gegevens van een initiatief die een criterium kan eisen."""

    PROBLEM = "problem", _("Probleem of behoefte")
    INTENDED_RESULT = "intended_result", _("Beoogd resultaat")
    OFFICIAL_SPONSOR = "official_sponsor", _("Ambtelijk opdrachtgever")
    POLITICAL_SPONSOR = "political_sponsor", _("Bestuurlijk opdrachtgever")
    TAAKVELD = "taakveld", _("BBV-taakveld")
    DEMAND = "demand", _("Capaciteitsvraag")
    BUDGET = "budget", _("Begroting (krediet of exploitatie)")
    START = "start", _("Startvenster")


class RankingMethod(models.TextChoices):
    """Hoe de backlog wordt gerangschikt."""

    FRAMEWORK = "framework", _("Afwegingskader (prioriteitsscore)")
    WSJF = "wsjf", _("WSJF (cost of delay / omvang)")
