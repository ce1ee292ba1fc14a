from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koersvast.core.formfields import model_choice_field
from koersvast.tenancy.models import Municipality


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Naam"),
        max_length=100,
        help_text=_(
            "Waarvoor u de sleutel gebruikt, bijv. 'Power Automate' of 'rapportagescript'."
        ),
    )
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"), queryset=Municipality.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "municipality").queryset = municipalities
