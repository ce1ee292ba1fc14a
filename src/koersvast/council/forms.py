"""Forms of the bestuurlijke agenda, scoped to one municipality; the API validates with them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koersvast.core.formfields import choice_field, model_choice_field
from koersvast.intake.models import Decision, DecisionBody
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality

from .choices import ADOPTED_KINDS, ItemStatus
from .models import AgendaMoment, CouncilItem, CouncilSettings
from .selectors import owner_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AgendaMomentForm(forms.ModelForm):
    class Meta:
        model = AgendaMoment
        fields = ["kind", "subject", "body", "planned_on", "held_on", "decision", "note"]
        widgets = {"planned_on": DATE, "held_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(
        self, *args: Any, municipality: Municipality, initiative: Initiative, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        bodies = DecisionBody.objects.in_municipality(municipality)
        model_choice_field(self, "body").queryset = bodies.filter(retired_at=None) | bodies.filter(
            pk=self.instance.body_id or 0
        )
        model_choice_field(self, "decision").queryset = Decision.objects.filter(
            municipality=municipality, initiative=initiative
        ).select_related("body", "initiative")
        self.fields["decision"].help_text = _(
            "Een besluit over dit initiatief uit de besluitenlijst, zodra het is genomen."
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("decision") is not None and data.get("held_on") is None:
            self.add_error("held_on", _("Een moment met een besluit heeft een werkelijke datum."))
        return data


class CouncilItemForm(forms.ModelForm):
    owner = forms.TypedChoiceField(label=_("Eigenaar"), coerce=int)

    class Meta:
        model = CouncilItem
        fields = [
            "kind",
            "number",
            "title",
            "summary",
            "dated_on",
            "due_on",
            "status",
            "resolution",
            "initiatives",
        ]
        widgets = {
            "dated_on": DATE,
            "due_on": DATE,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "resolution": forms.Textarea(attrs={"rows": 3}),
            "initiatives": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        choices = owner_choices(municipality)
        choice_field(self, "owner").choices = [("", ""), *choices]
        self.fields["owner"].help_text = _(
            "Wie ervoor zorgt dat de toezegging of motie wordt afgedaan."
        )
        if self.instance.owner_id and not self.is_bound:
            self.initial["owner"] = self.instance.owner_id
        model_choice_field(self, "initiatives").queryset = Initiative.objects.in_municipality(
            municipality
        ).only("id", "reference", "title")
        self.fields["initiatives"].help_text = _(
            "Een of meer initiatieven (Ctrl of Cmd voor meer)."
        )
        # Field order: the owner after the dates.
        order = list(self.fields)
        order.remove("owner")
        order.insert(order.index("due_on"), "owner")
        self.order_fields(order)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind, number = data.get("kind"), (data.get("number") or "").strip()
        if kind in ADOPTED_KINDS and not number:
            self.add_error("number", _("Een motie of amendement heeft het nummer van de raad."))
        dated, due = data.get("dated_on"), data.get("due_on")
        if dated and due and due < dated:
            self.add_error("due_on", _("De uiterste datum ligt niet voor de datum."))
        status = data.get("status")
        if (
            status in (ItemStatus.DONE, ItemStatus.LAPSED)
            and not (data.get("resolution") or "").strip()
        ):
            self.add_error(
                "resolution", _("Leg uit hoe het is afgedaan of waarom het is vervallen.")
            )
        return data

    def save(self, commit: bool = True) -> CouncilItem:
        self.instance.owner_id = self.cleaned_data["owner"]
        return super().save(commit=commit)


class CouncilSettingsForm(forms.ModelForm):
    class Meta:
        model = CouncilSettings
        fields = ["publish_decisions"]
