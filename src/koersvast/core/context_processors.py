"""Template context for the page shell: the menu items this user may open."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from .navigation import MENU, view_allows


def navigation(request: HttpRequest) -> dict[str, Any]:
    municipality = getattr(request, "municipality", None)
    if not request.user.is_authenticated or not municipality:
        return {"menu": []}
    path = request.path
    menu = []
    for item in MENU:
        url = reverse(item.url_name)
        if view_allows(request, url):
            menu.append({"item": item, "url": url, "current": path.startswith(url)})
    return {"menu": menu}
