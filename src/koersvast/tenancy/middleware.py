"""Determines the active municipality of the request (the one the UI shows)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from .models import Municipality
from .policy import roles_by_municipality

SESSION_KEY = "koersvast_municipality_id"


def active_municipality(request: HttpRequest) -> Municipality | None:
    """The municipality chosen in the switcher, else the user's first one by name."""
    ids = roles_by_municipality(request.user)
    if not ids:
        return None
    chosen = request.session.get(SESSION_KEY)
    if chosen in ids:
        return Municipality.objects.filter(pk=chosen).first()
    return Municipality.objects.filter(pk__in=list(ids)).order_by("name").first()


class CurrentMunicipalityMiddleware:
    """Sets `request.municipality` lazily (no query unless a view uses it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.municipality = SimpleLazyObject(lambda: active_municipality(request))  # type: ignore[attr-defined]
        return self.get_response(request)
