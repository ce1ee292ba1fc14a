"""Forms of the planning app (input parsing only; the services check the rules)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koersvast.capacity.models import CapacityPool
from koersvast.core.formfields import choice_field, model_choice_field
from koersvast.core.numbers import parse_amount
from koersvast.core.periods import Quarter
from koersvast.intake.models import DecisionBody
from koersvast.portfolio.choices import BudgetKind
from koersvast.tenancy.models import Municipality

from . import levers
from .choices import NotDoneState, UrgencyOption
from .models import PlanningSettings
from .selectors.urgency import plannable_initiatives

if TYPE_CHECKING:
    from koersvast.portfolio.models import Initiative


def period_choices(settings: PlanningSettings, blank: bool = True) -> list[tuple[str, str]]:
    choices = [(Quarter(*period).label, Quarter(*period).label) for period in settings.periods()]
    return ([("", "—")] if blank else []) + choices


def chosen_quarter(value: str) -> tuple[int | None, int | None]:
    """The quarter chosen from `period_choices` ("2027-Q3") as (year, quarter); none chosen is
    (None, None). (A period *filter*, "2026" or "2026-Q2", is portfolio's `parse_period`.)"""
    return Quarter.parse(value) if value else (None, None)


class ScenarioForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    description = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class LeverForm(forms.Form):
    """A lever of one kind. Every field is rendered, those of other kinds hidden: `lever.js`
    shows the chosen kind's fields at once; without JavaScript, "Velden tonen" reloads the page
    for the chosen kind (`?hefboom=`). Which fields a kind uses, and what it needs, is the
    kind's module in `levers/`; a field here fills the `Lever` columns `levers.COLUMNS` names."""

    kind = forms.ChoiceField(label=_("Soort hefboom"), choices=levers.kind_choices)
    initiative: forms.ModelChoiceField[Initiative] = forms.ModelChoiceField(
        label=_("Initiatief"), queryset=None, required=False, empty_label="—"
    )
    pool: forms.ModelChoiceField[CapacityPool] = forms.ModelChoiceField(
        label=_("Pool"), queryset=None, required=False, empty_label="—"
    )
    period = forms.ChoiceField(label=_("Vanaf / start (kwartaal)"), required=False)
    latest = forms.ChoiceField(label=_("Uiterlijke start (kwartaal)"), required=False)
    fte = forms.DecimalField(
        label=_("Fte erbij (negatief: eraf)"), required=False, max_digits=6, decimal_places=2
    )
    headroom_pct = forms.IntegerField(
        label=_("Planningsruimte (%)"), required=False, min_value=1, max_value=100
    )
    budget_kind = forms.ChoiceField(
        label=_("Soort budget"), required=False, choices=[("", "—"), *BudgetKind.choices]
    )
    amount = forms.CharField(
        label=_("Bedrag per jaar erbij (negatief: eraf) (€)"),
        required=False,
        max_length=30,
        help_text=_("Geldt vanaf het jaar van het gekozen kwartaal."),
    )
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=300)

    def __init__(
        self, *args: Any, municipality: Municipality, settings: PlanningSettings, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "initiative").queryset = plannable_initiatives(
            municipality=municipality
        )
        model_choice_field(self, "pool").queryset = CapacityPool.objects.in_municipality(
            municipality
        )
        choice_field(self, "period").choices = period_choices(settings)
        choice_field(self, "latest").choices = period_choices(settings)

    def clean_amount(self) -> Decimal | None:
        raw = (self.cleaned_data.get("amount") or "").strip()
        if not raw:
            return None
        try:
            amount = parse_amount(raw, allow_negative=True)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
        return amount.quantize(Decimal("1"))

    @property
    def chosen_kind(self) -> str:
        """The kind whose fields show: the submitted or initial kind, else the first."""
        value = self.data.get("kind") if self.is_bound else self.initial.get("kind")
        return value if value in levers.KINDS else levers.ordered()[0].key

    def rows(self) -> list[tuple[Any, str, bool]]:
        """(bound field, the kinds that use it, hidden now) in form order."""
        chosen = self.chosen_kind
        rows = []
        for field in self:
            if field.name in ("kind", "note"):
                rows.append((field, "", False))
                continue
            kinds = [kind.key for kind in levers.ordered() if field.name in kind.fields]
            rows.append((field, " ".join(kinds), chosen not in kinds))
        return rows

    def lever_values(self) -> dict[str, Any]:
        # Only the chosen kind's fields count: a hidden field may still hold an earlier value.
        used = levers.kind_of(self.cleaned_data["kind"]).fields
        data = {
            name: value if name in used or name in ("kind", "note") else None
            for name, value in self.cleaned_data.items()
        }
        year, quarter = chosen_quarter(data["period"] or "")
        latest_year, latest_quarter = chosen_quarter(data["latest"] or "")
        return {
            "kind": data["kind"],
            "initiative": data["initiative"],
            "pool": data["pool"],
            "year": year,
            "quarter": quarter,
            "latest_year": latest_year,
            "latest_quarter": latest_quarter,
            "fte": data["fte"],
            "headroom_pct": data["headroom_pct"],
            "budget_kind": data["budget_kind"] or "",
            "amount": data["amount"],
            "note": data["note"],
        }


class DecisionForm(forms.Form):
    body: forms.ModelChoiceField[DecisionBody] = forms.ModelChoiceField(
        label=_("Gremium"), queryset=None, empty_label=None
    )
    rationale = forms.CharField(
        label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "body").queryset = DecisionBody.objects.in_municipality(
            municipality
        )


class UrgencyDecisionForm(DecisionForm):
    option = forms.ChoiceField(
        label=_("Gekozen optie"), choices=UrgencyOption.choices, widget=forms.RadioSelect
    )
    not_done = forms.ChoiceField(
        label=_("Bij 'niet doen': het initiatief"),
        choices=[*NotDoneState.choices, ("", _("Status ongewijzigd laten"))],
        required=False,
        initial=NotDoneState.PARKED,
        widget=forms.RadioSelect,
    )

    field_order = ["option", "not_done", "body", "rationale"]

    def __init__(
        self,
        *args: Any,
        municipality: Municipality,
        options: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, municipality=municipality, **kwargs)
        if options is not None:
            # Only the options that were possible when they were computed.
            choice_field(self, "option").choices = [
                (value, label)
                for value, label in UrgencyOption.choices
                if value == UrgencyOption.DO_NOTHING or options.get(value, {}).get("possible")
            ]


class UrgencyStartForm(forms.Form):
    initiative: forms.ModelChoiceField[Initiative] = forms.ModelChoiceField(
        label=_("Initiatief"), queryset=None, empty_label=None
    )
    period = forms.ChoiceField(label=_("Gevraagde start"), required=False)

    def __init__(
        self, *args: Any, municipality: Municipality, settings: PlanningSettings, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "initiative").queryset = plannable_initiatives(
            municipality=municipality
        )
        own_start = ("", _("Gevraagde start van het initiatief"))
        choice_field(self, "period").choices = [own_start, *period_choices(settings, blank=False)]


class SettingsForm(forms.ModelForm):
    class Meta:
        model = PlanningSettings
        fields = ["first_year", "first_quarter", "horizon", "headroom_pct", "granularity"]
