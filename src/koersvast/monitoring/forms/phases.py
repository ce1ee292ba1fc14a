"""The phase-gate form and the phase-model editor."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koersvast.core.formfields import choice_field

from ..selectors.phases import MAX_PHASES, PhaseStep


class PhaseForm(forms.Form):
    documents = forms.MultipleChoiceField(
        label=_("Aanwezige documenten"), widget=forms.CheckboxSelectMultiple, required=False
    )
    note = forms.CharField(
        label=_("Toelichting bij het besluit"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args: Any, documents: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "documents").choices = [(d, d) for d in documents]


class PhaseRowForm(forms.Form):
    """One phase in the phase-model editor; an empty name leaves the row out."""

    code = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)
    name = forms.CharField(label=_("Naam van de fase"), max_length=80, required=False)
    documents = forms.CharField(
        label=_("Vereiste documenten voor de fasepoort (één per regel)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def step(self) -> PhaseStep:
        data = self.cleaned_data
        return PhaseStep(data["code"], data["name"], data["documents"].splitlines())


PhaseModelFormSet = forms.formset_factory(
    PhaseRowForm, extra=2, can_order=True, can_delete=True, max_num=MAX_PHASES, absolute_max=50
)
