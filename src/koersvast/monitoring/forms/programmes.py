"""Forms for opgaven, programmes, programme reports and a programme's own benefits."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koersvast.core.formfields import model_choice_field
from koersvast.framework.models import Objective
from koersvast.intake.forms.initiative import PersonChoiceField, members_of
from koersvast.intake.models import DecisionBody
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality

from ..models import Benefit, Opgave, Programme, ProgrammeReport
from ..selectors.steering import published_objectives
from .benefits import BenefitForm
from .reports import QUARTERS


class InitiativeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.reference} {obj.title}"


class ObjectivesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}"


def objectives_field() -> ObjectivesField:
    return ObjectivesField(
        label=_("Doelstellingen"),
        queryset=Objective.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Doelstellingen uit het vastgestelde afwegingskader waar dit aan bijdraagt."),
    )


class OpgaveForm(forms.ModelForm):
    """Maatschappelijke opgave die programma's bundelt, met eigenaar en doelen."""

    objectives = objectives_field()

    class Meta:
        model = Opgave
        fields = ["name", "description", "owner", "objectives", "goals"]
        field_classes = {"owner": PersonChoiceField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "goals": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        model_choice_field(self, "owner").queryset = members_of(municipality)
        model_choice_field(self, "objectives").queryset = published_objectives(municipality)
        if self.instance.pk:
            self.fields["objectives"].initial = list(
                self.instance.objectives.values_list("pk", flat=True)
            )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = Opgave.objects.in_municipality(self.municipality).filter(name__iexact=name)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Er is al een opgave met deze naam."))
        return name


class ProgrammeForm(forms.ModelForm):
    """Programma met doelen, eigenaar, stuurgroep, budget en de initiatieven die erbij horen."""

    objectives = objectives_field()
    initiatives = InitiativeChoiceField(
        label=_("Initiatieven"),
        queryset=Initiative.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Een initiatief hoort bij hoogstens één programma; kiezen verplaatst het."),
    )

    class Meta:
        model = Programme
        fields = ["name", "objectives", "goals", "owner", "opgave", "steering_group", "own_budget"]
        field_classes = {"owner": PersonChoiceField}
        widgets = {"goals": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "owner").queryset = members_of(municipality)
        model_choice_field(self, "opgave").queryset = Opgave.objects.in_municipality(municipality)
        model_choice_field(self, "steering_group").queryset = DecisionBody.objects.in_municipality(
            municipality
        ).offered(self.instance.steering_group_id)
        model_choice_field(self, "objectives").queryset = published_objectives(municipality)
        model_choice_field(self, "initiatives").queryset = Initiative.objects.in_municipality(
            municipality
        ).order_by("reference")
        if self.instance.pk:
            self.fields["initiatives"].initial = list(
                self.instance.links.values_list("initiative_id", flat=True)
            )
            self.fields["objectives"].initial = list(
                self.instance.objectives.values_list("pk", flat=True)
            )

    def clean_own_budget(self) -> Any:
        value = self.cleaned_data.get("own_budget")
        if value is not None and value < 0:
            raise forms.ValidationError(_("Een budget is niet negatief."))
        return value


class ProgrammeReportForm(forms.ModelForm):
    """Programmarapportage: kwartaal, stoplicht en samenvatting van de programmamanager."""

    quarter = forms.TypedChoiceField(label=_("Kwartaal"), choices=QUARTERS, coerce=int)

    class Meta:
        model = ProgrammeReport
        fields = ["year", "quarter", "rag", "summary", "decisions_needed"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "decisions_needed": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The period of an existing report is fixed: a new quarter is a new report.
            for name in ("year", "quarter"):
                self.fields[name].disabled = True


class ProgrammeBenefitForm(BenefitForm):
    """Baat van het programma zelf, met de initiatieven die haar leveren (batenkaart)."""

    delivered_by = InitiativeChoiceField(
        label=_("Geleverd door"),
        queryset=Initiative.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("De initiatieven van dit programma die aan deze baat bijdragen."),
    )

    class Meta(BenefitForm.Meta):
        model = Benefit

    def __init__(self, *args: Any, municipality: Municipality, programme: Programme, **kw: Any):
        super().__init__(*args, municipality=municipality, **kw)
        model_choice_field(self, "delivered_by").queryset = Initiative.objects.filter(
            programme_link__programme=programme
        ).order_by("reference")
