"""Choices of execution monitoring: RAG colours, aspects, phases, risk and budget kinds."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Rag(models.TextChoices):
    """Stoplichtkleur van een aspect; de betekenis legt elke gemeente zelf vast."""

    GREEN = "groen", _("Groen")
    ORANGE = "oranje", _("Oranje")
    RED = "rood", _("Rood")


#: Severity order, worst last: the overall colour of a report is its worst aspect.
RAG_SEVERITY = {Rag.GREEN: 0, Rag.ORANGE: 1, Rag.RED: 2}


def worst_colour(colours: Iterable[str]) -> str:
    """The worst of some colours; "" when none is a colour (no report yet)."""
    known = [colour for colour in colours if colour in Rag.values]
    return max(known, key=lambda colour: RAG_SEVERITY[Rag(colour)]) if known else ""


#: Default meanings (the plankaders practice); a municipality may define its own.
RAG_DEFAULTS = {
    Rag.GREEN: _("Binnen de plankaders."),
    Rag.ORANGE: _("Buiten de plankaders, tijdig gemeld."),
    Rag.RED: _("Buiten de plankaders, niet gemeld."),
}


class Aspect(models.TextChoices):
    """Aspect waarop een voortgangsrapportage een kleur geeft (veldnaam → label)."""

    TIME = "rag_time", _("Tijd")
    MONEY = "rag_money", _("Geld")
    SCOPE = "rag_scope", _("Scope")
    QUALITY = "rag_quality", _("Kwaliteit")
    RISKS = "rag_risks", _("Risico's")
    CAPACITY = "rag_capacity", _("Capaciteit")
    SUPPORT = "rag_support", _("Draagvlak")


class ReportStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    SUBMITTED = "ingediend", _("Ingediend")


class RiskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MITIGATING = "in_behandeling", _("In behandeling")
    CLOSED = "gesloten", _("Gesloten")
    OCCURRED = "opgetreden", _("Opgetreden")


#: Risks that still need attention (heat map, top risks).
ACTIVE_RISK_STATUSES = (RiskStatus.OPEN, RiskStatus.MITIGATING, RiskStatus.OCCURRED)


class RiskSource(models.TextChoices):
    MANUAL = "handmatig", _("Handmatig")
    ADVICE = "advies", _("Intake-advies")


class Phase(models.TextChoices):
    """Fase in fasegericht werken; de volgorde is de volgorde van de fasepoorten."""

    INITIATION = "initiatie", _("Initiatie")
    DEFINITION = "definitie", _("Definitie")
    DESIGN = "ontwerp", _("Ontwerp")
    PREPARATION = "voorbereiding", _("Voorbereiding")
    REALISATION = "realisatie", _("Realisatie")
    AFTERCARE = "nazorg", _("Nazorg")


#: Documents each phase delivers before its gate (fasedocumenten).
PHASE_DOCUMENTS: dict[str, list[StrOrPromise]] = {
    Phase.INITIATION: [_("Projectopdracht")],
    Phase.DEFINITION: [_("Projectplan"), _("Programma van eisen")],
    Phase.DESIGN: [_("Ontwerp"), _("Risicoanalyse")],
    Phase.PREPARATION: [_("Uitvoeringsplan"), _("Aanbesteding of inzetplan")],
    Phase.REALISATION: [_("Opleverdocument"), _("Overdrachtsdocument aan de lijn")],
    Phase.AFTERCARE: [_("Evaluatie"), _("Batenoverdracht")],
}


class MeetingKind(models.TextChoices):
    START_UP = "projectstart", _("Project start-up")
    KOERSVAST = "koersvast", _("Koersvast-gesprek")
