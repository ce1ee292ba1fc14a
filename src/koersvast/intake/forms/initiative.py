"""Forms of the intake, each scoped to the municipality it is used in."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from koersvast.capacity.models import CapacityPool
from koersvast.core import uploads
from koersvast.core.concurrency import VersionedFormMixin
from koersvast.core.formfields import choice_field, model_choice_field
from koersvast.core.grids import read_grid
from koersvast.core.numbers import parse_quantity
from koersvast.portfolio import custom_fields
from koersvast.portfolio.choices import (
    GOVERNED_FIELDS,
    RUNNING_WORK_STATES,
    CustomFieldStage,
    LifecycleState,
)
from koersvast.portfolio.models import BudgetProgramme, CustomField, Domain, Initiative
from koersvast.reference.models import Taakveld
from koersvast.tenancy.models import Municipality

from .choices import DecisionOutcome, RankingMethod, Verdict
from .configuration import bodies_offered
from .models import AdviceKind, DecisionBody, EntryCriterion, Meeting, WsjfEstimate

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_QUARTERS = 16
QUARTERS = [(q, f"Q{q}") for q in range(1, 5)]
FIBONACCI = [(n, str(n)) for n in (1, 2, 3, 5, 8, 13, 20)]


def members_of(municipality: Municipality) -> Any:
    return (
        get_user_model()
        .objects.filter(memberships__municipality=municipality, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class InitiativeForm(VersionedFormMixin, forms.ModelForm):
    """The submission form (indienformulier) for any employee."""

    class Meta:
        model = Initiative
        fields = [
            "title",
            "problem",
            "intended_result",
            "domain",
            "work_form",
            "taakveld",
            "budget_programme",
            "is_continuity",
            "is_statutory",
            "has_political_urgency",
            "urgency_requested_by",
            "urgency_reason",
            "political_sponsor",
            "official_sponsor",
            "contractor",
            "start_year",
            "start_quarter",
            "latest_year",
            "latest_quarter",
            "duration_quarters",
            "budget_capital",
            "budget_operating",
        ]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 4}),
            "intended_result": forms.Textarea(attrs={"rows": 3}),
            "urgency_reason": forms.Textarea(attrs={"rows": 2}),
            "start_quarter": forms.Select(choices=[("", "—"), *QUARTERS]),
            "latest_quarter": forms.Select(choices=[("", "—"), *QUARTERS]),
        }

    def __init__(
        self,
        *args: Any,
        municipality: Municipality,
        may_manage: bool = False,
        own_fields: list[CustomField] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self._own_fields(own_fields, may_manage)
        # Retired domains are not offered, except the one this initiative already has.
        model_choice_field(self, "domain").queryset = Domain.objects.in_municipality(
            municipality
        ).offered(self.instance.domain_id)
        self._programme_choices(municipality)
        model_choice_field(self, "taakveld").queryset = Taakveld.objects.filter(level="taakveld")
        people = members_of(municipality)
        for name in ("political_sponsor", "official_sponsor", "contractor"):
            label = self.fields[name].label
            self.fields[name] = PersonChoiceField(people, required=False, label=label)
        self.fields["duration_quarters"].widget.attrs.update(min=1, max=MAX_QUARTERS)
        if self.instance.pk is not None and self.instance.state in RUNNING_WORK_STATES:
            # Scope, budget and end of running work change only by a decision (0403).
            for name in GOVERNED_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Lopend werk: dit verandert alleen door een besluit van de opdrachtgever "
                    "(‘Besluit voorstellen’ op de pagina van het initiatief)."
                )

    def _own_fields(self, fields: list[CustomField] | None, may_manage: bool) -> None:
        """The municipality's own fields: submission fields for everyone (required ones
        required while drafting), intake fields only for the portfolio manager (required
        before the advice round, not on this form)."""
        if fields is None:
            fields = custom_fields.definitions(self.municipality.pk, include_retired=True)
        self.own_fields = custom_fields.offered_on_form(
            fields, self.instance, may_manage=may_manage
        )
        values = self.instance.custom_values or {}
        # Required while the submitter works on it; an initiative already past submission
        # (e.g. from before the field existed) can still be edited without it.
        drafting = self.instance.pk is None or self.instance.state in (
            LifecycleState.IDEA,
            LifecycleState.RETURNED,
        )
        for own in self.own_fields:
            required = (
                own.required
                and own.stage == CustomFieldStage.SUBMISSION
                and not own.is_retired
                and drafting
            )
            name = custom_fields.FORM_PREFIX + own.code
            self.fields[name] = custom_fields.form_field(own, required=required)
            current = values.get(own.code)
            if own.kind == "keuze" and current and current not in (own.options or []):
                # An option removed since keeps the value it gave (it is still offered here).
                offered = choice_field(self, name)
                # A keuze field's choices are a list of pairs (custom_fields.form_field).
                listed = cast("list[tuple[str, str]]", offered.choices)
                offered.choices = [*listed, (current, current)]
            self.initial[name] = custom_fields.initial_for_form(own, values.get(own.code))

    def own_field_groups(self) -> list[Any]:
        """The bound fields of the own fields, for the template."""
        return [self[custom_fields.FORM_PREFIX + own.code] for own in self.own_fields]

    def _clean_own_values(self) -> None:
        """Parse the own fields into their stored shape and put them on the instance (the
        services save `form.instance`, also from the API)."""
        current_values = self.instance.custom_values or {}
        changes: dict[str, Any] = {}
        for own in self.own_fields:
            name = custom_fields.FORM_PREFIX + own.code
            if name not in self.cleaned_data:
                continue  # the field has an error already
            raw = self.cleaned_data[name]
            if own.kind == "janee" and not own.required:
                raw = True if raw else None  # an unticked optional box stores nothing
            current = current_values.get(own.code)
            if own.kind == "keuze" and raw and raw == current:
                changes[own.code] = current  # kept, even when no longer an option
                continue
            try:
                changes[own.code] = custom_fields.parse_value(own, raw)
            except ValueError as error:
                self.add_error(name, str(error))
        self.instance.custom_values = custom_fields.merge(current_values, changes)

    def _programme_choices(self, municipality: Municipality) -> None:
        """With budget programmes set up in Beheer, the programme is chosen from that list
        (the initiative keeps the name, which reports and exports use)."""
        names = list(
            BudgetProgramme.objects.in_municipality(municipality)
            .active()
            .values_list("name", flat=True)
        )
        if not names:
            return
        current = self.instance.budget_programme
        if current and current not in names:
            names.append(current)
        field = self.fields["budget_programme"]
        self.fields["budget_programme"] = forms.ChoiceField(
            label=field.label,
            required=False,
            choices=[("", "—"), *((name, name) for name in names)],
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        self._clean_own_values()
        if data.get("has_political_urgency"):
            for name in ("urgency_requested_by", "urgency_reason"):
                if not (data.get(name) or "").strip():
                    self.add_error(name, _("Vul in wie om urgentie vraagt en waarom."))
        duration = data.get("duration_quarters") or 0
        if not 1 <= duration <= MAX_QUARTERS:
            self.add_error(
                "duration_quarters",
                _("De duur is 1 tot %(max)s kwartalen.") % {"max": MAX_QUARTERS},
            )
        for year, quarter in (("start_year", "start_quarter"), ("latest_year", "latest_quarter")):
            if (data.get(year) is None) != (data.get(quarter) is None):
                self.add_error(quarter, _("Vul jaar én kwartaal in, of geen van beide."))
        earliest = (data.get("start_year"), data.get("start_quarter"))
        latest = (data.get("latest_year"), data.get("latest_quarter"))
        if None not in earliest and None not in latest and latest < earliest:
            self.add_error("latest_year", _("De uiterste start ligt vóór de vroegste start."))
        for name in ("budget_capital", "budget_operating"):
            if (data.get(name) or 0) < 0:
                self.add_error(name, _("Een bedrag kan niet negatief zijn."))
        return data


def parse_demand(
    data: Any, pools: list[CapacityPool], duration: int
) -> tuple[dict[int, list[Decimal]], list[str]]:
    """Hours per pool per quarter of the run from the demand grid (`demand-<pool>-<quarter>`)."""
    demand: dict[int, list[Decimal]] = {}
    errors: list[str] = []
    names = {pool.pk: pool.name for pool in pools}
    grid = read_grid(
        data,
        "demand",
        [(pool.pk, offset) for pool in pools for offset in range(MAX_QUARTERS)],
        lambda raw: parse_quantity(raw, allow_negative=True),
        describe=lambda key, raw, _error: (
            _("%(pool)s, kwartaal %(q)s: '%(raw)s' is geen aantal uren.")
            % {"pool": names[key[0]], "q": key[1] + 1, "raw": raw}
        ),
    )
    for pool in pools:
        hours: list[Decimal] = []
        for offset in range(MAX_QUARTERS):
            if (pool.pk, offset) in grid.errors:
                errors.append(grid.errors[(pool.pk, offset)])
                continue
            value = grid.values[(pool.pk, offset)]
            if value is None:
                hours.append(Decimal(0))
                continue
            if value < 0 or value > 10_000:
                errors.append(
                    _("%(pool)s, kwartaal %(q)s: uren moeten tussen 0 en 10.000 liggen.")
                    % {"pool": pool.name, "q": offset + 1}
                )
            elif value and offset >= duration:
                errors.append(
                    _("%(pool)s, kwartaal %(q)s valt na de looptijd van %(d)s kwartalen.")
                    % {"pool": pool.name, "q": offset + 1, "d": duration}
                )
            hours.append(value)
        while hours and not hours[-1]:
            hours.pop()
        if hours:
            demand[pool.pk] = hours
    return demand, errors


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Bijlage toevoegen"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        # Size, an allowed type sniffed from the bytes and matching the extension; the name is
        # what is stored and offered for download, so it is sanitised.
        upload.name = uploads.validate_attachment(upload)
        return upload


class TransitionForm(forms.Form):
    target = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reden (voor iedereen zichtbaar)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


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


class WsjfForm(forms.ModelForm):
    """WSJF estimate on the SAFe scale (1, 2, 3, 5, 8, 13, 20)."""

    class Meta:
        model = WsjfEstimate
        fields = ["business_value", "time_criticality", "risk_reduction", "job_size"]
        widgets = {name: forms.Select(choices=FIBONACCI) for name in fields}


class RankingForm(forms.Form):
    ranking_method = forms.ChoiceField(
        label=_("Rangschik de backlog op"), choices=RankingMethod.choices, widget=forms.RadioSelect
    )


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
        from .selectors import open_advice

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
