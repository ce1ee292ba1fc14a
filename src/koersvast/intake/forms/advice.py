"""Asking, giving and answering expert advice."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koersvast.core.formfields import choice_field

from ..choices import Verdict
from ..models import AdviceKind


class AdviceRequestForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Advies vragen aan"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, kinds: list[AdviceKind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "kinds").choices = [(kind.code, kind.name) for kind in kinds]


class AdviceResponseForm(forms.Form):
    response = forms.CharField(
        label=_("Reactie op het advies"), widget=forms.Textarea(attrs={"rows": 3})
    )


class AdviceForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Oordeel"), choices=Verdict.choices, widget=forms.RadioSelect
    )
    explanation = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 4}))
    conditions = forms.CharField(
        label=_("Voorwaarden of alternatief"),
        required=False,
        help_text=_("Verplicht bij een negatief of voorwaardelijk advies: hoe kan het wél?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    risks = forms.CharField(
        label=_("Risico's (één per regel)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
