"""A municipality's own intake fields (eigen velden): values, form fields, checks and display.

The definitions are `CustomField` rows; an initiative keeps its values in `custom_values`
(code → JSON value). Every door that writes them (the submission form, the API, the Excel and
Project imports) goes through `parse_value`, so a value is stored in one shape per kind:
text as a string, a number as a decimal string, a date as an ISO date, yes/no as a boolean and
a choice as one of the field's options.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.translation import gettext as _

from koersvast.core.numbers import parse_number
from koersvast.core.text import clean_text

from .choices import CustomFieldKind as K
from .choices import CustomFieldStage
from .models import CustomField, Initiative

MAX_TEXT = 1000
MAX_NUMBER = Decimal("999999999999.99")
FORM_PREFIX = "eigen_"

_YES = {"ja", "j", "yes", "y", "true", "waar", "x", "1"}
_NO = {"nee", "n", "no", "false", "onwaar", "0"}


def definitions(municipality_id: int, *, include_retired: bool = False) -> list[CustomField]:
    """The municipality's own fields in their order (one query)."""
    fields = CustomField.objects.filter(municipality_id=municipality_id)
    return list(fields if include_retired else fields.active())


def parse_value(field: CustomField, raw: Any) -> Any:
    """The stored value for `raw` (None when empty); ValueError with a Dutch reason."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    match field.kind:
        case K.TEXT:
            text = clean_text(str(raw)).strip()
            if len(text) > MAX_TEXT:
                raise ValueError(_("Te lang: hoogstens %(n)s tekens.") % {"n": MAX_TEXT})
            return text or None
        case K.NUMBER:
            if isinstance(raw, bool):
                raise ValueError(_("Vul een getal in."))
            try:
                number = parse_number(raw)  # "1.250" is 1250, as everywhere (core.numbers)
            except ValueError:
                raise ValueError(_("Vul een getal in, bijvoorbeeld 12 of 12,5.")) from None
            if abs(number) > MAX_NUMBER:
                raise ValueError(_("Vul een getal in, bijvoorbeeld 12 of 12,5."))
            if number == number.to_integral():
                return str(int(number))
            return format(number.normalize(), "f")
        case K.DATE:
            if isinstance(raw, dt.datetime):
                return raw.date().isoformat()
            if isinstance(raw, dt.date):
                return raw.isoformat()
            text = str(raw).strip()
            for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S"):
                try:
                    return dt.datetime.strptime(text, pattern).date().isoformat()
                except ValueError:
                    continue
            raise ValueError(_("Vul een datum in, bijvoorbeeld 2027-03-31 of 31-03-2027."))
        case K.BOOLEAN:
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in _YES:
                return True
            if text in _NO:
                return False
            raise ValueError(_("Vul ja of nee in."))
        case K.CHOICE:
            text = str(raw).strip()
            for option in field.options or []:
                if option.lower() == text.lower():
                    return option
            raise ValueError(
                _("Onbekende keuze; kies uit: %(options)s.")
                % {"options": ", ".join(field.options or [])}
            )
    raise ValueError(_("Onbekende soort veld."))


def is_filled(field: CustomField, value: Any) -> bool:
    """Whether a value counts as given (yes/no: only yes counts, for a criterion)."""
    if field.kind == K.BOOLEAN:
        return value is True
    return value not in (None, "")


def display(field: CustomField, value: Any) -> str:
    """The value as a reader sees it ("—" when empty)."""
    if value is None or value == "":
        return "—"
    match field.kind:
        case K.BOOLEAN:
            return _("ja") if value else _("nee")
        case K.DATE:
            try:
                return date_format(dt.date.fromisoformat(value), "j F Y")
            except (TypeError, ValueError):
                return str(value)
        case K.NUMBER:
            try:
                return number_format(Decimal(value), use_l10n=True, force_grouping=True)
            except (InvalidOperation, TypeError):
                return str(value)
    return str(value)


def typed(field: CustomField, value: Any) -> Any:
    """The value as a JSON API or a spreadsheet cell carries it (a number as a number, a date
    as a date)."""
    if value is None:
        return None
    if field.kind == K.NUMBER:
        number = Decimal(value)
        return int(number) if number == number.to_integral() else float(number)
    if field.kind == K.DATE:
        return dt.date.fromisoformat(value)
    return value


@dataclass(frozen=True)
class Shown:
    """One own field of an initiative, for the initiative page."""

    field: CustomField
    value: Any
    text: str


def shown(initiative: Initiative, fields: Iterable[CustomField]) -> list[Shown]:
    """Every active field (and every retired one that holds a value) with its value."""
    values = initiative.custom_values or {}
    rows = []
    for field in fields:
        value = values.get(field.code)
        if field.is_retired and value is None:
            continue
        rows.append(Shown(field, value, display(field, value)))
    return rows


def missing_required(
    initiative: Initiative, fields: Iterable[CustomField], stage: str
) -> list[CustomField]:
    """Required active fields of `stage` that the initiative has not filled."""
    values = initiative.custom_values or {}
    return [
        f
        for f in fields
        if f.required and not f.is_retired and f.stage == stage and values.get(f.code) in (None, "")
    ]


def merge(current: Mapping[str, Any] | None, changes: Mapping[str, Any]) -> dict[str, Any]:
    """The stored values after `changes` (None removes a value)."""
    merged = dict(current or {})
    for code, value in changes.items():
        if value is None:
            merged.pop(code, None)
        else:
            merged[code] = value
    return merged


# --- form fields ----------------------------------------------------------------------------


def form_field(field: CustomField, *, required: bool) -> forms.Field:
    """A Django form field for an own field, with its label and help text; `required` is
    whether the form requires it now (the definition's `required` picks the yes/no input)."""
    common: dict[str, Any] = {
        "label": field.name,
        # Django renders a form field's help text unescaped (it is meant to be ours); this one
        # is the beheerder's text.
        "help_text": escape(field.help_text),
        "required": required,
    }
    match field.kind:
        case K.NUMBER:
            return forms.DecimalField(max_digits=14, decimal_places=4, **common)
        case K.DATE:
            return forms.DateField(
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common
            )
        case K.BOOLEAN:
            if field.required:
                # A required yes/no is a question that must be answered, not a box to tick
                # (also where it is not required right now: the same input everywhere).
                return forms.TypedChoiceField(
                    choices=[("", "—"), ("ja", _("ja")), ("nee", _("nee"))],
                    coerce=lambda v: v == "ja",
                    empty_value=None,
                    **common,
                )
            return forms.BooleanField(**common)
        case K.CHOICE:
            options = list(field.options or [])
            return forms.ChoiceField(choices=[("", "—"), *((o, o) for o in options)], **common)
    return forms.CharField(max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2}), **common)


def form_input(field: CustomField, value: Any) -> Any:
    """A stored (or API-given) value as the form's input for it ("" when empty)."""
    if value is None:
        return ""
    if field.kind == K.BOOLEAN:
        if isinstance(value, bool) and field.required:
            return "ja" if value else "nee"
        if isinstance(value, bool):
            return "on" if value else ""
    return value


def initial_for_form(field: CustomField, value: Any) -> Any:
    if value is None:
        return None
    if field.kind == K.BOOLEAN and field.required:
        return "ja" if value else "nee"
    if field.kind == K.DATE:
        return dt.date.fromisoformat(value)
    return value


def offered_on_form(
    fields: Iterable[CustomField], initiative: Initiative, *, may_manage: bool
) -> list[CustomField]:
    """Fields the form shows: submission fields always, intake fields to a portfolio manager;
    a retired field only when the initiative still holds a value for it."""
    values = initiative.custom_values or {}
    return [
        f
        for f in fields
        if (f.stage == CustomFieldStage.SUBMISSION or may_manage)
        and (not f.is_retired or f.code in values)
    ]
