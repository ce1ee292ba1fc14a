"""Optimistic locking: an edit based on an outdated copy is refused, never silently saved.

A form carries the `updated_at` of the record as it was loaded (its version token). Saving
compares that token with the row, locked for the update; a mismatch raises `EditConflict` with
the current record, so the page can show both versions and let the user decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.http import QueryDict

VERSION_FIELD = "loaded_version"


def version_token(obj: models.Model) -> str:
    """The version of a saved record as the form carries it (its last change, to the µs)."""
    updated_at = getattr(obj, "updated_at", None)
    return updated_at.isoformat() if updated_at else ""


class EditConflict(Exception):
    """Someone else saved the record after this edit began."""

    def __init__(self, current: models.Model) -> None:
        super().__init__("edit conflict")
        self.current = current


def check_version[M: models.Model](obj: M, expected: str | None) -> M:
    """Lock the row and refuse the save when it changed since `expected` (None: no check)."""
    current = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if expected is not None and version_token(current) != expected:
        raise EditConflict(current)
    return current


class VersionedFormMixin(forms.Form):
    """Adds the hidden version token to a ModelForm of a record with `updated_at`."""

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk:
            self.fields[VERSION_FIELD].initial = version_token(instance)

    def expected_version(self) -> str | None:
        """The token the edit started from; None (no check) for a new record or a client
        that does not send one, such as a script posting the fields it knows."""
        instance = getattr(self, "instance", None)
        if instance is None or instance.pk is None:
            return None
        if self.add_prefix(VERSION_FIELD) not in self.data:
            return None
        return self.cleaned_data.get(VERSION_FIELD, "")

    def refresh_version(self, current: models.Model) -> None:
        """After a conflict, a new submit means: overwrite knowingly with my values."""
        data = cast("QueryDict | dict[str, Any]", self.data).copy()
        data[self.add_prefix(VERSION_FIELD)] = version_token(current)
        self.data = data


@dataclass(frozen=True)
class Difference:
    """One field where the user's version and the saved version differ."""

    label: str
    mine: str
    theirs: str


def _shown(field: forms.Field, value: Any) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return str(_("ja") if value else _("nee"))
    if isinstance(value, models.Model):
        return str(value)
    choices = dict(getattr(field, "choices", []) or [])
    return str(choices.get(value, value))


def differences(form: forms.ModelForm, current: models.Model) -> list[Difference]:
    """The fields where the submitted values differ from the record as saved meanwhile."""
    found = []
    for name, field in form.fields.items():
        if name == VERSION_FIELD or name not in form.cleaned_data:
            continue
        mine = form.cleaned_data[name]
        theirs = getattr(current, name, None)
        if getattr(mine, "pk", mine) != getattr(theirs, "pk", theirs):
            found.append(Difference(str(field.label), _shown(field, mine), _shown(field, theirs)))
    return found
