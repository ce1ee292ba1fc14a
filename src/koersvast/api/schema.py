"""OpenAPI description of the token authentication (drf-spectacular extension)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


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
PROBLEMS = {
    "400": "Ongeldige invoer of een stap die niet mag",
    "401": "Geen of een ongeldige API-sleutel",
    "403": "Geen recht op deze handeling",
    "404": "Niet gevonden (of van een andere gemeente)",
}


def add_problem_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular hook: problem+json error responses and the API-Version header."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    content = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code, description in PROBLEMS.items():
                if code == "400" and method == "get" and "{" in path:
                    continue
                responses.setdefault(code, {"description": description, "content": content})
            for response in responses.values():
                response.setdefault("headers", {})["API-Version"] = VERSION_HEADER
    return result
