"""The MIP (meerjareninvesteringsplan): every investment of the portfolio with its kapitaallasten
per year."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from koersvast.tenancy.models import Municipality

from .. import kapitaallasten as kl
from ..choices import DepreciationMethod, Utility
from ..models import Investment
from ..services import settings_for
from .estimate import (
    INVESTMENT_VALUES,
    ZERO,
    budget_years,
    engine_investments,
    portfolio_initiatives,
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
        engine = engine_investments([row])[0]
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
