"""An entry criterion of the municipality."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koersvast.core.formfields import model_choice_field
from koersvast.portfolio.models import CustomField, Domain
from koersvast.tenancy.models import Municipality

from ..models import AdviceKind, EntryCriterion


class CriterionForm(forms.ModelForm):
    class Meta:
        model = EntryCriterion
        fields = [
            "code",
            "name",
            "description",
            "kind",
            "required_field",
            "custom_field",
            "advice_kind",
            "if_domain",
            "if_budget_over",
            "if_political_urgency",
            "is_active",
            "order",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        model_choice_field(self, "if_domain").queryset = Domain.objects.in_municipality(
            municipality
        ).offered(self.instance.if_domain_id)
        model_choice_field(self, "custom_field").queryset = CustomField.objects.in_municipality(
            municipality
        ).offered(self.instance.custom_field_id)
        kinds = AdviceKind.objects.in_municipality(municipality).offered_codes(
            self.instance.advice_kind
        )
        self.fields["advice_kind"] = forms.ChoiceField(
            label=self.fields["advice_kind"].label,
            required=False,
            choices=[("", "—"), *((kind.code, kind.name) for kind in kinds)],
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        if kind == "field":
            chosen = [n for n in ("required_field", "custom_field") if data.get(n)]
            if not chosen:
                self.add_error("required_field", _("Kies welk gegeven vereist is."))
            elif len(chosen) == 2:
                self.add_error(
                    "custom_field", _("Kies óf een vast gegeven óf een eigen veld, niet beide.")
                )
        elif data.get("custom_field"):
            data["custom_field"] = None
            self.instance.custom_field = None
        if kind == "advice" and not data.get("advice_kind"):
            self.add_error("advice_kind", _("Kies welk advies vereist is."))
        code = data.get("code")
        duplicates = EntryCriterion.objects.filter(municipality=self.municipality, code=code)
        if code and duplicates.exclude(pk=self.instance.pk).exists():
            self.add_error("code", _("Deze code is al in gebruik."))
        return data
