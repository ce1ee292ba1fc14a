"""The funnel as a kanban board, and a submitter's own initiatives."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from koersvast.portfolio.choices import INTAKE_STATES
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality

# What lists of initiatives show; loading only these keeps large portfolios fast.
LIST_FIELDS = (
    "reference",
    "title",
    "state",
    "municipality_id",
    "domain__name",
    "domain__code",
    "has_political_urgency",
)


BOARD_FLAGS = {
    "urgent": Q(has_political_urgency=True),
    "statutory": Q(is_statutory=True),
    "continuity": Q(is_continuity=True),
}


CARDS_PER_COLUMN = 50


@dataclass
class BoardColumn:
    """A kanban column: the first cards of a lifecycle state and how many there are in all."""

    state: str
    label: str
    cards: list[Initiative]
    total: int

    @property
    def hidden(self) -> int:
        return self.total - len(self.cards)


def intake_board(
    *, user: Any, municipality: Municipality, filters: dict[str, str]
) -> list[BoardColumn]:
    """The funnel as kanban columns, filtered by domain, owner, work form and flag (one query)."""
    initiatives = (
        Initiative.objects.for_user(user)
        .in_municipality(municipality)
        .filter(state__in=INTAKE_STATES)
        .select_related("domain")
        .only(*LIST_FIELDS)
        .order_by("reference")
    )
    if filters.get("domain"):
        initiatives = initiatives.filter(domain__code=filters["domain"])
    if filters.get("work_form"):
        initiatives = initiatives.filter(work_form=filters["work_form"])
    if filters.get("owner"):
        initiatives = initiatives.filter(official_sponsor__username=filters["owner"])
    if filters.get("flag") in BOARD_FLAGS:
        initiatives = initiatives.filter(BOARD_FLAGS[filters["flag"]])
    columns: dict[str, list[Initiative]] = {state.value: [] for state in INTAKE_STATES}
    for initiative in initiatives:
        columns[initiative.state].append(initiative)
    return [
        BoardColumn(
            state.value,
            str(state.label),
            columns[state.value][:CARDS_PER_COLUMN],
            len(columns[state.value]),
        )
        for state in INTAKE_STATES
    ]


def my_initiatives(*, user: Any, municipality: Municipality) -> QuerySet[Initiative]:
    return (
        Initiative.objects.in_municipality(municipality)
        .filter(submitted_by=user)
        .select_related("domain")
        .order_by("-updated_at")
    )
