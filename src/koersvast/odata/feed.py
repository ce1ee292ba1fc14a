"""The OData v4 endpoints: service document, $metadata, entity sets, single entities, $count.

Plain Django views (no DRF): every request is authenticated by an OData key, and the key's
municipality is the only data the request can reach.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from .auth import authenticate
from .csdl import metadata_document
from .entities import BY_NAME, ENTITY_SETS, EntitySet
from .errors import ODataError
from .models import ODataKey
from .options import parse_options, parse_select
from .reading import parse_key, read_collection, read_entity

logger = logging.getLogger(__name__)

DEFAULT_PAGE_SIZE = 500
JSON_TYPE = "application/json;odata.metadata=minimal;charset=utf-8"
REALM = 'Basic realm="Koersvast OData", charset="UTF-8"'


def page_size() -> int:
    return int(getattr(settings, "ODATA_PAGE_SIZE", DEFAULT_PAGE_SIZE))


def _headers(response: HttpResponse) -> HttpResponse:
    response["OData-Version"] = "4.0"
    return response


def json_response(payload: dict[str, Any], status: int = 200) -> HttpResponse:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return _headers(HttpResponse(body, status=status, content_type=JSON_TYPE))


def error_response(error: ODataError) -> HttpResponse:
    response = json_response(
        {"error": {"code": error.code, "message": error.message}}, status=error.status
    )
    if error.status == 401:
        response["WWW-Authenticate"] = REALM
    return response


View = Callable[..., HttpResponse]


def odata_view(view: View) -> View:
    """Only GET/HEAD, authenticated by a key, errors as OData JSON, never cached."""

    @csrf_exempt
    @never_cache
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            if request.method not in ("GET", "HEAD"):
                raise ODataError(
                    "MethodNotAllowed", "De OData-feed is alleen-lezen (GET).", status=405
                )
            key = authenticate(request)
            if key is None:
                raise ODataError(
                    "Unauthorized",
                    "Geen geldige OData-sleutel. Gebruik Basis-verificatie met de sleutel als "
                    "wachtwoord.",
                    status=401,
                )
            return view(request, key, *args, **kwargs)
        except ODataError as error:
            response = error_response(error)
            if error.status == 405:
                response["Allow"] = "GET, HEAD"
            return response
        except Exception:  # a bug: logged, and still an OData error body for the client
            logger.exception("Unhandled error in the OData feed")
            return error_response(
                ODataError("InternalError", "Er ging iets mis aan onze kant.", status=500)
            )

    return wrapper


def service_root(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("odata:service"))


@odata_view
def service(request: HttpRequest, key: ODataKey) -> HttpResponse:
    root = service_root(request)
    return json_response(
        {
            "@odata.context": f"{root}$metadata",
            "value": [{"name": s.name, "kind": "EntitySet", "url": s.name} for s in ENTITY_SETS],
        }
    )


@odata_view
def metadata(request: HttpRequest, key: ODataKey) -> HttpResponse:
    return _headers(HttpResponse(metadata_document(), content_type="application/xml"))


def _entity_set(name: str) -> EntitySet:
    entity_set = BY_NAME.get(name)
    if entity_set is None:
        raise ODataError("NotFound", f"Onbekende entiteitenset {name!r}.", status=404)
    return entity_set


def _next_link(request: HttpRequest, skiptoken: int) -> str:
    params = request.GET.copy()
    params["$skiptoken"] = str(skiptoken)
    return request.build_absolute_uri(request.path) + "?" + urlencode(params, doseq=True)


@odata_view
def collection(request: HttpRequest, key: ODataKey, name: str) -> HttpResponse:
    entity_set = _entity_set(name)
    options = parse_options(request.GET, entity_set.by_name)
    page = read_collection(entity_set, key.municipality, options, page_size())
    context = f"{service_root(request)}$metadata#{entity_set.name}"
    if "$select" in request.GET:
        context += "(" + ",".join(prop.name for prop in options.select) + ")"
    payload: dict[str, Any] = {"@odata.context": context}
    if page.count is not None:
        payload["@odata.count"] = page.count
    payload["value"] = page.rows
    if page.next_skiptoken is not None:
        payload["@odata.nextLink"] = _next_link(request, page.next_skiptoken)
    return json_response(payload)


@odata_view
def count(request: HttpRequest, key: ODataKey, name: str) -> HttpResponse:
    entity_set = _entity_set(name)
    options = parse_options(request.GET, entity_set.by_name)
    options.count, options.top, options.skip, options.skiptoken = True, 0, 0, 0
    page = read_collection(entity_set, key.municipality, options, page_size())
    return _headers(HttpResponse(str(page.count), content_type="text/plain;charset=utf-8"))


@odata_view
def entity(request: HttpRequest, key: ODataKey, name: str, raw_key: str) -> HttpResponse:
    entity_set = _entity_set(name)
    select = parse_select(request.GET.get("$select"), entity_set.by_name)
    row = read_entity(entity_set, key.municipality, parse_key(entity_set, raw_key), select)
    if row is None:
        raise ODataError("NotFound", f"{entity_set.name}({raw_key}) bestaat niet.", status=404)
    context = f"{service_root(request)}$metadata#{entity_set.name}/$entity"
    return json_response({"@odata.context": context, **row})
