"""Finance reads: one initiative's money, the meerjarenraming and the MIP of the portfolio, and the
weerstandsvermogen. Each has a fixed number of queries whatever the portfolio's size."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koersvast.monitoring.choices import ACTIVE_RISK_STATUSES, RiskStatus
from koersvast.monitoring.models import Risk
from koersvast.portfolio.choices import LifecycleState
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.models import Municipality

from . import kapitaallasten as kl
from . import montecarlo
from .choices import DepreciationMethod, FundingSource, Nature, Side, Utility
from .models import (
    SCALE_PROBABILITY,
    ExploitationLine,
    FinanceSettings,
    Funding,
    Investment,
    ResistanceCapacity,
    RiskEffect,
)
from .services import settings_for

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


def _spread(rows: Iterable[tuple[int, str, Decimal]], years: list[int]) -> dict[str, list[Decimal]]:
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
    lasten = _spread(expenses, years)
    baten = _spread(incomes, years)
    dekking = _spread(fundings, years)
    depreciation = [charges[y].depreciation for y in years]
    interest = [charges[y].interest for y in years]
    capital = [d + i for d, i in zip(depreciation, interest, strict=True)]
    inc, struc = Nature.INCIDENTAL.value, Nature.STRUCTURAL.value

    def combine(*parts: list[Decimal], signs: tuple[int, ...]) -> list[Decimal]:
        return [
            sum((sign * part[i] for part, sign in zip(parts, signs, strict=True)), ZERO)
            for i in range(len(years))
        ]

    saldo_struct = combine(
        baten[struc], dekking[struc], lasten[struc], capital, signs=(1, 1, -1, -1)
    )
    saldo_inc = combine(baten[inc], dekking[inc], lasten[inc], signs=(1, 1, -1))
    lines = [
        Line("lasten_structureel", _("Lasten structureel"), lasten[struc]),
        Line("lasten_incidenteel", _("Lasten incidenteel"), lasten[inc]),
        Line("afschrijving", _("Afschrijving"), depreciation),
        Line("rente", _("Rente"), interest),
        Line("kapitaallasten", _("Kapitaallasten (structureel)"), capital, emphasis=True),
        Line("baten_structureel", _("Baten structureel"), baten[struc]),
        Line("baten_incidenteel", _("Baten incidenteel"), baten[inc]),
        Line("dekking_structureel", _("Dekking structureel"), dekking[struc]),
        Line("dekking_incidenteel", _("Dekking incidenteel"), dekking[inc]),
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


def _engine_investments(rows: Iterable[Mapping[str, Any]]) -> list[kl.Investment]:
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
# One initiative


@dataclass
class InitiativeFinance:
    initiative: Initiative
    settings: FinanceSettings
    investments: list[Investment]
    lines: list[ExploitationLine]
    fundings: list[Funding]
    raming: Raming

    @property
    def has_figures(self) -> bool:
        return bool(self.investments or self.lines or self.fundings)


def initiative_finance(*, initiative: Initiative, budget_year: int) -> InitiativeFinance:
    """An initiative's investments, exploitatie and dekking, with its raming (four queries)."""
    settings = settings_for(initiative.municipality)
    investments = list(initiative.investments.select_related("category"))
    lines = list(initiative.exploitation_lines.all())
    fundings = list(initiative.fundings.all())
    years = budget_years(budget_year)
    raming = build_raming(
        years=years,
        expenses=[(x.year, x.nature, x.amount) for x in lines if x.side == Side.EXPENSE],
        incomes=[(x.year, x.nature, x.amount) for x in lines if x.side == Side.INCOME],
        fundings=[(f.year, f.nature, f.amount) for f in fundings],
        investments=[i.as_engine() for i in investments],
        settings=settings,
    )
    return InitiativeFinance(initiative, settings, investments, lines, fundings, raming)


def record_get(model: type, *, user: Any, pk: int) -> Any:
    """An investment, exploitatie line or dekking the user may see (404 otherwise)."""
    return get_for_user_or_404(model.objects.select_related("initiative"), user, pk=pk)


# ---------------------------------------------------------------------------------------------
# The portfolio: meerjarenraming and MIP


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
        investments=_engine_investments(investments.iterator(chunk_size=2000)),
        settings=settings,
    )


@dataclass
class MipRow:
    """One investment of the MIP, read as values (no model instances: 3,000 rows stay fast)."""

    pk: int
    initiative_id: int
    reference: str
    title: str
    budget_programme: str
    description: str
    category: str
    utility: str
    method: str
    term: int
    activation_year: int
    amount: Decimal
    residual_value: Decimal
    first_year: int
    charges: list[Decimal]  # kapitaallasten per year of the horizon

    @property
    def utility_label(self) -> str:
        return str(Utility(self.utility).label)

    @property
    def method_label(self) -> str:
        return str(DepreciationMethod(self.method).label)


def mip(
    *, municipality: Municipality, budget_year: int, filters: Mapping[str, str]
) -> tuple[list[int], list[MipRow]]:
    """One row per investment of the portfolio with its kapitaallasten per year (two queries)."""
    settings = settings_for(municipality)
    years = budget_years(budget_year)
    values = (
        Investment.objects.filter(portfolio_initiatives(municipality, filters))
        .order_by("activation_year", "initiative__reference", "description")
        .values(
            "pk",
            "initiative_id",
            "initiative__reference",
            "initiative__title",
            "initiative__budget_programme",
            "description",
            "category__name",
            "utility",
            *INVESTMENT_VALUES,
        )
    )
    rows = []
    for row in values.iterator(chunk_size=2000):
        engine = _engine_investments([row])[0]
        by_year = {
            charge.year: charge.total
            for charge in kl.schedule(
                engine,
                settings.rate,
                settings.start_rule,
                from_year=years[0],
                until_year=years[-1],
            )
        }
        rows.append(
            MipRow(
                pk=row["pk"],
                initiative_id=row["initiative_id"],
                reference=row["initiative__reference"],
                title=row["initiative__title"],
                budget_programme=row["initiative__budget_programme"],
                description=row["description"],
                category=row["category__name"],
                utility=row["utility"],
                method=row["method"],
                term=engine.term,
                activation_year=row["activation_year"],
                amount=row["amount"],
                residual_value=row["residual_value"],
                first_year=kl.first_year(row["activation_year"], settings.start_rule),
                charges=[by_year.get(year, ZERO) for year in years],
            )
        )
    return years, rows


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


# ---------------------------------------------------------------------------------------------
# Weerstandsvermogen


@dataclass
class RiskContribution:
    risk: Risk
    effect: RiskEffect
    probability: float
    expected: float
    share: float


@dataclass
class Weerstandsvermogen:
    year: int
    certainty: int
    required: float
    available: Decimal | None
    ratio: float | None
    rating: tuple[str, str] | None
    top: list[RiskContribution]
    risk_count: int
    runs: int
    capacities: list[ResistanceCapacity]
    missing_effects: int

    @property
    def has_risks(self) -> bool:
        return self.risk_count > 0


#: The ratings of the pure module, translated where shown.
RATING_LABELS = {
    "A": gettext_lazy("uitstekend"),
    "B": gettext_lazy("ruim voldoende"),
    "C": gettext_lazy("voldoende"),
    "D": gettext_lazy("matig"),
    "E": gettext_lazy("onvoldoende"),
    "F": gettext_lazy("ruim onvoldoende"),
}


def risk_probability(effect: RiskEffect) -> float:
    """An occurred risk is certain; otherwise the entered percentage or the 1–5 scale."""
    if effect.risk.status == RiskStatus.OCCURRED:
        return 1.0
    if effect.probability is not None:
        return effect.probability / 100
    return SCALE_PROBABILITY[effect.risk.probability]


def weerstandsvermogen(
    *, municipality: Municipality, year: int, runs: int = montecarlo.DEFAULT_RUNS
) -> Weerstandsvermogen:
    """Benodigde weerstandscapaciteit (Monte Carlo of the active risks with a financial
    effect), beschikbare weerstandscapaciteit of `year`, their ratio and rating (four queries)."""
    settings = settings_for(municipality)
    effects = list(
        RiskEffect.objects.in_municipality(municipality)
        .filter(risk__status__in=ACTIVE_RISK_STATUSES)
        .select_related("risk", "risk__initiative", "risk__programme")
    )
    missing = (
        Risk.objects.in_municipality(municipality)
        .filter(status__in=ACTIVE_RISK_STATUSES, financial_effect=None)
        .count()
    )
    inputs = [
        montecarlo.RiskInput(
            effect.pk, risk_probability(effect), float(effect.minimum), float(effect.high)
        )
        for effect in effects
    ]
    result = montecarlo.required_capacity(
        inputs, certainty=settings.certainty / 100, runs=runs, seed=montecarlo.DEFAULT_SEED
    )
    by_pk = {effect.pk: effect for effect in effects}
    top = [
        RiskContribution(
            by_pk[c.key].risk,
            by_pk[c.key],
            risk_probability(by_pk[c.key]),
            c.expected,
            c.share,
        )
        for c in result.top(10)
    ]
    capacities = list(ResistanceCapacity.objects.in_municipality(municipality).order_by("year"))
    available = next((c.amount for c in capacities if c.year == year), None)
    value = montecarlo.ratio(float(available), result.required) if available is not None else None
    rating = None
    if available is not None and inputs:
        letter, _name = montecarlo.rating(value)
        rating = (letter, str(RATING_LABELS[letter]))
    return Weerstandsvermogen(
        year=year,
        certainty=settings.certainty,
        required=result.required,
        available=available,
        ratio=value,
        rating=rating,
        top=top,
        risk_count=len(inputs),
        runs=runs,
        capacities=capacities,
        missing_effects=missing,
    )


def risks_with_effects(*, municipality: Municipality) -> list[Risk]:
    """The active risks with their financial effect, if any (one query)."""
    return list(
        Risk.objects.in_municipality(municipality)
        .filter(status__in=ACTIVE_RISK_STATUSES)
        .select_related("initiative", "programme", "financial_effect")
        .order_by("-score", "title")
    )


def resistance_capacities(*, municipality: Municipality) -> list[ResistanceCapacity]:
    return list(ResistanceCapacity.objects.in_municipality(municipality).order_by("year"))


# ---------------------------------------------------------------------------------------------
# Budget claims: what an initiative asks of the exploitatie room and the krediet (the optimiser)


@dataclass
class BudgetClaim:
    """What one initiative asks per year: of the exploitatie room (lasten + kapitaallasten −
    baten − dekking other than algemene middelen, never below 0) and of the krediet (its
    investments in their year of ingebruikname); `capital` is the kapitaallasten part."""

    exploitatie: dict[int, Decimal] = field(default_factory=dict)
    krediet: dict[int, Decimal] = field(default_factory=dict)
    capital: dict[int, Decimal] = field(default_factory=dict)
    has_investments: bool = False


def budget_claims(
    *, municipality: Municipality, condition: Q, years: list[int]
) -> dict[int, BudgetClaim]:
    """Per initiative matching `condition` (a Q on `initiative__`) with finance figures, its
    claims in each of `years` (four queries: settings, investments, exploitatie, dekking).

    Dekking from algemene middelen does not lower the claim: the exploitatie room is what the
    algemene middelen can bear. Structural amounts count from their year on (decision 1102).
    """
    settings = settings_for(municipality)
    if not years:
        return {}
    base = Q(initiative__municipality=municipality) & condition
    investments: dict[int, list[kl.Investment]] = {}
    for row in Investment.objects.filter(base).values("initiative_id", *INVESTMENT_VALUES):
        investments.setdefault(row["initiative_id"], []).extend(_engine_investments([row]))
    signed: dict[int, list[tuple[int, str, Decimal]]] = {}
    for row in (
        ExploitationLine.objects.filter(base, year__lte=years[-1])
        .values("initiative_id", "year", "nature", "side")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        sign = 1 if row["side"] == Side.EXPENSE else -1
        signed.setdefault(row["initiative_id"], []).append(
            (row["year"], row["nature"], sign * row["total"])
        )
    for row in (
        Funding.objects.filter(base, year__lte=years[-1])
        .exclude(source=FundingSource.GENERAL)
        .values("initiative_id", "year", "nature")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        signed.setdefault(row["initiative_id"], []).append(
            (row["year"], row["nature"], -row["total"])
        )
    claims: dict[int, BudgetClaim] = {}
    for pk in sorted(set(investments) | set(signed)):
        own = investments.get(pk, [])
        charges = kl.totals_by_year(own, settings.rate, settings.start_rule, years)
        spread = _spread(signed.get(pk, []), years)
        claim = BudgetClaim(has_investments=bool(own))
        for index, year in enumerate(years):
            capital = charges[year].total
            net = capital + sum((spread[nature][index] for nature in spread), ZERO)
            if capital:
                claim.capital[year] = capital
            if net > 0:
                claim.exploitatie[year] = net
            credit = sum((i.amount for i in own if i.activation_year == year), ZERO)
            if credit:
                claim.krediet[year] = credit
        claims[pk] = claim
    return claims
