"""The meerjarenraming: its rows per year built from raw amounts (no queries), and the
portfolio's raming with its filters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from koersvast.portfolio.choices import LifecycleState
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality

from .. import kapitaallasten as kl
from ..choices import Nature, Side
from ..models import ExploitationLine, FinanceSettings, Funding, Investment
from ..services import settings_for

ZERO = Decimal(0)
HORIZON = 4  # the budget year plus three (meerjarenraming)
#: Initiatives that no longer weigh on the budget.
EXCLUDED_STATES = (LifecycleState.REJECTED, LifecycleState.STOPPED)


def default_budget_year() -> int:
    """The year of the next begroting: next calendar year."""
    return timezone.localdate().year + 1


def budget_years(budget_year: int) -> list[int]:
    return list(range(budget_year, budget_year + HORIZON))


@dataclass
class Line:
    """One row of a table of amounts per year."""

    key: str
    label: str
    values: list[Decimal]
    emphasis: bool = False

    @property
    def total(self) -> Decimal:
        return sum(self.values, ZERO)


@dataclass
class Raming:
    """A meerjarenraming: the years and the rows lasten … saldo, split structural/incidental."""

    years: list[int]
    lines: list[Line]
    by_key: dict[str, Line] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_key = {line.key: line for line in self.lines}

    def __getitem__(self, key: str) -> Line:
        return self.by_key[key]

    @property
    def uncovered(self) -> list[Decimal]:
        """Per year, what is not covered (0 where the saldo is not negative)."""
        return [max(ZERO, -value) for value in self["saldo"].values]

    @property
    def is_empty(self) -> bool:
        return all(value == 0 for line in self.lines for value in line.values)

    def effects(self) -> list[Line]:
        """What saying yes costs per year: the structural and the incidental effect (lasten,
        kapitaallasten and baten), what is covered already, and what is left uncovered (the
        amount still to fund)."""
        years = range(len(self.years))

        def net(*parts: tuple[str, int]) -> list[Decimal]:
            return [sum((sign * self[key].values[i] for key, sign in parts), ZERO) for i in years]

        structural = net(
            ("lasten_structureel", 1), ("kapitaallasten", 1), ("baten_structureel", -1)
        )
        incidental = net(("lasten_incidenteel", 1), ("baten_incidenteel", -1))
        covered = net(("dekking_structureel", 1), ("dekking_incidenteel", 1))
        return [
            Line("effect_structureel", _("Structureel effect (incl. kapitaallasten)"), structural),
            Line("effect_incidenteel", _("Incidenteel effect"), incidental),
            Line("gedekt", _("Al gedekt"), covered),
            Line("ongedekt", _("Nog te dekken"), self.uncovered, emphasis=True),
        ]


def amounts_by_nature(
    rows: Iterable[tuple[int, str, Decimal]], years: list[int]
) -> dict[str, list[Decimal]]:
    """Amounts per nature and year from (year, nature, amount): incidental in its own year,
    structural from its year on."""
    result = {nature: [ZERO] * len(years) for nature in Nature.values}
    for year, nature, amount in rows:
        for index, target in enumerate(years):
            if target == year or (nature == Nature.STRUCTURAL and target > year):
                result[nature][index] += amount
    return result


def build_raming(
    *,
    years: list[int],
    expenses: Iterable[tuple[int, str, Decimal]],
    incomes: Iterable[tuple[int, str, Decimal]],
    fundings: Iterable[tuple[int, str, Decimal]],
    investments: Iterable[kl.Investment],
    settings: FinanceSettings,
) -> Raming:
    """The rows of a meerjarenraming from the raw amounts (no queries)."""
    charges = kl.totals_by_year(investments, settings.rate, settings.start_rule, years)
    lasten = amounts_by_nature(expenses, years)
    baten = amounts_by_nature(incomes, years)
    dekking = amounts_by_nature(fundings, years)
    inc, struc = Nature.INCIDENTAL.value, Nature.STRUCTURAL.value
    return raming_from_values(
        years,
        {
            "lasten_structureel": lasten[struc],
            "lasten_incidenteel": lasten[inc],
            "afschrijving": [charges[y].depreciation for y in years],
            "rente": [charges[y].interest for y in years],
            "baten_structureel": baten[struc],
            "baten_incidenteel": baten[inc],
            "dekking_structureel": dekking[struc],
            "dekking_incidenteel": dekking[inc],
        },
    )


def raming_from_values(years: list[int], values: Mapping[str, list[Decimal]]) -> Raming:
    """The rows of a meerjarenraming from the amounts per year of its stored rows (the keys of
    `BudgetLineKey`; a missing key is zero): kapitaallasten and the saldi are derived."""

    def get(key: str) -> list[Decimal]:
        return list(values.get(key) or [ZERO] * len(years))

    def combine(*parts: list[Decimal], signs: tuple[int, ...]) -> list[Decimal]:
        return [
            sum((sign * part[i] for part, sign in zip(parts, signs, strict=True)), ZERO)
            for i in range(len(years))
        ]

    depreciation, interest = get("afschrijving"), get("rente")
    capital = combine(depreciation, interest, signs=(1, 1))
    saldo_struct = combine(
        get("baten_structureel"),
        get("dekking_structureel"),
        get("lasten_structureel"),
        capital,
        signs=(1, 1, -1, -1),
    )
    saldo_inc = combine(
        get("baten_incidenteel"),
        get("dekking_incidenteel"),
        get("lasten_incidenteel"),
        signs=(1, 1, -1),
    )
    lines = [
        Line("lasten_structureel", _("Lasten structureel"), get("lasten_structureel")),
        Line("lasten_incidenteel", _("Lasten incidenteel"), get("lasten_incidenteel")),
        Line("afschrijving", _("Afschrijving"), depreciation),
        Line("rente", _("Rente"), interest),
        Line("kapitaallasten", _("Kapitaallasten (structureel)"), capital, emphasis=True),
        Line("baten_structureel", _("Baten structureel"), get("baten_structureel")),
        Line("baten_incidenteel", _("Baten incidenteel"), get("baten_incidenteel")),
        Line("dekking_structureel", _("Dekking structureel"), get("dekking_structureel")),
        Line("dekking_incidenteel", _("Dekking incidenteel"), get("dekking_incidenteel")),
        Line("saldo_structureel", _("Saldo structureel"), saldo_struct),
        Line("saldo_incidenteel", _("Saldo incidenteel"), saldo_inc),
        Line(
            "saldo",
            _("Saldo (negatief is ongedekt)"),
            combine(saldo_struct, saldo_inc, signs=(1, 1)),
            emphasis=True,
        ),
    ]
    return Raming(years=years, lines=lines)


def engine_investments(rows: Iterable[Mapping[str, Any]]) -> list[kl.Investment]:
    return [
        kl.Investment(
            amount=row["amount"],
            activation_year=row["activation_year"],
            term=row["term"] or row["category__default_term"],
            method=kl.Method(row["method"]),
            residual=row["residual_value"],
        )
        for row in rows
    ]


INVESTMENT_VALUES = (
    "amount",
    "activation_year",
    "term",
    "category__default_term",
    "method",
    "residual_value",
)


# ---------------------------------------------------------------------------------------------
# The portfolio's meerjarenraming


def portfolio_initiatives(municipality: Municipality, filters: Mapping[str, str]) -> Q:
    """The condition on initiatives (through `initiative__`) for the portfolio's figures."""
    condition = Q(initiative__municipality=municipality) & ~Q(initiative__state__in=EXCLUDED_STATES)
    if filters.get("programme"):
        condition &= Q(initiative__budget_programme=filters["programme"])
    if filters.get("taakveld"):
        condition &= Q(initiative__taakveld__code=filters["taakveld"])
    return condition


def meerjarenraming(
    *, municipality: Municipality, budget_year: int, filters: Mapping[str, str]
) -> Raming:
    """The portfolio's meerjarenraming (four queries: settings, investments, exploitatie,
    dekking)."""
    settings = settings_for(municipality)
    years = budget_years(budget_year)
    condition = portfolio_initiatives(municipality, filters)
    investments = Investment.objects.filter(condition).values(*INVESTMENT_VALUES)
    exploitation = [
        (row["year"], row["nature"], row["total"], row["side"])
        for row in ExploitationLine.objects.filter(condition, year__lte=years[-1])
        .values("year", "nature", "side")
        .annotate(total=Sum("amount"))
        .order_by()
    ]
    fundings = [
        (row["year"], row["nature"], row["total"])
        for row in Funding.objects.filter(condition, year__lte=years[-1])
        .values("year", "nature")
        .annotate(total=Sum("amount"))
        .order_by()
    ]
    return build_raming(
        years=years,
        expenses=[(y, n, a) for y, n, a, side in exploitation if side == Side.EXPENSE],
        incomes=[(y, n, a) for y, n, a, side in exploitation if side == Side.INCOME],
        fundings=fundings,
        investments=engine_investments(investments.iterator(chunk_size=2000)),
        settings=settings,
    )


def filter_options(municipality: Municipality) -> dict[str, list[tuple[str, str]]]:
    """The begrotingsprogramma's and taakvelden used by the portfolio (two queries)."""
    initiatives = Initiative.objects.in_municipality(municipality)
    programmes = sorted(
        set(initiatives.exclude(budget_programme="").values_list("budget_programme", flat=True))
    )
    taakvelden = (
        initiatives.exclude(taakveld=None)
        .values_list("taakveld__code", "taakveld__description")
        .distinct()
        .order_by("taakveld__code")
    )
    return {
        "programmes": [(p, p) for p in programmes],
        "taakvelden": [(code, f"{code} {description}") for code, description in taakvelden],
    }
