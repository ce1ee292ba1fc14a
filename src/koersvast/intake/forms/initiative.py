"""The submission form (indienformulier) with its demand grid, attachments and transitions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

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

MAX_QUARTERS = 16
QUARTERS = [(q, f"Q{q}") for q in range(1, 5)]


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
