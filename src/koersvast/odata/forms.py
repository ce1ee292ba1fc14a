from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ODataKey


class KeyForm(forms.ModelForm):
    class Meta:
        model = ODataKey
        fields = ["name", "description"]
        labels = {"name": _("Naam van de rapportage"), "description": _("Toelichting")}
        help_texts = {
            "name": _("Bijvoorbeeld 'Power BI dashboard MT'. Eén sleutel per rapportage."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"name": {"required": _("Geef de sleutel een naam.")}}
