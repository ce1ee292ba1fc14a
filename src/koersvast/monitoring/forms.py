"""Forms of monitoring, each scoped to the municipality they are used in."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from koersvast.core import uploads
from koersvast.core.concurrency import VersionedFormMixin
from koersvast.framework.models import Objective
from koersvast.intake.forms import PersonChoiceField, members_of
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality

from .budget import parse_amount
from .choices import BudgetKind, MeetingKind, Rag
from .models import Benefit, Milestone, Opgave, Programme, ProgressReport, Risk
from .phases import MAX_PHASES, PhaseStep
from .services import BudgetEntry

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
QUARTERS = [(q, f"Q{q}") for q in range(1, 5)]


class InitiativeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.reference} {obj.title}"


class OpgaveForm(forms.ModelForm):
    """Maatschappelijke opgave die programma's bundelt."""

    class Meta:
        model = Opgave
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = Opgave.objects.in_municipality(self.municipality).filter(name__iexact=name)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Er is al een opgave met deze naam."))
        return name


class ProgrammeForm(forms.ModelForm):
    """Programma met doelen, eigenaar en de initiatieven die erbij horen."""

    initiatives = InitiativeChoiceField(
        label=_("Initiatieven"),
        queryset=Initiative.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Een initiatief hoort bij hoogstens één programma; kiezen verplaatst het."),
    )

    class Meta:
        model = Programme
        fields = ["name", "goals", "owner", "opgave"]
        field_classes = {"owner": PersonChoiceField}
        widgets = {"goals": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members_of(municipality)
        self.fields["opgave"].queryset = Opgave.objects.in_municipality(municipality)
        self.fields["initiatives"].queryset = Initiative.objects.in_municipality(
            municipality
        ).order_by("reference")
        if self.instance.pk:
            self.fields["initiatives"].initial = list(
                self.instance.links.values_list("initiative_id", flat=True)
            )


class ReportForm(VersionedFormMixin, forms.ModelForm):
    """Voortgangsrapportage: een kleur per aspect, toelichting, prognose, gevraagde besluiten."""

    quarter = forms.TypedChoiceField(label=_("Kwartaal"), choices=QUARTERS, coerce=int)

    class Meta:
        model = ProgressReport
        fields = [
            "year",
            "quarter",
            "rag_time",
            "rag_money",
            "rag_scope",
            "rag_quality",
            "rag_risks",
            "rag_capacity",
            "rag_support",
            "narrative",
            "forecast",
            "decisions_needed",
        ]
        widgets = {
            "narrative": forms.Textarea(attrs={"rows": 5}),
            "forecast": forms.Textarea(attrs={"rows": 3}),
            "decisions_needed": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "narrative": {"required": _("Licht de voortgang toe.")},
            **{
                f: {"required": _("Kies een kleur voor dit aspect.")}
                for f in (
                    "rag_time",
                    "rag_money",
                    "rag_scope",
                    "rag_quality",
                    "rag_risks",
                    "rag_capacity",
                    "rag_support",
                )
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The period of an existing report is fixed (a correction keeps its quarter).
            self.fields["year"].disabled = True
            self.fields["quarter"].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        colours = [data.get(name) for name in self.Meta.fields if name.startswith("rag_")]
        explained = (data.get("decisions_needed") or "").strip() or (
            data.get("forecast") or ""
        ).strip()
        if Rag.RED in colours and not explained:
            self.add_error(
                "forecast", _("Bij een rood aspect hoort een prognose of een gevraagd besluit.")
            )
        return data


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["name", "baseline_date", "forecast_date", "actual_date"]
        widgets = {"baseline_date": DATE, "forecast_date": DATE, "actual_date": DATE}


class RiskForm(forms.ModelForm):
    probability = forms.TypedChoiceField(
        label=_("Kans (1–5)"), choices=[(n, str(n)) for n in range(1, 6)], coerce=int, initial=3
    )
    impact = forms.TypedChoiceField(
        label=_("Impact (1–5)"), choices=[(n, str(n)) for n in range(1, 6)], coerce=int, initial=3
    )

    class Meta:
        model = Risk
        fields = [
            "title",
            "description",
            "probability",
            "impact",
            "owner",
            "mitigation",
            "status",
            "review_date",
        ]
        field_classes = {"owner": PersonChoiceField}
        widgets = {
            "review_date": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "mitigation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members_of(municipality)


class ObjectiveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}"


class BenefitForm(forms.ModelForm):
    class Meta:
        model = Benefit
        fields = ["name", "objective", "kpi", "unit", "baseline", "target", "target_date", "owner"]
        field_classes = {"owner": PersonChoiceField, "objective": ObjectiveChoiceField}
        widgets = {"target_date": DATE}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members_of(municipality)
        self.fields["objective"].queryset = (
            Objective.objects.in_municipality(municipality)
            .filter(framework__status="published")
            .order_by("code")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("baseline") is not None and data.get("baseline") == data.get("target"):
            self.add_error("target", _("De streefwaarde moet verschillen van de nulmeting."))
        return data


class MeasurementForm(forms.Form):
    measured_on = forms.DateField(label=_("Meetdatum"), widget=DATE)
    value = forms.DecimalField(label=_("Waarde"), max_digits=14, decimal_places=2)
    note = forms.CharField(label=_("Toelichting"), max_length=300, required=False)


class BudgetImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-bestand met realisatie"),
        help_text=_(
            "Kolommen kenmerk, jaar, soort (krediet/exploitatie) en bedrag; "
            "gescheiden door puntkomma of komma; decimale komma mag."
        ),
        validators=[uploads.validate_csv],  # size, text without NUL bytes
    )
    dry_run = forms.BooleanField(
        label=_("Alleen controleren (proefimport)"), required=False, initial=True
    )


class PhaseForm(forms.Form):
    documents = forms.MultipleChoiceField(
        label=_("Aanwezige documenten"), widget=forms.CheckboxSelectMultiple, required=False
    )
    note = forms.CharField(
        label=_("Toelichting bij het besluit"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args: Any, documents: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["documents"].choices = [(d, d) for d in documents]


class PhaseRowForm(forms.Form):
    """One phase in the phase-model editor; an empty name leaves the row out."""

    code = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)
    name = forms.CharField(label=_("Naam van de fase"), max_length=80, required=False)
    documents = forms.CharField(
        label=_("Vereiste documenten voor de fasepoort (één per regel)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def step(self) -> PhaseStep:
        data = self.cleaned_data
        return PhaseStep(data["code"], data["name"], data["documents"].splitlines())


PhaseModelFormSet = forms.formset_factory(
    PhaseRowForm, extra=2, can_order=True, can_delete=True, max_num=MAX_PHASES, absolute_max=50
)


class RagDefinitionForm(forms.Form):
    groen = forms.CharField(label=_("Groen betekent"), max_length=300)
    oranje = forms.CharField(label=_("Oranje betekent"), max_length=300)
    rood = forms.CharField(label=_("Rood betekent"), max_length=300)


MEETING_AGENDAS = {
    "projectstart": _(
        "1. Aanleiding, doel en scope\n2. Driehoek en rollen\n3. Planning en mijlpalen\n"
        "4. Risico's en afhankelijkheden\n5. Afspraken over rapportage en besluitvorming"
    ),
    "koersvast": _(
        "1. Voortgang per aspect (tijd, geld, scope, kwaliteit, risico's, capaciteit, draagvlak)\n"
        "2. Acties van het vorige gesprek\n3. Risico's en issues\n4. Benodigde besluiten\n"
        "5. Nieuwe acties"
    ),
}
ACTION_ROWS = 3


class ProjectMeetingForm(forms.Form):
    """A project start-up or koersvast-gesprek with up to three new action items."""

    kind = forms.ChoiceField(label=_("Soort gesprek"), choices=MeetingKind.choices)
    held_on = forms.DateField(
        label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    notes = forms.CharField(
        label=_("Notities (agenda als checklist)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = members_of(municipality)
        for n in range(ACTION_ROWS):
            self.fields[f"action_{n}"] = forms.CharField(
                label=_("Actie %(n)s") % {"n": n + 1}, required=False, max_length=300
            )
            self.fields[f"owner_{n}"] = PersonChoiceField(
                people, required=False, label=_("Eigenaar actie %(n)s") % {"n": n + 1}
            )
            self.fields[f"due_{n}"] = forms.DateField(
                label=_("Deadline actie %(n)s") % {"n": n + 1},
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )

    def actions(self) -> list[tuple[str, Any, Any]]:
        data = self.cleaned_data
        return [
            (data[f"action_{n}"], data[f"owner_{n}"], data[f"due_{n}"])
            for n in range(ACTION_ROWS)
            if data.get(f"action_{n}", "").strip()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for n in range(ACTION_ROWS):
            if (data.get(f"owner_{n}") or data.get(f"due_{n}")) and not data.get(f"action_{n}"):
                self.add_error(
                    f"action_{n}", _("Beschrijf de actie, of laat eigenaar en deadline leeg.")
                )
        return data


# --- budget plan grid ------------------------------------------------------------------------

MAX_BUDGET_YEARS = 12


def budget_years(initiative: Any, existing: Iterable[int], today: datetime.date) -> list[int]:
    """The years to show: those with figures, the years the initiative runs, and this year."""
    years = set(existing) | {today.year}
    if initiative.start_year:
        quarters = initiative.duration_quarters or 1
        last = initiative.start_year + ((initiative.start_quarter or 1) - 1 + quarters - 1) // 4
        years |= set(range(initiative.start_year, last + 1))
    ordered = sorted(years)
    return ordered[:MAX_BUDGET_YEARS]


def parse_budget_grid(
    data: Any, years: list[int], *, may_plan: bool
) -> tuple[list[BudgetEntry], list[str], list[int]]:
    """Entries from `planned-<year>-<kind>` / `forecast-<year>-<kind>`, plus an added year.

    Empty cells mean 0; a planned figure is only read from someone who may set the begroting.
    Returns the entries, the errors (in plain Dutch) and the years to show again.
    """
    errors: list[str] = []
    shown = list(years)
    extra = (data.get("new_year") or "").strip()
    if extra:
        if not extra.isdigit() or not 2000 <= int(extra) <= 2100:
            errors.append(gettext("Jaar toevoegen: vul een jaar tussen 2000 en 2100 in."))
        elif int(extra) not in shown:
            shown = sorted([*shown, int(extra)])
    entries: list[BudgetEntry] = []
    for year in shown:
        for kind, label in BudgetKind.choices:
            values: dict[str, Decimal | None] = {"planned": None, "forecast": None}
            for name, title in (("planned", gettext("begroot")), ("forecast", gettext("prognose"))):
                if name == "planned" and not may_plan:
                    continue
                raw = (data.get(f"{name}-{year}-{kind}") or "").strip()
                try:
                    amount = parse_amount(raw) if raw else Decimal(0)
                except ValueError:
                    errors.append(
                        gettext("%(year)s %(kind)s, %(what)s: '%(value)s' is geen bedrag.")
                        % {"year": year, "kind": label, "what": title, "value": raw}
                    )
                    continue
                if amount < 0:
                    errors.append(
                        gettext("%(year)s %(kind)s, %(what)s: een bedrag kan niet negatief zijn.")
                        % {"year": year, "kind": label, "what": title}
                    )
                    continue
                values[name] = amount
            entries.append(BudgetEntry(year, kind, values["planned"], values["forecast"]))
    return entries, errors, shown
