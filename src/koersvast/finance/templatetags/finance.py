"""The finance section of an initiative's page (the portfolio app stays unaware of finance)."""

from __future__ import annotations

from typing import Any

from django import template

from ..selectors.estimate import ZERO, default_budget_year
from ..selectors.initiative import initiative_finance

register = template.Library()


@register.inclusion_tag("finance/_initiative_section.html", takes_context=True)
def initiative_finance_section(context: Any, initiative: Any) -> dict[str, Any]:
    """Investments and the uncovered amount per year of the meerjarenraming (four queries)."""
    finance = initiative_finance(initiative=initiative, budget_year=default_budget_year())
    return {
        "request": context.get("request"),
        "initiative": initiative,
        "finance": finance,
        "uncovered": list(zip(finance.raming.years, finance.raming.uncovered, strict=True)),
        "investment_total": sum((i.amount for i in finance.investments), ZERO),
    }


@register.inclusion_tag("finance/_budget_effect.html", takes_context=True)
def initiative_budget_effect(context: Any, initiative: Any) -> dict[str, Any]:
    """What an initiative costs per year of the meerjarenraming, structural and incidental, and
    what is still to fund (four queries): shown where a decision asks for extra middelen."""
    finance = initiative_finance(initiative=initiative, budget_year=default_budget_year())
    return {
        "request": context.get("request"),
        "initiative": initiative,
        "has_figures": finance.has_figures,
        "years": finance.raming.years,
        "effects": finance.raming.effects(),
    }
