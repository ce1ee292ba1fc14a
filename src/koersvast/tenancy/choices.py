"""Roles a member can hold in a municipality (docs/domain.md §2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Rol van een medewerker binnen een gemeente; een gebruiker kan meerdere rollen hebben."""

    SUBMITTER = "submitter", _("Indiener")
    PORTFOLIO_MANAGER = "portfolio_manager", _("Portfoliomanager")
    OFFICIAL_SPONSOR = "official_sponsor", _("Ambtelijk opdrachtgever")
    POLITICAL_SPONSOR = "political_sponsor", _("Bestuurlijk opdrachtgever")
    PROJECT_LEADER = "project_leader", _("Opdrachtnemer (projectleider)")
    ADVISER = "adviser", _("Adviseur")
    BOARD_MEMBER = "board_member", _("Lid portfolioboard")
    READER = "reader", _("Lezer")
    ADMINISTRATOR = "administrator", _("Beheerder")
