"""Forms of the identity pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koersvast.tenancy.models import Municipality

from .models import RoleMapping


class CodeForm(forms.Form):
    """A code from the authenticator app, or (when verifying) a recovery code."""

    code = forms.CharField(
        label=_("Verificatiecode"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args: object, help_text: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["code"].help_text = help_text


class RoleMappingForm(forms.ModelForm):
    """A new claim → role mapping for the active municipality."""

    class Meta:
        model = RoleMapping
        fields = ["claim", "value", "role"]

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in ("claim", "value"):
            if cleaned.get(name):
                cleaned[name] = cleaned[name].strip()
        if (
            cleaned.get("claim")
            and cleaned.get("value")
            and RoleMapping.objects.in_municipality(self.municipality)
            .filter(claim=cleaned["claim"], value=cleaned["value"], role=cleaned.get("role"))
            .exists()
        ):
            raise forms.ValidationError(_("Deze koppeling bestaat al."))
        return cleaned
