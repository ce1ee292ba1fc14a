"""Errors as RFC 9457 problem details (`application/problem+json`)."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from koersvast import __version__
from koersvast.core.errors import DomainError

from .naming import camel

logger = logging.getLogger(__name__)

PROBLEM_TYPE = "application/problem+json"
NON_FIELD = camel("non_field_errors")  # errors of the request as a whole
TYPE_BASE = "https://koersvast.nl/problemen/"

# Short, stable problem types (the `type` URI) per status code.
TYPES = {
    400: "ongeldige-invoer",
    401: "niet-geauthenticeerd",
    403: "geen-toegang",
    404: "niet-gevonden",
    405: "methode-niet-toegestaan",
    406: "niet-acceptabel",
    409: "conflict",
    415: "mediatype-niet-ondersteund",
    429: "te-veel-verzoeken",
    500: "serverfout",
}


def problem(
    status_code: int,
    detail: str,
    instance: str,
    *,
    title: str | None = None,
    errors: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """The body of a problem response."""
    body: dict[str, Any] = {
        "type": TYPE_BASE + TYPES.get(status_code, "fout"),
        "title": title or HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail,
        "instance": instance,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def _flatten(data: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested validation errors as field path → messages."""
    if isinstance(data, dict):
        flat: dict[str, list[str]] = {}
        for key, value in data.items():
            path = f"{prefix}.{camel(str(key))}" if prefix else camel(str(key))
            flat.update(_flatten(value, path))
        return flat
    if isinstance(data, list) and data and all(isinstance(item, (dict, list)) for item in data):
        flat = {}
        for index, item in enumerate(data):
            flat.update(_flatten(item, f"{prefix}[{index}]"))
        return flat
    messages = data if isinstance(data, list) else [data]
    return {prefix or NON_FIELD: [str(message) for message in messages]}


def _as_api_exception(exc: Exception) -> Exception:
    """Domain and Django errors as the DRF exception with the right status."""
    if isinstance(exc, DomainError):
        return exceptions.ValidationError({"non_field_errors": [str(exc)]})
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return exceptions.ValidationError(
                {
                    field: [str(message) for error in errs for message in error.messages]
                    for field, errs in exc.error_dict.items()
                }
            )
        return exceptions.ValidationError({"non_field_errors": [str(m) for m in exc.messages]})
    return exc


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """REST framework's exception handler, answering every error as problem+json."""
    request = context.get("request")
    instance = request.get_full_path() if request is not None else ""
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:  # an unexpected error: log it, answer 500 without internals
        logger.exception("Unhandled error in API view", exc_info=exc)
        body = problem(500, _("Er ging iets mis aan onze kant."), instance)
        return Response(body, status=500, content_type=PROBLEM_TYPE)
    errors = None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(response.data)
        detail = _("De invoer is niet geldig.")
        if list(errors) == [NON_FIELD]:
            detail = " ".join(errors[NON_FIELD])
    elif isinstance(exc, Http404 | exceptions.NotFound):
        detail = _("Niet gevonden.")
    elif isinstance(exc, PermissionDenied):
        detail = _("U heeft geen recht op deze handeling.")
    else:
        detail = str(response.data.get("detail", "")) if isinstance(response.data, dict) else ""
    response.data = problem(response.status_code, detail, instance, errors=errors)
    response.content_type = PROBLEM_TYPE
    return response


@csrf_exempt  # a token API: a write to an unknown path is a 404, not a CSRF failure
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Unknown paths under /api/v1/ are problems too, not the HTML error page."""
    body = problem(status.HTTP_404_NOT_FOUND, _("Niet gevonden."), request.get_full_path())
    response = JsonResponse(body, status=404, content_type=PROBLEM_TYPE)
    response["API-Version"] = __version__
    return response


@csrf_exempt
def slash_redirect(request: HttpRequest, path: str) -> HttpResponse:
    """The paths of 0.1 ended in a slash: 308 to the path without it (deprecated, docs/api.md).

    308 keeps the method and the body, so a POST of an old client arrives as a POST.
    """
    target = request.path.removesuffix("/")
    match = _resolve(target)
    if match is None or match.url_name in ("not_found", "slash_redirect"):
        return not_found(request)
    query = request.META.get("QUERY_STRING", "")
    response = HttpResponsePermanentRedirect(
        target + (f"?{query}" if query else ""), preserve_request=True
    )
    response["API-Version"] = __version__
    return response


def _resolve(path: str) -> Any:
    try:
        return resolve(path)
    except Resolver404:
        return None
