"""A body's decision on an initiative, and a meeting with its agenda."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koersvast.core.formfields import model_choice_field
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality

from ..choices import DecisionOutcome
from ..configuration import bodies_offered
from ..models import DecisionBody, Meeting


class DecisionForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Gremium"), queryset=DecisionBody.objects.none())
    meeting = forms.ModelChoiceField(
        label=_("Vergadering"), queryset=Meeting.objects.none(), required=False
    )
    outcome = forms.ChoiceField(
        label=_("Besluit"), choices=DecisionOutcome.choices, widget=forms.RadioSelect
    )
    rationale = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3}))
    conditions = forms.CharField(
        label=_("Voorwaarden"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "body").queryset = bodies_offered(municipality)
        model_choice_field(self, "meeting").queryset = Meeting.objects.in_municipality(municipality)


class MeetingForm(forms.ModelForm):
    """A meeting of a body with the initiatives on its agenda."""

    class Meta:
        model = Meeting
        fields = ["body", "date", "title", "agenda"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "agenda": forms.CheckboxSelectMultiple,
        }

    confirm_open_advice = forms.BooleanField(
        label=_("Toch agenderen: ik weet dat er nog advies openstaat"), required=False
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "body").queryset = bodies_offered(
            municipality, self.instance.body_id
        )
        model_choice_field(self, "agenda").queryset = Initiative.objects.in_municipality(
            municipality
        ).filter(state="besluitvorming")
        self.fields["agenda"].required = False
        # Initiative → names of the advice asked and not yet given (filled by `clean`).
        self.open_advice: dict[Initiative, list[str]] = {}

    def clean(self) -> dict[str, Any]:
        """Advice still open on an initiative put on the agenda is a warning the portfolio
        manager confirms before the meeting is saved."""
        from ..selectors.dossier import open_advice

        cleaned = super().clean() or {}
        agenda = list(cleaned.get("agenda") or [])
        found = open_advice([i.pk for i in agenda]) if agenda else {}
        self.open_advice = {i: found[i.pk] for i in agenda if i.pk in found}
        if self.open_advice and not cleaned.get("confirm_open_advice"):
            self.add_error(
                "confirm_open_advice",
                _("Er staat nog gevraagd advies open; bevestig dat u toch agendeert."),
            )
        return cleaned
