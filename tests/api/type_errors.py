"""The messages with which the API refuses a value of the wrong type, format or size.

The OpenAPI document states types, formats, limits and required fields; a schema-valid request
must never be refused with one of these messages (test_fuzz.py).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from django import forms
from django.utils import translation
from rest_framework import serializers
from schemathesis import CheckContext, Response, check
from schemathesis.core.failures import Failure
from schemathesis.generation.case import Case

from koersvast.api import fields

DRF_FIELDS = (
    fields.Text,
    fields.Slug,
    fields.Integer,
    fields.Decimal,
    fields.Boolean,
    fields.Choice,
    serializers.DateField,
    serializers.DateTimeField,
)
DRF_KEYS = {
    "invalid", "format", "incorrect_type", "required", "null", "blank", "max_length",
    "min_length", "max_value", "min_value", "max_digits", "max_decimal_places",
    "max_whole_digits", "invalid_choice", "max_string_length",
}  # fmt: skip
FORM_FIELDS = (forms.CharField, forms.IntegerField, forms.DecimalField, forms.DateField)
FORM_KEYS = {"required", "invalid", "max_value", "min_value", "max_digits", "max_decimal_places"}


def _pattern(template: str) -> str:
    escaped = re.escape(template)
    escaped = re.sub(r"\\\{[a-z_]+\\\}", ".*", escaped)  # DRF: {max_value}
    return re.sub(r"%\\\([a-z_]+\\\)[sd]", ".*", escaped)  # Django: %(limit_value)s


@cache
def type_messages() -> re.Pattern[str]:
    templates: set[str] = set()
    for language in ("nl", "en"):
        with translation.override(language):
            for drf_class in DRF_FIELDS:
                for cls in drf_class.__mro__:
                    for key, text in getattr(cls, "default_error_messages", {}).items():
                        if key in DRF_KEYS:
                            templates.add(str(text))
            for form_class in FORM_FIELDS:
                for cls in form_class.__mro__:
                    for key, text in getattr(cls, "default_error_messages", {}).items():
                        if key in FORM_KEYS:
                            templates.add(str(text))
    return re.compile("|".join(f"^{_pattern(t)}$" for t in sorted(templates)))


@check
def refused_only_for_rules(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """A 400 on schema-valid data may name rules, never what the document already states."""
    meta = case.meta
    if response.status_code != 400 or meta is None or meta.generation.mode.is_negative:
        return None
    if any(info.mode.is_negative for info in meta.components.values()):
        return None
    body: Any = response.json()
    wrong = [
        f"{name}: {message}"
        for name, messages in (body.get("errors") or {}).items()
        for message in messages
        if type_messages().match(message)
    ]
    if wrong:
        raise Failure(
            operation=case.operation.label,
            title="Schema-valid value refused for its type, format or size",
            message="; ".join(wrong),
        )
    return True
