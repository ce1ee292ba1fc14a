"""Forms of capacity: a pool, its formation (fte) per quarter as a grid, the budget room per
year as a grid; a person, their leave, and an allocation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from koersvast.core.formfields import choice_field, model_choice_field
from koersvast.core.grids import read_grid
from koersvast.core.numbers import parse_amount, parse_quantity
from koersvast.core.periods import Quarter
from koersvast.portfolio.choices import BudgetKind, LifecycleState
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality

from .models import CapacityPool, Leave, Person

MAX_FTE = Decimal(10_000)
PERSON_MAX_FTE = Decimal("1.5")  # one person: at most 1,5 fte (Person.fte's limit)


class PoolForm(forms.ModelForm):
    """Capaciteitspool: naam, code, productieve uren per fte en going-concernreservering."""

    class Meta:
        model = CapacityPool
        fields = [
            "name",
            "code",
            "description",
            "hours_per_fte",
            "going_concern_pct",
            "cost_per_fte",
            "capacity_from_people",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        clash = CapacityPool.objects.in_municipality(self.municipality).filter(code=code)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Er is al een pool met deze code."))
        return code

    def clean_hours_per_fte(self) -> Decimal:
        hours = self.cleaned_data["hours_per_fte"]
        if not 1 <= hours <= 600:
            raise forms.ValidationError(_("Vul 1 tot 600 uur per fte per kwartaal in."))
        return hours


def _number(value: Decimal) -> str:
    """A limit as a Dutch reader reads it: 10.000, 1,5."""
    whole = value == value.to_integral_value()
    return number_format(value.to_integral_value() if whole else value, force_grouping=True)


def quarters(first_year: int, count: int) -> list[tuple[int, int]]:
    """`count` quarters from the first quarter of `first_year`."""
    return list(Quarter.series((first_year, 1), count))


class _OutOfRange(ValueError):
    pass


def parse_fte_grid(
    data: Any, periods: list[tuple[int, int]], *, maximum: Decimal = MAX_FTE
) -> tuple[dict[tuple[int, int], Decimal | None], list[str]]:
    """Fte per quarter from `fte-<year>-<quarter>`; an empty cell means no capacity entered."""

    def fte(raw: str) -> Decimal:
        value = parse_quantity(raw, allow_negative=True)
        if not 0 <= value <= maximum:
            raise _OutOfRange
        return value.quantize(Decimal("0.01"))

    def describe(period: tuple[int, int], raw: str, error: ValueError) -> str:
        label = Quarter(*period).label
        if isinstance(error, _OutOfRange):
            return gettext("%(period)s: vul 0 tot %(maximum)s fte in.") % {
                "period": label,
                "maximum": _number(maximum),
            }
        return gettext("%(period)s: '%(value)s' is geen aantal fte.") % {
            "period": label,
            "value": raw,
        }

    grid = read_grid(data, "fte", periods, fte, describe=describe)
    return grid.values, grid.messages


def parse_budget_grid(
    data: Any, years: list[int]
) -> tuple[dict[tuple[str, int], Decimal | None], list[str]]:
    """Budget room: euros per kind and year from `budget-<kind>-<year>`, whole euros, never
    negative; an empty cell means not set (compare monitoring's per-initiative grid)."""
    grid = read_grid(
        data,
        "budget",
        [(kind.value, year) for kind in BudgetKind for year in years],
        lambda raw: parse_amount(raw).quantize(Decimal("1")),
        describe=lambda key, raw, error: (
            gettext("%(kind)s %(year)s: '%(value)s' — %(why)s")
            % {"kind": BudgetKind(key[0]).label, "year": key[1], "value": raw, "why": error}
        ),
    )
    return grid.values, grid.messages


# --- named people (decision 0406) -------------------------------------------------------------

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Initiatives people can be allocated to: admitted, planned or running work.
ALLOCATABLE_STATES = [
    LifecycleState.ADMITTED,
    LifecycleState.PLANNED,
    LifecycleState.IN_PROGRESS,
    LifecycleState.PAUSED,
]


class PersonForm(forms.ModelForm):
    """Medewerker: naam, functie, pool, deeltijdfactor en contractperiode (niets meer)."""

    class Meta:
        model = Person
        fields = ["name", "function", "pool", "fte", "start_date", "end_date"]
        widgets = {"start_date": DATE, "end_date": DATE}
        localized_fields = ["fte"]  # "0,8" as a Dutch user types it

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        model_choice_field(self, "pool").queryset = CapacityPool.objects.in_municipality(
            municipality
        )
        self.fields["name"].required = True

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Het einde van het contract ligt voor de startdatum."))
        return data


class LeaveForm(forms.ModelForm):
    """Verlofperiode: van, tot en met, en het deel van de tijd."""

    class Meta:
        model = Leave
        fields = ["start", "end", "percentage"]
        widgets = {"start": DATE, "end": DATE}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("Het verlof eindigt voor het begint."))
        return data


class Unit(models.TextChoices):
    HOURS = "uren", _("uren")
    FTE_PCT = "procent", _("procent van een fte")


class AllocationForm(forms.Form):
    """Inzet op een initiatief in een kwartaal, in uren of in procenten van een fte."""

    initiative = forms.ModelChoiceField(queryset=Initiative.objects.none(), label=_("Initiatief"))
    period = forms.ChoiceField(label=_("Kwartaal"))
    amount = forms.CharField(
        label=_("Inzet"),
        max_length=20,
        help_text=_("In uren, of in procenten van een fte (bijv. 50 voor een halve fte)."),
    )
    unit = forms.ChoiceField(label=_("Eenheid"), choices=Unit.choices, initial=Unit.HOURS)

    def __init__(
        self, *args: Any, person: Person, periods: list[tuple[int, int]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        model_choice_field(self, "initiative").queryset = (
            Initiative.objects.in_municipality(person.municipality)
            .filter(state__in=ALLOCATABLE_STATES)
            .order_by("reference")
        )
        choice_field(self, "period").choices = [
            (f"{y}-{q}", Quarter(y, q).label) for y, q in periods
        ]

    def clean_amount(self) -> Decimal:
        try:
            amount = parse_amount(self.cleaned_data["amount"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
        if amount <= 0:
            raise forms.ValidationError(_("Vul een aantal groter dan 0 in."))
        return amount

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        amount, unit = data.get("amount"), data.get("unit")
        if amount is not None and unit:
            hours = (
                amount * self.person.pool.hours_per_fte / 100 if unit == Unit.FTE_PCT else amount
            ).quantize(Decimal("0.1"))
            if not Decimal("0.1") <= hours <= 2000:
                self.add_error("amount", _("Vul 0,1 tot 2.000 uur per kwartaal in."))
            data["hours"] = hours
        return data

    @property
    def year_quarter(self) -> tuple[int, int]:
        year, quarter = self.cleaned_data["period"].split("-")
        return int(year), int(quarter)
