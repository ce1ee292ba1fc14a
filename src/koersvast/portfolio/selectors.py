"""Reads of the portfolio, each with a fixed number of queries whatever its size."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual

from koersvast.core.periods import Quarter
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.models import Municipality

from .choices import LifecycleState, WorkForm
from .models import Domain, Initiative

if TYPE_CHECKING:
    from django.db.models import ForeignKey
    from django_stubs_ext import StrOrPromise


@dataclass
class PortfolioOverview:
    """Counts and budgets of one municipality's portfolio for the overview page."""

    total: int
    by_state: list[tuple[str, StrOrPromise, int]]
    by_domain: list[tuple[Domain, int, Decimal]]
    by_work_form: list[tuple[StrOrPromise, int]]
    urgent: int
    budget_total: Decimal
    running: int = field(default=0)


def portfolio_overview(*, municipality: Municipality) -> PortfolioOverview:
    """Aggregates by lifecycle state, domain and work form (four queries)."""
    initiatives = Initiative.objects.in_municipality(municipality)
    state_counts = dict(
        initiatives.values_list("state").annotate(n=Count("id")).values_list("state", "n")
    )
    domains = (
        Domain.objects.in_municipality(municipality)
        .annotate(
            n=Count("initiatives"),
            budget=Sum("initiatives__budget_capital") + Sum("initiatives__budget_operating"),
        )
        .order_by("order", "name")
    )
    form_counts = dict(
        initiatives.values_list("work_form").annotate(n=Count("id")).values_list("work_form", "n")
    )
    totals = initiatives.aggregate(capital=Sum("budget_capital"), operating=Sum("budget_operating"))
    return PortfolioOverview(
        total=sum(state_counts.values()),
        by_state=[(s.value, s.label, state_counts.get(s.value, 0)) for s in LifecycleState],
        by_domain=[(d, d.n, d.budget or Decimal(0)) for d in domains],
        by_work_form=[(f.label, form_counts.get(f.value, 0)) for f in WorkForm],
        urgent=initiatives.filter(has_political_urgency=True).count(),
        budget_total=(totals["capital"] or Decimal(0)) + (totals["operating"] or Decimal(0)),
        running=state_counts.get(LifecycleState.IN_PROGRESS.value, 0),
    )


def parse_period(value: str) -> tuple[int, int] | None:
    """A period *filter* ("2026" or "2026-Q2") as an inclusive range of quarter ordinals
    (`core.periods.Quarter.ordinal`); None for anything else. (One chosen quarter, "2027-Q3"
    to (year, quarter), is planning's `chosen_quarter`.)"""
    value = (value or "").strip().upper()
    if re.fullmatch(r"\d{4}", value):
        return Quarter(int(value), 1).ordinal, Quarter(int(value), 4).ordinal
    if not re.fullmatch(r"\d{4}-Q[1-4]", value):
        return None
    quarter = Quarter.parse(value)
    return quarter.ordinal, quarter.ordinal


def scope_q(filters: Mapping[str, str], prefix: str = "") -> Q:
    """The shared scope filters (domain, programme, opgave, owner, period) on initiatives as one Q.

    `prefix` reaches the initiative from another model (e.g. "initiative__" for risks), so the
    dashboard and the lists it drills down to select exactly the same initiatives. Owner is any
    member of the driehoek; period keeps initiatives whose run overlaps the year or quarter.
    """
    q = Q()
    if filters.get("domain"):
        q &= Q(**{f"{prefix}domain__code": filters["domain"]})
    if str(filters.get("programme", "")).isdigit():
        q &= Q(**{f"{prefix}programme_link__programme_id": int(filters["programme"])})
    if str(filters.get("opgave", "")).isdigit():
        q &= Q(**{f"{prefix}programme_link__programme__opgave_id": int(filters["opgave"])})
    if str(filters.get("owner", "")).isdigit():
        owner = int(filters["owner"])
        q &= (
            Q(**{f"{prefix}contractor_id": owner})
            | Q(**{f"{prefix}official_sponsor_id": owner})
            | Q(**{f"{prefix}political_sponsor_id": owner})
        )
    period = parse_period(str(filters.get("period", "")))
    if period is not None:
        first, last = period
        start = F(f"{prefix}start_year") * 4 + F(f"{prefix}start_quarter") - 1
        end = start + F(f"{prefix}duration_quarters") - 1
        q &= Q(**{f"{prefix}start_year__isnull": False, f"{prefix}start_quarter__isnull": False})
        q &= Q(LessThanOrEqual(start, last)) & Q(GreaterThanOrEqual(end, first))
    return q


def initiative_list(
    *, user: Any, municipality: Municipality, filters: dict[str, str]
) -> QuerySet[Initiative]:
    """The initiatives the user may see in the active municipality, filtered."""
    queryset = (
        Initiative.objects.for_user(user)
        .in_municipality(municipality)
        .select_related("domain", "taakveld")
        .order_by("reference")
    )
    if filters.get("domain"):
        queryset = queryset.filter(domain__code=filters["domain"])
    if filters.get("state"):
        queryset = queryset.filter(state=filters["state"])
    if filters.get("work_form"):
        queryset = queryset.filter(work_form=filters["work_form"])
    scope = scope_q(filters)
    if scope:
        queryset = queryset.filter(scope)
    if filters.get("q"):
        queryset = queryset.filter(title__icontains=filters["q"]) | queryset.filter(
            reference__icontains=filters["q"]
        )
    return queryset


#: The initiative's people, fetched together by `initiative_get`.
PEOPLE = ("submitted_by", "political_sponsor", "official_sponsor", "contractor")


def initiative_get(*, user: Any, pk: int, with_demand: bool = True) -> Initiative:
    """One initiative the user may see, with its relations; 404 otherwise.

    `with_demand=False` leaves out its capacity demand (two queries) for pages that do not
    show it.
    """
    queryset = Initiative.objects.select_related("domain", "taakveld", "municipality", "wsjf")
    if with_demand:
        queryset = queryset.prefetch_related("demands__pool")
    initiative = get_for_user_or_404(queryset, user, pk=pk)
    _attach_people(initiative)
    return initiative


def _attach_people(initiative: Initiative) -> None:
    """Load the initiative's people with one query and set them on it.

    Joining the user table four times into the initiative's query (select_related) cost
    PostgreSQL 4–5 ms of planning on every initiative page, more than the extra query does.
    """
    relations = [cast("ForeignKey[Any, Any]", Initiative._meta.get_field(name)) for name in PEOPLE]
    ids = {getattr(initiative, relation.attname) for relation in relations} - {None}
    people = get_user_model().objects.in_bulk(ids) if ids else {}
    for relation in relations:
        relation.set_cached_value(initiative, people.get(getattr(initiative, relation.attname)))
