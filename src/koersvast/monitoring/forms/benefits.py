"""Forms for benefits and their measurements."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koersvast.core.formfields import model_choice_field
from koersvast.framework.models import Objective
from koersvast.intake.forms.initiative import PersonChoiceField, members_of
from koersvast.tenancy.models import Municipality

from ..models import Benefit
from .widgets import DATE


class ObjectiveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}"


class BenefitForm(forms.ModelForm):
    class Meta:
        model = Benefit
        fields = ["name", "objective", "kpi", "unit", "baseline", "target", "target_date", "owner"]
        field_classes = {"owner": PersonChoiceField, "objective": ObjectiveChoiceField}
        widgets = {"target_date": DATE}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "owner").queryset = members_of(municipality)
        model_choice_field(self, "objective").queryset = (
            Objective.objects.in_municipality(municipality)
            .filter(framework__status="published")
            .order_by("code")
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("baseline") is not None and data.get("baseline") == data.get("target"):
            self.add_error("target", _("De streefwaarde moet verschillen van de nulmeting."))
        return data


class MeasurementForm(forms.Form):
    measured_on = forms.DateField(label=_("Meetdatum"), widget=DATE)
    value = forms.DecimalField(label=_("Waarde"), max_digits=14, decimal_places=2)
    note = forms.CharField(label=_("Toelichting"), max_length=300, required=False)
