"""Language selection (Dutch unless the user chose another language), form-input cleaning and the
UI's mapping of domain errors."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

from .errors import DomainError
from .text import clean_text, needs_cleaning

# The API and the OData feed answer errors in their own formats.
API_PATHS = ("/api/", "/odata/")


class DutchFirstLocaleMiddleware:
    """Activate the language from the switcher's cookie, else Dutch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a civil servant with
    an English browser would get an English UI; Koersvast is Dutch by default on purpose.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class CleanTextInputMiddleware:
    """Clean every posted form value with `core.text.clean_text` before a view reads it.

    One place for every form and for the views that read `request.POST` themselves: a value
    with a vertical tab pasted from Word would otherwise be stored and later break the Excel
    exports (XML cannot hold it). Passwords are left exactly as typed.
    """

    FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type in self.FORM_TYPES:
            self._clean(request)
        return self.get_response(request)

    @staticmethod
    def _clean(request: HttpRequest) -> None:
        try:
            posted = list(request.POST.lists())
        except MultiPartParserError:
            return  # a malformed body: the view answers it (a 400; problem+json in the API)
        dirty = [
            key
            for key, values in posted
            if "password" not in key and any(needs_cleaning(value) for value in values)
        ]
        if not dirty:
            return
        cleaned = request.POST.copy()
        for key in dirty:
            cleaned.setlist(key, [clean_text(value) for value in request.POST.getlist(key)])
        cleaned._mutable = False
        request.POST = cleaned  # type: ignore[assignment]  # read-only once built


class DomainErrorMiddleware:
    """The UI's one mapping of a `DomainError` that no view caught: its message on the page the
    user came from (a POST) or on an error page (409), never a server error. Views that show
    the error next to a form catch it themselves; the API maps it in `api/problems.py`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError) or request.path.startswith(API_PATHS):
            return None
        back = request.META.get("HTTP_REFERER", "")
        safe = url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        if request.method == "POST" and back and safe:
            messages.error(request, str(exception))
            return redirect(back)
        return render(request, "domain_error.html", {"message": str(exception)}, status=409)
