"""Choices of the bestuurlijke agenda: kinds of college and raad moments, toezeggingen and
moties, and their status."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MomentKind(models.TextChoices):
    """Soort bestuurlijk moment in de planning van een initiatief."""

    COLLEGE_DECISION = "bw_besluit", _("B&W-besluit")
    INFORMATION_LETTER = "rib", _("Raadsinformatiebrief")
    COUNCIL_PROPOSAL = "raadsvoorstel", _("Raadsvoorstel")
    COMMITTEE = "commissie", _("Commissiebehandeling")


class ItemKind(models.TextChoices):
    """Wat de raad is toegezegd of wat hij heeft aangenomen."""

    COMMITMENT = "toezegging", _("Toezegging")
    MOTION = "motie", _("Motie")
    AMENDMENT = "amendement", _("Amendement")


# A motie or amendement is adopted by the raad and carries the raad's number.
ADOPTED_KINDS = (ItemKind.MOTION, ItemKind.AMENDMENT)


class ItemStatus(models.TextChoices):
    """Stand van een toezegging, motie of amendement."""

    OPEN = "open", _("Open")
    DONE = "afgedaan", _("Afgedaan")
    LAPSED = "vervallen", _("Vervallen")
