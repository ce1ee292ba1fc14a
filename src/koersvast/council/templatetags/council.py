"""The bestuurlijke agenda on an initiative's page and the dashboard (the portfolio and
dashboard apps stay unaware of the council app's models)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from koersvast.tenancy.policy import Action, can

from .. import selectors, services

register = template.Library()


@register.inclusion_tag("council/_initiative_section.html", takes_context=True)
def initiative_council_section(context: Any, initiative: Any) -> dict[str, Any]:
    """The initiative's college and raad moments and its toezeggingen and moties (two queries)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    may_manage = user is not None and services.may_manage(user, initiative.municipality_id)
    # A submitter sees their own initiative, not the register or the decision log: no links.
    may_read = user is not None and can(user, initiative.municipality_id, Action.PORTFOLIO_VIEW)
    return {
        "request": request,
        "initiative": initiative,
        "moments": selectors.moments_of(initiative),
        "items": selectors.items_of(initiative),
        "may_manage": may_manage,
        "may_read": may_read,
        "today": timezone.localdate(),
    }


@register.inclusion_tag("council/_overdue_card.html", takes_context=True)
def overdue_council_items(context: Any, municipality: Any) -> dict[str, Any]:
    """Toezeggingen, moties and amendementen past their due date (two queries)."""
    return {
        "request": context.get("request"),
        "overdue": selectors.overdue_items(municipality=municipality, limit=10),
        "count": selectors.overdue_count(municipality=municipality),
    }
