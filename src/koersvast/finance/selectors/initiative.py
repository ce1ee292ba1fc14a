"""One initiative's money: its investments, exploitatie and dekking with its raming."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from koersvast.portfolio.models import Initiative
from koersvast.tenancy.access import get_for_user_or_404

from ..choices import Side
from ..models import ExploitationLine, FinanceSettings, Funding, Investment
from ..services import settings_for
from .estimate import Raming, budget_years, build_raming

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
