"""The main menu: each item with the rights that make it visible."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from koersvast.tenancy.policy import BEHEER_ACTIONS, Action


@dataclass(frozen=True)
class MenuItem:
    """One entry of the main navigation."""

    key: str
    label: str | Promise
    url_name: str
    actions: tuple[Action, ...]


MENU: tuple[MenuItem, ...] = (
    MenuItem("portfolio", _("Portfolio"), "portfolio:list", (Action.PORTFOLIO_VIEW,)),
    MenuItem("dashboard", _("Dashboard"), "dashboards:index", (Action.PORTFOLIO_VIEW,)),
    MenuItem(
        "intake", _("Intake"), "intake:board", (Action.PORTFOLIO_VIEW, Action.INITIATIVE_SUBMIT)
    ),
    MenuItem("framework", _("Afwegingskader"), "framework:index", (Action.FRAMEWORK_VIEW,)),
    MenuItem("planning", _("Planning"), "capacity:index", (Action.CAPACITY_VIEW,)),
    MenuItem("monitoring", _("Monitoring"), "monitoring:index", (Action.PORTFOLIO_VIEW,)),
    MenuItem("reports", _("Rapportages"), "reports:index", (Action.REPORTS_VIEW,)),
    MenuItem("vergelijken", _("Vergelijken"), "benchmarking:index", (Action.REPORTS_VIEW,)),
    # Every member may browse the template library: any right at all makes it visible.
    MenuItem("sjablonen", _("Sjablonen"), "library:index", tuple(Action)),
    MenuItem("admin", _("Beheer"), "administration:index", BEHEER_ACTIONS),
)
