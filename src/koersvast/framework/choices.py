"""Choices of the afwegingskader."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FrameworkStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    PUBLISHED = "published", _("Vastgesteld")


class ObjectiveSource(models.TextChoices):
    COALITION_AGREEMENT = "coalitieakkoord", _("Coalitieakkoord")
    PROGRAMME = "bestuursprogramma", _("Bestuursprogramma")
    STATUTORY = "wettelijke_taak", _("Wettelijke taak")
    ORGANISATION = "organisatiedoel", _("Organisatiedoel")


class EsgTheme(models.TextChoices):
    ENVIRONMENTAL = "E", _("Milieu (E)")
    SOCIAL = "S", _("Sociaal (S)")
    GOVERNANCE = "G", _("Bestuur (G)")


class AxisDirection(models.TextChoices):
    """Whether a high score on an impact axis makes an initiative more or less attractive."""

    HIGHER_IS_BETTER = "higher_is_better", _("Hoger is beter")
    HIGHER_IS_WORSE = "higher_is_worse", _("Hoger is slechter")


class ComparisonGroup(models.TextChoices):
    """Which kind of sibling group a pairwise comparison belongs to."""

    OBJECTIVES = "objectives", _("Doelstellingen")
    AXES = "axes", _("Impactassen")


#: Saaty's scale as stored on a comparison: k ≥ 2 means "first is k times as important as
#: second", −k the reverse, 1 equally important (−1 and 0 are not used).
JUDGEMENT_VALUES: tuple[int, ...] = (9, 8, 7, 6, 5, 4, 3, 2, 1, -2, -3, -4, -5, -6, -7, -8, -9)

#: Dutch wording of the scale (Saaty: 1 equal, 3 moderate, 5 strong, 7 very strong, 9 extreme).
JUDGEMENT_WORDS = {
    1: _("even belangrijk"),
    2: _("iets belangrijker (tussenwaarde)"),
    3: _("iets belangrijker"),
    4: _("belangrijker (tussenwaarde)"),
    5: _("belangrijker"),
    6: _("veel belangrijker (tussenwaarde)"),
    7: _("veel belangrijker"),
    8: _("zeer veel belangrijker (tussenwaarde)"),
    9: _("extreem veel belangrijker"),
}


class RoundStatus(models.TextChoices):
    """State of a group comparison round (groepsvergelijking) on a draft framework."""

    OPEN = "open", _("Open")
    APPLIED = "toegepast", _("Toegepast")


#: Goepel's consensus bands (koersvast.weighing.group.CONSENSUS_BANDS) in Dutch.
CONSENSUS_WORDS = {
    "very_high": _("zeer hoog"),
    "high": _("hoog"),
    "moderate": _("matig"),
    "low": _("laag"),
    "very_low": _("zeer laag"),
}
