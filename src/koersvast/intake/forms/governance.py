"""Proposals about running work and the decision on them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koersvast.core.formfields import choice_field, model_choice_field

from ..models import DecisionBody

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
from .initiative import QUARTERS


class GovernanceProposalForm(forms.Form):
    """A proposal about running work: stop, pause, resume, or change scope, budget or end."""

    kind = forms.ChoiceField(label=_("Voorstel"), widget=forms.RadioSelect)
    rationale = forms.CharField(
        label=_("Onderbouwing"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    effective_date = forms.DateField(
        label=_("Ingangsdatum"),
        required=False,
        help_text=_("Leeg: vandaag. Bij pauzeren: vanaf deze datum komt de capaciteit vrij."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    new_intended_result = forms.CharField(
        label=_("Nieuw beoogd resultaat (scope)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    new_budget_capital = forms.DecimalField(
        label=_("Nieuw krediet (€)"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    new_budget_operating = forms.DecimalField(
        label=_("Nieuwe exploitatie (€)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )
    new_end_year = forms.IntegerField(
        label=_("Nieuw eindjaar"), required=False, min_value=2000, max_value=2100
    )
    new_end_quarter = forms.TypedChoiceField(
        label=_("Nieuw eindkwartaal"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *QUARTERS],
    )

    def __init__(
        self, *args: Any, kinds: Sequence[tuple[str, StrOrPromise]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "kind").choices = kinds


class GovernanceDecisionForm(forms.Form):
    """The decision on a proposal: by the ambtelijk opdrachtgever or recorded for a body."""

    body = forms.ModelChoiceField(
        label=_("Besloten door"), queryset=DecisionBody.objects.none(), required=False
    )
    approve = forms.TypedChoiceField(
        label=_("Besluit"),
        choices=[("1", _("Voorstel aannemen")), ("0", _("Voorstel niet aannemen"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    rationale = forms.CharField(
        label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    def __init__(self, *args: Any, bodies: Any, as_sponsor: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = model_choice_field(self, "body")
        field.queryset = bodies
        field.required = not as_sponsor
        field.empty_label = (
            _("De ambtelijk opdrachtgever (ikzelf)") if as_sponsor else _("Kies een gremium")
        )
        field.help_text = _("Een gremium besluit binnen zijn mandaat.")
