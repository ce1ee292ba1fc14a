"""Forms of the portfolio pages: a dependency and an alternative on the initiative page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koersvast.core.formfields import model_choice_field

from .choices import DependencyKind
from .dependencies import MAX_LAG_QUARTERS
from .models import Initiative


class InitiativeChoiceField(forms.ModelChoiceField[Initiative]):
    def label_from_instance(self, obj: Initiative) -> str:
        return f"{obj.reference} {obj.title}"


def _others(initiative: Initiative) -> Any:
    return (
        Initiative.objects.in_municipality(initiative.municipality)
        .exclude(pk=initiative.pk)
        .only("pk", "reference", "title")
        .order_by("reference")
    )


class DependencyForm(forms.Form):
    """This initiative (B) [kind] the chosen one (A)."""

    kind = forms.ChoiceField(label=_("Dit initiatief"), choices=DependencyKind.choices)
    predecessor = InitiativeChoiceField(label=_("Initiatief"), queryset=Initiative.objects.none())
    lag_quarters = forms.IntegerField(
        label=_("Wachttijd (kwartalen)"),
        min_value=0,
        max_value=MAX_LAG_QUARTERS,
        initial=0,
        required=False,
        help_text=_("Alleen bij ‘start na afronding van’: kwartalen tussen het einde en de start."),
    )

    def __init__(self, *args: Any, initiative: Initiative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "predecessor").queryset = _others(initiative)


class AlternativeForm(forms.Form):
    """Put this initiative in a group of alternatives: with another initiative or by name."""

    other = InitiativeChoiceField(
        label=_("Alternatief van"), queryset=Initiative.objects.none(), required=False
    )
    group_name = forms.CharField(label=_("of groep (naam)"), max_length=200, required=False)

    def __init__(self, *args: Any, initiative: Initiative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "other").queryset = _others(initiative)
