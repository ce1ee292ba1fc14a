"""Template context for the page shell: the number of unread notifications."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .selectors import unread_count


def unread(request: HttpRequest) -> dict[str, Any]:
    municipality = getattr(request, "municipality", None)
    if not request.user.is_authenticated or not municipality:
        return {}
    return {
        "unread_notifications": unread_count(user=request.user, municipality_id=municipality.pk)
    }
