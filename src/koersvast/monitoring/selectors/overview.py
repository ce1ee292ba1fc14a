"""The monitoring overview page: colours, overdue reports, top risks, benefits per objective."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from koersvast.portfolio.choices import BudgetKind
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality

from ..models import (
    Risk,
)
from .benefits import ObjectiveRollup, benefits_by_objective
from .periods import reporting_period
from .reports import colour_counts, overdue_initiatives, rag_definitions
from .risks import top_risks

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass
class MonitoringOverview:
    colours: dict[str, int]
    overdue: list[Initiative]
    overdue_count: int
    period: str
    top_risks: list[Risk]
    objectives: list[ObjectiveRollup]
    rag_definitions: list[tuple[str, str, str]]
    kinds: list[tuple[str, StrOrPromise]] = field(default_factory=lambda: list(BudgetKind.choices))


def monitoring_overview(
    *, municipality: Municipality, today: datetime.date, overdue_limit: int = 20
) -> MonitoringOverview:
    overdue = overdue_initiatives(today=today, municipality=municipality).select_related(
        "contractor"
    )
    year, quarter = reporting_period(today)
    return MonitoringOverview(
        colours=colour_counts(municipality=municipality),
        overdue=list(overdue[:overdue_limit]),
        overdue_count=overdue.count(),
        period=f"{year}-Q{quarter}",
        top_risks=top_risks(municipality=municipality),
        objectives=benefits_by_objective(municipality=municipality, today=today),
        rag_definitions=rag_definitions(municipality.pk),
    )
