"""Typed access to a form's fields, for the forms that narrow their choices per request."""

from __future__ import annotations

from typing import Any, cast

from django import forms


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's field `name`, declared as a choice field (to set its `choices`)."""
    return cast(forms.ChoiceField, form.fields[name])


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's field `name`, declared as a model (multiple) choice field (its `queryset`)."""
    return cast("forms.ModelChoiceField[Any]", form.fields[name])
