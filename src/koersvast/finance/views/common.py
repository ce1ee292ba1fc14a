"""What the finance pages share: the right to manage, the budget year and filters asked for."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from koersvast.tenancy.policy import Action

from ..selectors import estimate as selectors

FINANCE = (Action.FINANCE_MANAGE,)


def ensure_allowed(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def requested_budget_year(request: HttpRequest) -> int:
    """The budget year asked for (?jaar=2028), else the next year."""
    raw = request.GET.get("jaar", "").strip()
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return selectors.default_budget_year()


def requested_filters(request: HttpRequest) -> dict[str, str]:
    return {key: request.GET.get(key, "").strip() for key in ("programme", "taakveld")}
