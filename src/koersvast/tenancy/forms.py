"""The municipality's own settings, kept by its beheerder."""

from __future__ import annotations

from django import forms

from .models import Municipality


class MunicipalitySettingsForm(forms.ModelForm):
    """Instellingen van de gemeente: for now the prefix of new initiative references."""

    class Meta:
        model = Municipality
        fields = ["reference_prefix"]

    def clean_reference_prefix(self) -> str:
        # "kv" is what a beheerder means by "KV"; the validator then checks the characters.
        return str(self.cleaned_data["reference_prefix"]).strip().upper()
