"""Determines the active municipality of the request (the one the UI shows)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from .models import Municipality
from .policy import roles_by_municipality
from .selectors import municipalities_of

SESSION_KEY = "koersvast_municipality_id"


def member_municipalities(request: HttpRequest) -> list[Municipality]:
    """The municipalities in which the user holds a role, by name (one query per request).

    Both the active municipality and the switcher in the page header come from this list.
    It is read again when the user's roles were reloaded (`forget_roles`) in this request.
    """
    roles = roles_by_municipality(request.user)
    cached = getattr(request, "_koersvast_municipalities", None)
    if cached is None or cached[0] is not roles:
        cached = (roles, list(municipalities_of(request.user)) if roles else [])
        request._koersvast_municipalities = cached  # type: ignore[attr-defined]
    return cached[1]


def active_municipality(request: HttpRequest) -> Municipality | None:
    """The municipality chosen in the switcher, else the user's first one by name."""
    municipalities = member_municipalities(request)
    if not municipalities:
        return None
    chosen = request.session.get(SESSION_KEY)
    return next((m for m in municipalities if m.pk == chosen), municipalities[0])


class CurrentMunicipalityMiddleware:
    """Sets `request.municipality` lazily (no query unless a view uses it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.municipality = SimpleLazyObject(lambda: active_municipality(request))  # type: ignore[attr-defined]  # see http.py
        return self.get_response(request)
