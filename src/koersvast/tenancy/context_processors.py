"""Template context: the active municipality and the ones the user can switch to."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .middleware import member_municipalities


def tenancy(request: HttpRequest) -> dict[str, Any]:
    municipality = getattr(request, "municipality", None)
    if not request.user.is_authenticated:
        return {}
    return {
        "municipality": municipality,
        # The list the active municipality was picked from: no second query for the switcher.
        "user_municipalities": SimpleLazyObject(lambda: member_municipalities(request)),
    }
