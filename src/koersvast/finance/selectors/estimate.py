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
from .choices import BudgetLineKey, DepreciationMethod, FundingSource, Nature, Side, Utility
from .extra_cost import CostEffect, cost_effect
from .models import (
    SCALE_PROBABILITY,
    BudgetVersion,
    BudgetVersionLine,
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


def record_get(model: type[Investment | ExploitationLine | Funding], *, user: Any, pk: int) -> Any:
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
    by_pk: dict[object, RiskEffect] = {effect.pk: effect for effect in effects}
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


def free_reserve_room(*, municipality: Municipality, year: int) -> int:
    """The free part of the weerstandscapaciteit in `year`: beschikbare minus benodigde, never
    below 0; 0 when none is entered for that year (then no Monte Carlo is run; one query)."""
    available = (
        ResistanceCapacity.objects.in_municipality(municipality)
        .filter(year=year)
        .values_list("amount", flat=True)
        .first()
    )
    if available is None:
        return 0
    required = weerstandsvermogen(municipality=municipality, year=year).required
    return max(0, int(float(available) - required))


def extra_cost_effect(
    *,
    municipality: Municipality,
    amounts: Mapping[int, int],
    years: list[int],
    general_room: Mapping[int, int] | None = None,
) -> CostEffect:
    """The incidental and structural effect of extra middelen per year of the horizon and what
    the free algemene middelen and the free reserve room (of the first year) cover
    (decision 1103). Reads nothing when nothing costs anything."""
    if not any(amounts.get(year, 0) > 0 for year in years):
        return cost_effect({}, years)
    reserve = free_reserve_room(municipality=municipality, year=min(years))
    return cost_effect(amounts, years, general_room=general_room, reserve_room=reserve)


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


# ---------------------------------------------------------------------------------------------
# Budget versions: primitieve begroting, begrotingswijzigingen, actuele begroting, prognose and
# realisatie (decision 1102, step 2)

#: The views of a budget year besides its adopted versions (which are chosen by their pk).
PROGNOSE = "prognose"
REALISATIE = "realisatie"


def budget_versions(*, municipality: Municipality, budget_year: int) -> list[BudgetVersion]:
    """The adopted versions of a budget year, the primitieve begroting first (one query)."""
    return list(
        BudgetVersion.objects.in_municipality(municipality)
        .filter(budget_year=budget_year)
        .select_related("body")
        .order_by("number", "pk")
    )


def version_label(version: BudgetVersion, versions: list[BudgetVersion]) -> str:
    """How a view names the budget as it stood after `version`: the last one is the actuele
    begroting."""
    if version.is_primitive and len(versions) == 1:
        return _("Primitieve begroting %(year)s") % {"year": version.budget_year}
    if versions and version.pk == versions[-1].pk:
        return _("Actuele begroting %(year)s (t/m %(title)s)") % {
            "year": version.budget_year,
            "title": version.title,
        }
    if version.is_primitive:
        return _("Primitieve begroting %(year)s") % {"year": version.budget_year}
    return _("Begroting %(year)s na %(title)s") % {
        "year": version.budget_year,
        "title": version.title,
    }


def _line_condition(municipality: Municipality, filters: Mapping[str, str]) -> Q:
    """Version lines of the portfolio's figures, filtered like the raming (the programme as it
    was adopted, the taakveld of the initiative)."""
    condition = Q(municipality=municipality)
    if filters.get("programme"):
        condition &= Q(programme=filters["programme"])
    if filters.get("taakveld"):
        condition &= Q(initiative__taakveld__code=filters["taakveld"])
    return condition


def version_values(
    *,
    municipality: Municipality,
    versions: Iterable[BudgetVersion],
    years: list[int],
    filters: Mapping[str, str],
) -> dict[str, list[Decimal]]:
    """The amounts per stored row and year of the budget made of `versions` (summed: a
    primitieve begroting plus its wijzigingen), one grouped query."""
    values = {key: [ZERO] * len(years) for key in BudgetLineKey.values}
    index = {year: i for i, year in enumerate(years)}
    rows = (
        BudgetVersionLine.objects.filter(
            _line_condition(municipality, filters),
            version__in=[v.pk for v in versions],
            year__in=years,
        )
        .values("key", "year")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in rows:
        values[row["key"]][index[row["year"]]] += row["total"]
    return values


def realisatie(
    *, municipality: Municipality, years: list[int], filters: Mapping[str, str]
) -> Raming:
    """Realisatie per year as read from the financial system (monitoring's budget lines,
    filled by the CSV import of actuals): exploitatielasten and investeringen."""
    from koersvast.monitoring.models import BudgetLine
    from koersvast.portfolio.choices import BudgetKind

    condition = portfolio_initiatives(municipality, filters)
    totals = {kind: [ZERO] * len(years) for kind in BudgetKind.values}
    index = {year: i for i, year in enumerate(years)}
    for row in (
        BudgetLine.objects.filter(condition, year__in=years)
        .values("kind", "year")
        .annotate(total=Sum("actual"))
        .order_by()
    ):
        totals[row["kind"]][index[row["year"]]] += row["total"] or ZERO
    return Raming(
        years=years,
        lines=[
            Line(
                "lasten_totaal",
                _("Lasten incl. kapitaallasten (werkelijk)"),
                totals[BudgetKind.OPERATING],
                emphasis=True,
            ),
            Line("investeringen", _("Investeringen (werkelijk)"), totals[BudgetKind.CAPITAL]),
        ],
    )


def _comparable(raming: Raming, key: str) -> list[Decimal] | None:
    """A row of a raming to compare with a row of another; the realisatie's total lasten is
    compared with lasten plus kapitaallasten."""
    if key in raming.by_key:
        return raming[key].values
    if key == "lasten_totaal" and "kapitaallasten" in raming.by_key:
        parts = ("lasten_structureel", "lasten_incidenteel", "kapitaallasten")
        return [sum((raming[p].values[i] for p in parts), ZERO) for i in range(len(raming.years))]
    return None


@dataclass
class Difference:
    """What changed from one budget version to another, per row and year (and in total)."""

    previous_label: str
    lines: list[Line]

    @property
    def is_zero(self) -> bool:
        return all(value == 0 for line in self.lines for value in line.values)


def difference(current: Raming, previous: Raming, previous_label: str) -> Difference:
    """`current` minus `previous` for every row of `current` that `previous` can be compared
    with (no queries)."""
    lines = []
    for line in current.lines:
        before = _comparable(previous, line.key)
        if before is None:
            continue
        lines.append(
            Line(
                line.key,
                line.label,
                [now - then for now, then in zip(line.values, before, strict=True)],
                emphasis=line.emphasis,
            )
        )
    return Difference(previous_label=previous_label, lines=lines)


@dataclass
class VersionedRaming:
    """A meerjarenraming in one version, with the version it is compared with."""

    choice: str  # "prognose", "realisatie" or the pk of a version
    label: str
    raming: Raming
    versions: list[BudgetVersion]
    difference: Difference | None
    choices: list[tuple[str, str]]

    @property
    def has_primitive(self) -> bool:
        return any(v.is_primitive for v in self.versions)


def versioned_raming(
    *,
    municipality: Municipality,
    budget_year: int,
    filters: Mapping[str, str],
    choice: str = PROGNOSE,
) -> VersionedRaming:
    """The meerjarenraming in the chosen version and its difference with the previous one: the
    prognose (the portfolio's figures now) and the realisatie against the actuele begroting,
    a begroting after wijziging n against the one after n − 1 (four to seven queries)."""
    years = budget_years(budget_year)
    versions = budget_versions(municipality=municipality, budget_year=budget_year)
    labels = {str(v.pk): version_label(v, versions) for v in versions}
    choices = [
        (PROGNOSE, _("Prognose (huidige ramingen van het portfolio)")),
        *[(str(v.pk), labels[str(v.pk)]) for v in reversed(versions)],
        (REALISATIE, _("Realisatie (financieel systeem)")),
    ]
    if choice not in {value for value, _label in choices}:
        choice = PROGNOSE

    def cumulative(upto: int) -> Raming:
        chosen = versions[: upto + 1]
        return raming_from_values(
            years,
            version_values(
                municipality=municipality, versions=chosen, years=years, filters=filters
            ),
        )

    previous: tuple[Raming, str] | None = None
    if choice in (PROGNOSE, REALISATIE):
        if choice == PROGNOSE:
            raming = meerjarenraming(
                municipality=municipality, budget_year=budget_year, filters=filters
            )
        else:
            raming = realisatie(municipality=municipality, years=years, filters=filters)
        if versions:
            previous = (cumulative(len(versions) - 1), labels[str(versions[-1].pk)])
    else:
        position = next(i for i, v in enumerate(versions) if str(v.pk) == choice)
        raming = cumulative(position)
        if position > 0:
            previous = (cumulative(position - 1), labels[str(versions[position - 1].pk)])
    label = dict(choices)[choice]
    return VersionedRaming(
        choice=choice,
        label=label,
        raming=raming,
        versions=versions,
        difference=difference(raming, *previous) if previous else None,
        choices=choices,
    )


# --- per initiative: what the begrotingswijziging is made of


@dataclass
class Holder:
    """Whom a budget line belongs to: an initiative (by pk) or only a programme."""

    initiative_id: int | None
    reference: str
    title: str
    programme: str


def _portfolio_values_by_initiative(
    municipality: Municipality, years: list[int]
) -> tuple[dict[int, dict[str, list[Decimal]]], dict[int, Holder]]:
    """The stored rows per year of every initiative of the portfolio's figures now (five
    queries: settings, initiatives, investments, exploitatie, dekking)."""
    settings = settings_for(municipality)
    condition = portfolio_initiatives(municipality, {})
    holders = {
        row["pk"]: Holder(row["pk"], row["reference"], row["title"], row["budget_programme"])
        for row in Initiative.objects.in_municipality(municipality)
        .exclude(state__in=EXCLUDED_STATES)
        .values("pk", "reference", "title", "budget_programme")
    }
    investments: dict[int, list[kl.Investment]] = {}
    for row in Investment.objects.filter(condition).values("initiative_id", *INVESTMENT_VALUES):
        investments.setdefault(row["initiative_id"], []).extend(_engine_investments([row]))
    exploitation: dict[int, dict[str, list[tuple[int, str, Decimal]]]] = {}
    for row in (
        ExploitationLine.objects.filter(condition, year__lte=years[-1])
        .values("initiative_id", "year", "nature", "side")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        exploitation.setdefault(row["initiative_id"], {}).setdefault(row["side"], []).append(
            (row["year"], row["nature"], row["total"])
        )
    fundings: dict[int, list[tuple[int, str, Decimal]]] = {}
    for row in (
        Funding.objects.filter(condition, year__lte=years[-1])
        .values("initiative_id", "year", "nature")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        fundings.setdefault(row["initiative_id"], []).append(
            (row["year"], row["nature"], row["total"])
        )
    result: dict[int, dict[str, list[Decimal]]] = {}
    for pk in set(investments) | set(exploitation) | set(fundings):
        if pk not in holders:
            continue
        raming = build_raming(
            years=years,
            expenses=exploitation.get(pk, {}).get(Side.EXPENSE, []),
            incomes=exploitation.get(pk, {}).get(Side.INCOME, []),
            fundings=fundings.get(pk, []),
            investments=investments.get(pk, []),
            settings=settings,
        )
        result[pk] = {key: raming[key].values for key in BudgetLineKey.values}
    return result, holders


def portfolio_budget_lines(
    *, municipality: Municipality, budget_year: int
) -> list[tuple[Holder, str, int, Decimal]]:
    """The portfolio's figures now as budget lines (holder, row, year, amount), zeros left
    out: what a primitieve begroting adopts."""
    years = budget_years(budget_year)
    values, holders = _portfolio_values_by_initiative(municipality, years)
    return [
        (holders[pk], key, year, amount)
        for pk, rows in sorted(values.items())
        for key, amounts in rows.items()
        for year, amount in zip(years, amounts, strict=True)
        if amount
    ]


def _holder_key(initiative_id: int | None, reference: str, programme: str) -> Any:
    return initiative_id if initiative_id is not None else (reference, programme)


@dataclass
class ProgrammeChange:
    """The changes of one begrotingsprogramma: per row and year, and per initiative the
    change of its saldo."""

    name: str
    lines: list[Line]
    initiatives: list[tuple[Holder, Line]]

    @property
    def saldo(self) -> Line:
        return next(line for line in self.lines if line.key == "saldo")


@dataclass
class AmendmentDraft:
    """Concept-begrotingswijziging: the changes per programme since the last council decision
    on the budget year (the actuele begroting), computed from the portfolio's figures now."""

    budget_year: int
    moment: str
    years: list[int]
    base_label: str  # the version the changes are measured against ("" without one)
    versions: list[BudgetVersion]
    programmes: list[ProgrammeChange]
    total: list[Line]
    changes: list[tuple[Holder, str, int, Decimal]]  # what adopting it stores

    @property
    def has_primitive(self) -> bool:
        return any(v.is_primitive for v in self.versions)

    @property
    def is_empty(self) -> bool:
        return not self.changes


def amendment_draft(*, municipality: Municipality, budget_year: int, moment: str) -> AmendmentDraft:
    """The draft begrotingswijziging for a P&C moment (seven queries)."""
    years = budget_years(budget_year)
    versions = budget_versions(municipality=municipality, budget_year=budget_year)
    now, holders = _portfolio_values_by_initiative(municipality, years)
    adopted: dict[Any, dict[str, list[Decimal]]] = {}
    adopted_holders: dict[Any, Holder] = {}
    index = {year: i for i, year in enumerate(years)}
    for row in (
        BudgetVersionLine.objects.filter(version__in=[v.pk for v in versions], year__in=years)
        .values("initiative_id", "reference", "programme", "key", "year")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        key = _holder_key(row["initiative_id"], row["reference"], row["programme"])
        amounts = adopted.setdefault(key, {k: [ZERO] * len(years) for k in BudgetLineKey.values})
        amounts[row["key"]][index[row["year"]]] += row["total"]
        adopted_holders.setdefault(
            key,
            holders.get(row["initiative_id"])
            or Holder(row["initiative_id"], row["reference"], row["reference"], row["programme"]),
        )
    changes: list[tuple[Holder, str, int, Decimal]] = []
    per_holder: dict[Any, dict[str, list[Decimal]]] = {}
    for key in sorted(set(now) | set(adopted), key=str):
        holder = holders.get(key) if isinstance(key, int) else None
        holder = holder or adopted_holders[key]
        empty = [ZERO] * len(years)
        delta = {
            row: [
                a - b
                for a, b in zip(
                    now.get(key, {}).get(row, empty),
                    adopted.get(key, {}).get(row, empty),
                    strict=True,
                )
            ]
            for row in BudgetLineKey.values
        }
        if not any(any(values) for values in delta.values()):
            continue
        per_holder[key] = delta
        for line_key, values in delta.items():
            changes.extend(
                (holder, line_key, year, value)
                for year, value in zip(years, values, strict=True)
                if value
            )
    by_programme: dict[str, list[Any]] = {}
    for key in per_holder:
        holder = holders.get(key) if isinstance(key, int) else None
        holder = holder or adopted_holders[key]
        by_programme.setdefault(holder.programme, []).append((holder, per_holder[key]))
    programmes = []
    for name in sorted(by_programme, key=lambda n: (n == "", n.lower())):
        members = by_programme[name]
        summed = {
            row: [sum((m[1][row][i] for m in members), ZERO) for i in range(len(years))]
            for row in BudgetLineKey.values
        }
        raming = raming_from_values(years, summed)
        programmes.append(
            ProgrammeChange(
                name=name or _("Zonder begrotingsprogramma"),
                lines=[line for line in raming.lines if any(line.values)],
                initiatives=[
                    (holder, raming_from_values(years, values)["saldo"])
                    for holder, values in sorted(members, key=lambda m: m[0].reference)
                ],
            )
        )
    total_values = {
        row: [sum((d[row][i] for d in per_holder.values()), ZERO) for i in range(len(years))]
        for row in BudgetLineKey.values
    }
    total = [line for line in raming_from_values(years, total_values).lines if any(line.values)]
    return AmendmentDraft(
        budget_year=budget_year,
        moment=moment,
        years=years,
        base_label=version_label(versions[-1], versions) if versions else "",
        versions=versions,
        programmes=programmes,
        total=total,
        changes=changes,
    )
