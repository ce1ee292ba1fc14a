"""The WSJF estimate and the ranking method."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..choices import RankingMethod
from ..models import WsjfEstimate

FIBONACCI = [(n, str(n)) for n in (1, 2, 3, 5, 8, 13, 20)]


class WsjfForm(forms.ModelForm):
    """WSJF estimate on the SAFe scale (1, 2, 3, 5, 8, 13, 20)."""

    class Meta:
        model = WsjfEstimate
        fields = ["business_value", "time_criticality", "risk_reduction", "job_size"]
        widgets = {name: forms.Select(choices=FIBONACCI) for name in fields}


class RankingForm(forms.Form):
    ranking_method = forms.ChoiceField(
        label=_("Rangschik de backlog op"), choices=RankingMethod.choices, widget=forms.RadioSelect
    )
