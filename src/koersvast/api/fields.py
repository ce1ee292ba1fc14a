"""JSON fields that accept exactly the type the OpenAPI document gives them.

DRF is lenient: `"title": 12` becomes "12", `"year": "2027"` becomes 2027, `"fte": 1e3` is a
thousand. The API promises types, so a value of another JSON type is a 400, and a decimal is a
string that matches the pattern the document publishes (one regular expression for both).
"""

from __future__ import annotations

import re
from decimal import Decimal as D
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

# The largest value each integer column holds on every supported database.
SMALL_MAX = 32_767
INTEGER_MAX = 2_147_483_647
BIG_MAX = 2**63 - 1


def _below(limit: int) -> str:
    """A regular expression for the whole numbers 0 … limit (digits, no leading zeros)."""
    text = str(limit)
    if len(text) == 1:
        return f"[0-{text}]"
    if set(text) == {"9"}:
        return f"(?:0|[1-9]\\d{{0,{len(text) - 1}}})"
    options = ["0", f"[1-9]\\d{{0,{len(text) - 2}}}"]  # the numbers with fewer digits
    for index, digit in enumerate(text):  # then those with as many digits, up to the limit
        low = 1 if index == 0 else 0
        if int(digit) > low:
            rest = len(text) - index - 1
            tail = f"\\d{{{rest}}}" if rest else ""
            options.append(f"{text[:index]}[{low}-{int(digit) - 1}]{tail}")
    options.append(text)
    return "(?:" + "|".join(options) + ")"


def decimal_pattern(
    max_digits: int | None, decimal_places: int | None, minimum: Any, maximum: Any
) -> str:
    """The strings a decimal field accepts: its digits, its places and (when ≥ 0) no sign."""
    places = decimal_places or 0
    whole = (max_digits - places) if max_digits is not None else 18
    fraction = f"(?:\\.\\d{{1,{places}}})?" if places else ""
    sign = "" if minimum is not None and D(minimum) >= 0 else "-?"
    if maximum is not None and sign == "" and D(maximum) == int(maximum) and int(maximum) > 0:
        top = int(maximum)
        zeros = f"(?:\\.0{{1,{places}}})?" if places else ""
        below = _below(top - 1)
        return f"^(?:{below}{fraction}|{top}{zeros})$"
    return f"^{sign}(?:0|[1-9]\\d{{0,{max(whole - 1, 0)}}}){fraction}$"


class Decimal(serializers.DecimalField):
    """A decimal written as a JSON string, e.g. `"12.50"` (exact; JSON numbers are floats)."""

    default_error_messages = {
        "format": _("Geef het getal als tekst, zoals '12.50', met ten hoogste {places} decimalen."),
    }

    def __init__(self, max_digits: int | None, decimal_places: int | None, **kwargs: Any) -> None:
        super().__init__(max_digits, decimal_places, **kwargs)
        self.pattern = decimal_pattern(max_digits, decimal_places, self.min_value, self.max_value)

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str) or not re.match(self.pattern, data):
            self.fail("format", places=self.decimal_places or 0)
        return super().to_internal_value(data)


# Text that may not be blank holds one character that is neither white space nor a control
# character, which every door cleans away (core/text.py): " " and "\x7f" both arrive empty.
# Written with \x escapes, which ECMA and Python regular expressions read alike.
VISIBLE = "[^\\s\\x00-\\x1f\\x7f]"


class Text(serializers.CharField):
    """Text: a JSON string (a number is not text)."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class Slug(serializers.SlugField):
    """A code of letters, digits, hyphens and underscores: a JSON string."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class Integer(serializers.IntegerField):
    """A whole JSON number (not `"12"`, not `12.5`, not `true`)."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class Boolean(serializers.BooleanField):
    """`true` or `false` (not `"yes"`, not `1`)."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class Choice(serializers.ChoiceField):
    """One of the listed codes, of the codes' own JSON type."""

    def to_internal_value(self, data: Any) -> Any:
        if not any(type(data) is type(key) for key in self.choices):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


class Reference(serializers.PrimaryKeyRelatedField):
    """The id of another object: a whole JSON number."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class DecimalScheme(OpenApiSerializerFieldExtension):
    """The published pattern is the one the field checks."""

    target_class = "koersvast.api.fields.Decimal"
    match_subclasses = True

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "format": "decimal"}
        if direction == "request":
            schema["pattern"] = self.target.pattern
        return schema


class TextScheme(OpenApiSerializerFieldExtension):
    """Text that may not be blank publishes that it needs a visible character (`VISIBLE`)."""

    target_class = "koersvast.api.fields.Text"
    match_subclasses = True

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        schema: dict[str, Any] = auto_schema._map_serializer_field(
            self.target, direction, bypass_extensions=True
        )
        if direction == "request" and not self.target.allow_blank and not self.target.read_only:
            schema["pattern"] = VISIBLE
        return schema


class OwnFieldValues(serializers.Field):
    """A municipality's own intake fields: an object of code → value, each value a string
    (text, a chosen option, a decimal such as `"12.5"`, an ISO date), `true`/`false`, or `null`
    to clear it. Which codes exist and what each accepts is the municipality's own setting
    (`GET` an initiative to see them); an unknown code or a wrong value is a 400."""

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            self.fail("invalid")
        for key, value in data.items():
            if not isinstance(key, str) or not (value is None or isinstance(value, str | bool)):
                self.fail("invalid")
        return dict(data)

    def to_representation(self, value: Any) -> dict[str, Any]:
        return dict(value or {})

    default_error_messages = {
        "invalid": _("Geef een object van code naar tekst, true/false of null."),
    }


class OwnFieldValuesScheme(OpenApiSerializerFieldExtension):
    target_class = "koersvast.api.fields.OwnFieldValues"

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        return {
            "type": "object",
            "additionalProperties": {
                "oneOf": [{"type": "string"}, {"type": "boolean"}],
                "nullable": True,
            },
            "description": self.target.__class__.__doc__.split("\n\n")[0].replace("\n", " "),
        }
