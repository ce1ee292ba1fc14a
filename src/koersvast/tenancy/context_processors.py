"""Template context: the active municipality and the ones the user can switch to."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .selectors import municipalities_of


def tenancy(request: HttpRequest) -> dict[str, Any]:
    municipality = getattr(request, "municipality", None)
    if not request.user.is_authenticated:
        return {}
    return {
        "municipality": municipality,
        "user_municipalities": municipalities_of(request.user),
    }
