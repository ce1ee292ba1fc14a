"""Template context for the page shell: the menu items this user may open."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from .navigation import MENU, MENU_GROUPS, view_allows


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
    return {"menu": menu, "menu_bar": menu_bar(menu)}


def menu_bar(menu: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The places of the menu bar: an entry, or a group of two or more entries (`children`)."""
    bar: list[dict[str, Any]] = []
    for entry in menu:
        group = entry["item"].group
        last = bar[-1] if bar else None
        if group and last is not None and last.get("group") == group:
            last["children"].append(entry)
            last["current"] = last["current"] or entry["current"]
        elif group:
            bar.append(
                {
                    "group": group,
                    "label": MENU_GROUPS[group],
                    "children": [entry],
                    "current": entry["current"],
                }
            )
        else:
            bar.append(entry)
    # A group with one entry the user may open is that entry's ordinary link.
    return [
        place["children"][0] if place.get("group") and len(place["children"]) == 1 else place
        for place in bar
    ]
