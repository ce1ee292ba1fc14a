"""Forms for opgaven and programmes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koersvast.intake.forms import PersonChoiceField, members_of
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality

from ..models import Opgave, Programme


class InitiativeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.reference} {obj.title}"


class OpgaveForm(forms.ModelForm):
    """Maatschappelijke opgave die programma's bundelt."""

    class Meta:
        model = Opgave
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = Opgave.objects.in_municipality(self.municipality).filter(name__iexact=name)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Er is al een opgave met deze naam."))
        return name


class ProgrammeForm(forms.ModelForm):
    """Programma met doelen, eigenaar en de initiatieven die erbij horen."""

    initiatives = InitiativeChoiceField(
        label=_("Initiatieven"),
        queryset=Initiative.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Een initiatief hoort bij hoogstens één programma; kiezen verplaatst het."),
    )

    class Meta:
        model = Programme
        fields = ["name", "goals", "owner", "opgave"]
        field_classes = {"owner": PersonChoiceField}
        widgets = {"goals": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members_of(municipality)
        self.fields["opgave"].queryset = Opgave.objects.in_municipality(municipality)
        self.fields["initiatives"].queryset = Initiative.objects.in_municipality(
            municipality
        ).order_by("reference")
        if self.instance.pk:
            self.fields["initiatives"].initial = list(
                self.instance.links.values_list("initiative_id", flat=True)
            )
