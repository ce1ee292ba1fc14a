"""The milestone form."""

from __future__ import annotations

from django import forms

from ..models import Milestone
from .widgets import DATE


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["name", "baseline_date", "forecast_date", "actual_date"]
        widgets = {"baseline_date": DATE, "forecast_date": DATE, "actual_date": DATE}
