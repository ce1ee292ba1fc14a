"""Forms of capacity: a pool, its formation (fte) per quarter as a grid, and the budget room per
year as a grid."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from koersvast.core.numbers import parse_amount
from koersvast.monitoring.choices import BudgetKind
from koersvast.tenancy.models import Municipality

from .models import CapacityPool

MAX_FTE = Decimal(10_000)


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


def quarters(first_year: int, count: int) -> list[tuple[int, int]]:
    """`count` quarters from the first quarter of `first_year`."""
    return [(first_year + i // 4, i % 4 + 1) for i in range(count)]


def parse_fte_grid(
    data: Any, periods: list[tuple[int, int]]
) -> tuple[dict[tuple[int, int], Decimal | None], list[str]]:
    """Fte per quarter from `fte-<year>-<quarter>`; an empty cell means no capacity entered."""
    values: dict[tuple[int, int], Decimal | None] = {}
    errors: list[str] = []
    for year, quarter in periods:
        raw = (data.get(f"fte-{year}-{quarter}") or "").strip()
        if not raw:
            values[(year, quarter)] = None
            continue
        cleaned = re.sub(r"\s", "", raw).replace(",", ".")
        try:
            fte = Decimal(cleaned)
        except InvalidOperation:
            fte = None
        label = f"{year}-Q{quarter}"
        if fte is None or not fte.is_finite():
            errors.append(
                gettext("%(period)s: '%(value)s' is geen aantal fte.")
                % {"period": label, "value": raw}
            )
        elif not 0 <= fte <= MAX_FTE:
            errors.append(gettext("%(period)s: vul 0 tot 10.000 fte in.") % {"period": label})
        else:
            values[(year, quarter)] = fte.quantize(Decimal("0.01"))
    return values, errors


def parse_budget_grid(
    data: Any, years: list[int]
) -> tuple[dict[tuple[str, int], Decimal | None], list[str]]:
    """Euros per kind and year from `budget-<kind>-<year>`; an empty cell means not set."""
    values: dict[tuple[str, int], Decimal | None] = {}
    errors: list[str] = []
    for kind in BudgetKind:
        for year in years:
            raw = (data.get(f"budget-{kind.value}-{year}") or "").strip()
            if not raw:
                values[(kind.value, year)] = None
                continue
            try:
                values[(kind.value, year)] = parse_amount(raw).quantize(Decimal("1"))
            except ValueError as error:
                errors.append(
                    gettext("%(kind)s %(year)s: '%(value)s' — %(why)s")
                    % {"kind": kind.label, "year": year, "value": raw, "why": error}
                )
    return values, errors
