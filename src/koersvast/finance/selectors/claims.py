"""What initiatives claim of the budget per year, as planning weighs it: exploitatie room,
krediet and the effect of extra middelen."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

from koersvast.tenancy.models import Municipality

from .. import kapitaallasten as kl
from ..choices import FundingSource, Side
from ..extra_cost import CostEffect, cost_effect
from ..models import ExploitationLine, Funding, Investment
from ..services import settings_for
from .estimate import INVESTMENT_VALUES, ZERO, amounts_by_nature, engine_investments
from .resistance import free_reserve_room


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
        investments.setdefault(row["initiative_id"], []).extend(engine_investments([row]))
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
        spread = amounts_by_nature(signed.get(pk, []), years)
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
