"""Which links a user is shown: the main menu, and any link or button to a guarded view.

A link is shown only when the view behind it would let the user in. The view says so itself:
`member_required` keeps the actions it demands on the view (`required_actions`), and
`view_allows` asks the policy table (`tenancy.policy.can`) about exactly those. So a page never
offers a link that ends in 403, and no template repeats a view's rule about roles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.http import HttpRequest
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from koersvast.tenancy.policy import Action, can


@dataclass(frozen=True)
class MenuItem:
    """One entry of the main navigation; visible to whoever its view lets in.

    Entries with the same `group` (next to each other) share one place in the menu bar: a
    disclosure (`<details>`) named after the group that opens a short list of their links, as
    long as the user may open two or more of them; one left is an ordinary link.
    """

    key: str
    label: str | Promise
    url_name: str
    group: str = ""

    @property
    def actions(self) -> tuple[Action, ...]:
        """The rights the view demands (any one of them; none: every member)."""
        return required_actions(reverse(self.url_name)) or ()


MENU: tuple[MenuItem, ...] = (
    MenuItem("portfolio", _("Portfolio"), "portfolio:list"),
    MenuItem("dashboard", _("Dashboard"), "dashboards:index"),
    # At 1280 px the bar holds eleven places in one row (decision 0405): the bestuurlijke
    # agenda shares Intake's place, where its decisions are prepared.
    MenuItem("intake", _("Intake"), "intake:board", group="intake"),
    MenuItem("bestuur", _("Bestuurlijke agenda"), "council:index", group="intake"),
    MenuItem("framework", _("Afwegingskader"), "framework:index"),
    MenuItem("planning", _("Planning"), "capacity:index"),
    MenuItem("monitoring", _("Monitoring"), "monitoring:index"),
    MenuItem("financien", _("Financiën"), "finance:index"),
    MenuItem("reports", _("Rapportages"), "reports:index"),
    MenuItem("vergelijken", _("Vergelijken"), "benchmarking:index"),
    MenuItem("sjablonen", _("Sjablonen"), "library:index"),
    MenuItem("admin", _("Beheer"), "administration:index"),
)


#: The labels of the menu's groups (the disclosure's button).
MENU_GROUPS: dict[str, str | Promise] = {"intake": _("Intake")}


def required_actions(url: str) -> tuple[Action, ...] | None:
    """The actions the view behind `url` demands (any one of them), `()` when any member may
    open it, None when it is no member-only view (login alone, or public)."""
    match = resolve(urlsplit(url).path)
    return getattr(match.func, "required_actions", None)


def view_allows(request: HttpRequest, url: str) -> bool:
    """Whether the view behind `url` lets the request's user in, by the rights it declares.

    Both the rights the view enforces (`required_actions`) and those it checks against the
    object it opens (`object_actions`) are asked in the active municipality. Record-level rules
    inside a view (a submitter edits only their own initiative) are the page's own business;
    this answers the role question every link shares.
    """
    try:
        func = resolve(urlsplit(url).path).func
    except Resolver404:
        return False
    actions = getattr(func, "required_actions", None)
    if actions is None:
        return True
    municipality = getattr(request, "municipality", None)
    if not municipality:
        return False
    return all(
        not wanted or any(can(request.user, municipality.pk, a) for a in wanted)
        for wanted in (actions, getattr(func, "object_actions", ()))
    )


def allowed_url(request: HttpRequest, viewname: str, *args: Any, **kwargs: Any) -> str:
    """The URL of `viewname` when the user may open it, else "" (so the link is left out)."""
    url = reverse(viewname, args=args or None, kwargs=kwargs or None)
    return url if view_allows(request, url) else ""
