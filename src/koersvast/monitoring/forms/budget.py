"""The actuals import form and the begroting/prognose grid of one initiative."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from koersvast.core import uploads
from koersvast.core.grids import read_grid
from koersvast.portfolio.choices import BudgetKind

from ..actuals import parse_amount
from ..services.budget import BudgetEntry

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


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


def _amount_problem(
    kinds: Mapping[str, StrOrPromise], title: str
) -> Callable[[tuple[int, str], str, ValueError], str]:
    """The message for a cell of the `title` grid that is no amount."""

    def describe(key: tuple[int, str], raw: str, _error: ValueError) -> str:
        return gettext("%(year)s %(kind)s, %(what)s: '%(value)s' is geen bedrag.") % {
            "year": key[0],
            "kind": kinds[key[1]],
            "what": title,
            "value": raw,
        }

    return describe


def parse_budget_grid(
    data: Any, years: list[int], *, may_plan: bool
) -> tuple[list[BudgetEntry], list[str], list[int]]:
    """Entries from `planned-<year>-<kind>` / `forecast-<year>-<kind>`, plus an added year.

    One initiative's begroting and prognose: empty cells mean 0, cents are kept, negative
    figures are refused with their own message (capacity.forms.parse_budget_grid is the
    municipality's budget room: empty is "not set", whole euros). A planned figure is only
    read from someone who may set the begroting.
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
    names = [("planned", gettext("begroot")), ("forecast", gettext("prognose"))]
    if not may_plan:
        names = names[1:]
    kinds = dict(BudgetKind.choices)
    grids = {
        name: read_grid(
            data,
            name,
            [(year, kind) for year in shown for kind in kinds],
            parse_amount,
            describe=_amount_problem(kinds, title),
        )
        for name, title in names
    }
    entries: list[BudgetEntry] = []
    for year in shown:
        for kind, label in kinds.items():
            values: dict[str, Decimal | None] = {"planned": None, "forecast": None}
            for name, title in names:
                grid = grids[name]
                if (year, kind) in grid.errors:
                    errors.append(grid.errors[(year, kind)])
                    continue
                amount = grid.values[(year, kind)]
                if amount is None:  # empty is 0
                    amount = Decimal(0)
                if amount < 0:
                    errors.append(
                        gettext("%(year)s %(kind)s, %(what)s: een bedrag kan niet negatief zijn.")
                        % {"year": year, "kind": label, "what": title}
                    )
                    continue
                values[name] = amount
            entries.append(BudgetEntry(year, kind, values["planned"], values["forecast"]))
    return entries, errors, shown
