"""Finance forms: amounts in the Dutch way (€ 2.000.000 or 2000000,00) with Dutch messages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koersvast.core.formfields import model_choice_field
from koersvast.core.numbers import parse_amount
from koersvast.intake.choices import BodyKind
from koersvast.intake.models import DecisionBody
from koersvast.tenancy.models import Municipality

from .choices import NAMED_SOURCES, BudgetVersionKind
from .models import (
    AssetCategory,
    ExploitationLine,
    FinanceSettings,
    Funding,
    Investment,
    RiskEffect,
)
from .services import CouncilDecision


class EuroField(forms.Field):
    """An amount in euros, typed as people do: 2.000.000, € 2.000.000,00 or 2000000."""

    widget = forms.TextInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "maxlength": "30"})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return f"{value:f}".removesuffix(".00")
        return value

    def to_python(self, value: Any) -> Decimal | None:
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        try:
            return parse_amount(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class TenantForm(forms.ModelForm):
    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality


class InvestmentForm(TenantForm):
    amount = EuroField(label=_("Investeringsbedrag (€)"))
    residual_value = EuroField(
        label=_("Restwaarde (€)"), required=False, help_text=_("Leeg: geen restwaarde.")
    )

    class Meta:
        model = Investment
        fields = [
            "description",
            "amount",
            "activation_year",
            "category",
            "term",
            "method",
            "residual_value",
            "utility",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "category").queryset = AssetCategory.objects.in_municipality(
            self.municipality
        )
        # Django's documented per-field label: the stubs only allow it on a subclass.
        model_choice_field(self, "category").label_from_instance = lambda obj: (  # type: ignore[method-assign]
            _("%(name)s (%(term)s jaar)") % {"name": obj.name, "term": obj.default_term}
        )

    def clean_residual_value(self) -> Decimal:
        return self.cleaned_data.get("residual_value") or Decimal(0)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        amount, residual = data.get("amount"), data.get("residual_value")
        if amount is not None and residual is not None and residual > amount:
            self.add_error(
                "residual_value",
                _("De restwaarde kan niet hoger zijn dan het investeringsbedrag."),
            )
        return data


class ExploitationLineForm(TenantForm):
    amount = EuroField(label=_("Bedrag (€)"))

    class Meta:
        model = ExploitationLine
        fields = ["year", "side", "nature", "amount", "description"]
        help_texts = {"nature": _("Structureel: vanaf dit jaar elk jaar.")}


class FundingForm(TenantForm):
    amount = EuroField(label=_("Bedrag (€)"))

    class Meta:
        model = Funding
        fields = ["source", "source_name", "year", "nature", "amount"]
        help_texts = {"nature": _("Structureel: vanaf dit jaar elk jaar.")}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("source") in NAMED_SOURCES and not (data.get("source_name") or "").strip():
            self.add_error(
                "source_name",
                _("Noem de reserve, voorziening, regeling of derde waaruit gedekt wordt."),
            )
        return data


class SettingsForm(TenantForm):
    class Meta:
        model = FinanceSettings
        fields = ["interest_rate", "depreciation_start", "certainty"]


class CategoryForm(TenantForm):
    class Meta:
        model = AssetCategory
        fields = ["name", "default_term"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = AssetCategory.objects.in_municipality(self.municipality).filter(name__iexact=name)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Er is al een categorie met deze naam."))
        return name


class RiskEffectForm(TenantForm):
    minimum = EuroField(label=_("Financieel effect minimaal of puntschatting (€)"))
    maximum = EuroField(
        label=_("Financieel effect maximaal (€)"),
        required=False,
        help_text=_("Leeg: een puntschatting."),
    )

    class Meta:
        model = RiskEffect
        fields = ["minimum", "maximum", "probability"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        low, high = data.get("minimum"), data.get("maximum")
        if low is not None and high is not None and high < low:
            self.add_error("maximum", _("Het maximum kan niet lager zijn dan het minimum."))
        return data


class CouncilDecisionForm(forms.Form):
    """The raadsbesluit that adopts a begroting or begrotingswijziging."""

    body: forms.ModelChoiceField[DecisionBody] = forms.ModelChoiceField(
        label=_("Besloten door"), queryset=None, empty_label=None
    )
    decided_on = forms.DateField(
        label=_("Datum raadsbesluit"), widget=forms.DateInput(attrs={"type": "date"})
    )
    decision_reference = forms.CharField(
        label=_("Kenmerk raadsbesluit"), max_length=100, required=False
    )
    rationale = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "body").queryset = (
            DecisionBody.objects.in_municipality(municipality)
            .active()
            .filter(kind=BodyKind.COUNCIL)
        )
        self.fields["body"].help_text = _(
            "Alleen de gemeenteraad stelt de begroting en begrotingswijzigingen vast."
        )

    def decision(self) -> CouncilDecision:
        data = self.cleaned_data
        return CouncilDecision(
            body=data["body"],
            decided_on=data["decided_on"],
            reference=data["decision_reference"],
            rationale=data["rationale"],
        )


class BudgetImportForm(CouncilDecisionForm):
    """The version an import of budget lines becomes, with the raadsbesluit."""

    budget_year = forms.IntegerField(label=_("Begrotingsjaar"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Soort versie"), choices=BudgetVersionKind.choices)
    field_order = ["budget_year", "kind", "body", "decided_on", "decision_reference", "rationale"]
