"""The draft begrotingswijziging of a P&C moment: the portfolio's budget lines now against the
last council decision, per programme and initiative."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality

from .. import kapitaallasten as kl
from ..choices import BudgetLineKey, Side
from ..models import BudgetVersion, BudgetVersionLine, ExploitationLine, Funding, Investment
from ..services import settings_for
from .estimate import (
    EXCLUDED_STATES,
    INVESTMENT_VALUES,
    ZERO,
    Line,
    budget_years,
    build_raming,
    engine_investments,
    portfolio_initiatives,
    raming_from_values,
)
from .versions import budget_versions, version_label

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
        investments.setdefault(row["initiative_id"], []).extend(engine_investments([row]))
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


def _adopted_values_by_holder(
    versions: list[BudgetVersion], years: list[int], holders: dict[int, Holder]
) -> tuple[dict[Any, dict[str, list[Decimal]]], dict[Any, Holder]]:
    """The rows per year of the adopted `versions`, summed per holder (one query)."""
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
    return adopted, adopted_holders


def _programme_changes(
    per_holder: dict[Any, dict[str, list[Decimal]]],
    holders: dict[int, Holder],
    adopted_holders: dict[Any, Holder],
    years: list[int],
) -> list[ProgrammeChange]:
    """The changes per begrotingsprogramma (no queries), the one without a programme last."""
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
    return programmes


def amendment_draft(*, municipality: Municipality, budget_year: int, moment: str) -> AmendmentDraft:
    """The draft begrotingswijziging for a P&C moment (seven queries)."""
    years = budget_years(budget_year)
    versions = budget_versions(municipality=municipality, budget_year=budget_year)
    now, holders = _portfolio_values_by_initiative(municipality, years)
    adopted, adopted_holders = _adopted_values_by_holder(versions, years, holders)
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
    programmes = _programme_changes(per_holder, holders, adopted_holders, years)
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
