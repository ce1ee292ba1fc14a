"""camelCase names in the API (NL API Design Rules), snake_case in the code behind it.

Query parameters and JSON properties are lowerCamelCase (`pageSize`, `isPlanOfRecord`); the
serializers, filters and services keep Python's names. Until the next minor release the old
snake_case names are still accepted as input (docs/api.md, "Deprecated").
"""

from __future__ import annotations

import re
from typing import Any

from django.http import QueryDict
from rest_framework import serializers

_UNDERSCORE = re.compile(r"_([a-z0-9])")


def camel(name: str) -> str:
    """`is_plan_of_record` → `isPlanOfRecord` (a name without underscores stays as it is)."""
    return _UNDERSCORE.sub(lambda match: match.group(1).upper(), name)


def with_camel_aliases(query: QueryDict) -> QueryDict:
    """The query string with each deprecated snake_case name also under its camelCase name.

    A camelCase name the client sent wins over its snake_case alias.
    """
    aliased = [key for key in query if "_" in key and camel(key) not in query]
    if not aliased:
        return query
    copy = query.copy()
    for key in aliased:
        copy.setlist(camel(key), query.getlist(key))
    copy._mutable = False
    return copy


class CamelCaseFields(serializers.Serializer):
    """A serializer whose JSON properties are the camelCase names of its (snake_case) fields.

    Each field keeps its Python name as `source`, so validated data, services and forms see
    snake_case; only the JSON (and the OpenAPI document generated from it) is camelCase.
    """

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        renamed: dict[str, serializers.Field] = {}
        for name, field in fields.items():
            key = camel(name)
            if key != name and field.source is None:
                field.source = name
            renamed[key] = field
        return renamed

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            # Deprecated snake_case properties are read as their camelCase names.
            data = {
                (camel(key) if "_" in key and camel(key) not in data else key): value
                for key, value in data.items()
            }
        return super().to_internal_value(data)
