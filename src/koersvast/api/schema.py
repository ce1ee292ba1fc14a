"""OpenAPI description of the token authentication (drf-spectacular extension)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension

API_ROOT = "/api/v1"


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "koersvast.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Persoonlijke API-sleutel (kv_…), aan te maken op /account/api-tokens/.",
        }


PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Probleemdetails volgens RFC 9457.",
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "Per veld de meldingen (alleen bij ongeldige invoer).",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["type", "title", "status", "detail", "instance"],
}
VERSION_HEADER = {
    "description": "Versie van de API (NL API Design Rules).",
    "schema": {"type": "string"},
}
LINK_HEADER = {
    "description": "Weblinks (RFC 8288) naar de eerste, vorige, volgende en laatste pagina.",
    "schema": {"type": "string"},
}
PROBLEMS = {
    "400": "Ongeldige invoer of een stap die niet mag",
    "401": "Geen of een ongeldige API-sleutel",
    "403": "Geen recht op deze handeling",
    "404": "Niet gevonden (of van een andere gemeente)",
}
ID_LIMITS = {"minimum": 1, "maximum": 2**63 - 1}
# Docstrings of our base classes, which drf-spectacular would repeat on every component.
BASE_DOCS = ("DRF's ModelSerializer", "A serializer that validates", "A plain serializer")


def _takes_input(operation: dict[str, Any]) -> bool:
    return bool(operation.get("parameters") or operation.get("requestBody"))


def _problems(operation: dict[str, Any], content: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    for code, description in PROBLEMS.items():
        if code == "400" and not _takes_input(operation):
            continue
        responses.setdefault(code, {"description": description, "content": content})


def _bounds(operation: dict[str, Any]) -> None:
    """Ids from 1, and every other whole number within 64 bits (as the server checks)."""
    for parameter in operation.get("parameters", []):
        schema = parameter["schema"]
        if schema.get("type") != "integer":
            continue
        if parameter["in"] == "path":
            schema.update(ID_LIMITS)
        else:
            schema.setdefault("minimum", -(2**63 - 1))
            schema.setdefault("maximum", 2**63 - 1)


def _headers(operation: dict[str, Any], is_list: bool) -> None:
    for code, response in operation.get("responses", {}).items():
        headers = response.setdefault("headers", {})
        headers["API-Version"] = VERSION_HEADER
        if is_list and code == "200":
            headers["Link"] = LINK_HEADER


def _document_operation() -> dict[str, Any]:
    """`/openapi.json` itself (NL API Design Rules, /core/publish-openapi)."""
    return {
        "get": {
            "operationId": "openapi_retrieve",
            "summary": "Dit OpenAPI-document",
            "tags": ["openapi"],
            "security": [],
            "responses": {
                "200": {
                    "description": "Het OpenAPI-document van deze API",
                    "headers": {
                        "API-Version": VERSION_HEADER,
                        "Access-Control-Allow-Origin": {
                            "description": "Openbaar: `*`",
                            "schema": {"type": "string"},
                        },
                    },
                    "content": {"application/vnd.oai.openapi+json": {"schema": {"type": "object"}}},
                }
            },
        }
    }


def _servers(request: Any) -> list[dict[str, str]]:
    """The absolute address of this installation (each municipality runs its own)."""
    base = request.build_absolute_uri(API_ROOT) if request is not None else API_ROOT
    return [{"url": base, "description": "Deze installatie van Koersvast"}]


def add_problem_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular hook: the NL API Design Rules on top of the generated document.

    problem+json errors (a 400 wherever there is input), the API-Version header on every
    response and a Link header on lists, the servers, bounded ids and `/openapi.json` itself.
    """
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    for component in schemas.values():
        if str(component.get("description", "")).startswith(BASE_DOCS):
            del component["description"]
    content = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            _bounds(operation)
            _problems(operation, content)
            _headers(operation, is_list=method == "get" and "{" not in path)
    result["paths"]["/openapi.json"] = _document_operation()
    result["servers"] = _servers(kwargs.get("request"))
    return result
