"""The risk form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koersvast.core.formfields import model_choice_field
from koersvast.intake.forms.initiative import PersonChoiceField, members_of
from koersvast.tenancy.models import Municipality

from ..models import Risk
from .widgets import DATE


class RiskForm(forms.ModelForm):
    probability = forms.TypedChoiceField(
        label=_("Kans (1–5)"), choices=[(n, str(n)) for n in range(1, 6)], coerce=int, initial=3
    )
    impact = forms.TypedChoiceField(
        label=_("Impact (1–5)"), choices=[(n, str(n)) for n in range(1, 6)], coerce=int, initial=3
    )

    class Meta:
        model = Risk
        fields = [
            "title",
            "description",
            "probability",
            "impact",
            "owner",
            "mitigation",
            "status",
            "review_date",
        ]
        field_classes = {"owner": PersonChoiceField}
        widgets = {
            "review_date": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "mitigation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "owner").queryset = members_of(municipality)
