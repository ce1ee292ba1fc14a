"""Reads of the bestuurlijke agenda, each with its joins, so a page's query count does not grow
with the data."""

from __future__ import annotations

import datetime
import re
from calendar import monthrange
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from koersvast.intake.models import Decision, DecisionBody
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.models import Municipality

from .choices import ItemKind, ItemStatus
from .models import AgendaMoment, CouncilItem, CouncilSettings

PLANNING_MONTHS = 3
ITEM_FILTERS = ("kind", "status", "owner", "initiative", "q", "overdue")


def settings_for(municipality: Municipality) -> CouncilSettings:
    """The municipality's settings; the defaults (not saved) when none are stored."""
    stored = CouncilSettings.objects.in_municipality(municipality).first()
    return stored or CouncilSettings(municipality=municipality)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, monthrange(year, month)[1]))


# --- bestuurlijke planning -------------------------------------------------------------------


def moments_of(initiative: Initiative) -> list[AgendaMoment]:
    """An initiative's college and raad moments with their body and decision (one query)."""
    return list(
        AgendaMoment.objects.filter(initiative=initiative).select_related("body", "decision")
    )


def moment_get(*, user: Any, pk: int) -> AgendaMoment:
    return get_for_user_or_404(
        AgendaMoment.objects.select_related("initiative", "body", "decision"), user, pk=pk
    )


@dataclass(frozen=True)
class Planning:
    """The municipality-wide bestuurlijke planning for a period."""

    start: datetime.date
    end: datetime.date
    moments: list[AgendaMoment]
    late: list[AgendaMoment]


def planning(
    *, municipality: Municipality, body: str = "", today: datetime.date | None = None
) -> Planning:
    """Moments in the next three months (planned or held), and those planned before today
    that have not been held yet; optionally of one body (its id). Two queries."""
    today = today or timezone.localdate()
    end = add_months(today, PLANNING_MONTHS)
    moments = AgendaMoment.objects.in_municipality(municipality).select_related(
        "initiative", "body", "decision"
    )
    if body.isdigit():
        moments = moments.filter(body_id=int(body))
    upcoming = list(moments.between(today, end).order_by("planned_on", "id"))
    late = list(moments.filter(held_on=None, planned_on__lt=today).order_by("planned_on", "id"))
    return Planning(start=today, end=end, moments=upcoming, late=late)


def bodies_of(municipality: Municipality) -> QuerySet[DecisionBody]:
    return DecisionBody.objects.in_municipality(municipality).filter(retired_at=None)


# --- toezeggingen, moties en amendementen ----------------------------------------------------


def items(*, municipality: Municipality, filters: dict[str, str]) -> QuerySet[CouncilItem]:
    """The register, filtered: kind, status, owner (id), initiative (id), text, overdue."""
    result = CouncilItem.objects.in_municipality(municipality).select_related("owner")
    if filters.get("kind") in ItemKind.values:
        result = result.filter(kind=filters["kind"])
    if filters.get("status") in ItemStatus.values:
        result = result.filter(status=filters["status"])
    if (owner := filters.get("owner", "")).isdigit():
        result = result.filter(owner_id=int(owner))
    if (initiative := filters.get("initiative", "")).isdigit():
        result = result.filter(initiatives=int(initiative))
    if query := filters.get("q", "").strip():
        result = result.filter(
            Q(title__icontains=query) | Q(number__icontains=query) | Q(summary__icontains=query)
        )
    if filters.get("overdue"):
        result = result.overdue()
    return result.prefetch_related(
        Prefetch("initiatives", queryset=Initiative.objects.only("id", "reference", "title"))
    ).order_by("due_on", "id")


def item_get(*, user: Any, pk: int) -> CouncilItem:
    return get_for_user_or_404(
        CouncilItem.objects.select_related("owner").prefetch_related("initiatives"), user, pk=pk
    )


def items_of(initiative: Initiative) -> list[CouncilItem]:
    """The toezeggingen, moties and amendementen about one initiative (one query)."""
    return list(initiative.council_items.select_related("owner").order_by("due_on", "id"))


def overdue_items(
    *, municipality: Municipality, today: datetime.date | None = None, limit: int | None = None
) -> list[CouncilItem]:
    """Open items past their due date, the oldest first (one query, two with initiatives)."""
    result = (
        CouncilItem.objects.in_municipality(municipality)
        .overdue(today)
        .select_related("owner")
        .prefetch_related(
            Prefetch("initiatives", queryset=Initiative.objects.only("id", "reference", "title"))
        )
        .order_by("due_on", "id")
    )
    return list(result[:limit] if limit else result)


def overdue_for_report(
    *, municipality: Municipality, today: datetime.date | None = None
) -> list[dict[str, Any]]:
    """The overdue items as plain data for a frozen raad report (JSON; no names of people:
    the report goes to the raad). Two queries."""
    today = today or timezone.localdate()
    return [
        {
            "kind": item.kind,
            "kind_label": str(item.get_kind_display()),
            "number": item.number,
            "title": item.title,
            "dated_on": f"{item.dated_on:%d-%m-%Y}",
            "due_on": f"{item.due_on:%d-%m-%Y}",
            "days_late": (today - item.due_on).days,
            "initiatives": [i.reference for i in item.initiatives.all()],
        }
        for item in overdue_items(municipality=municipality, today=today)
    ]


def overdue_count(*, municipality: Municipality, today: datetime.date | None = None) -> int:
    return CouncilItem.objects.in_municipality(municipality).overdue(today).count()


def owner_choices(municipality: Municipality) -> list[tuple[int, str]]:
    """Members of the municipality (current roles), for the owner field and filter."""
    from django.contrib.auth import get_user_model

    from koersvast.tenancy.models import current_q

    users = (
        get_user_model()
        .objects.filter(current_q(prefix="memberships__"), memberships__municipality=municipality)
        .filter(is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    return [(user.pk, user.get_full_name() or user.username) for user in users]


# --- the public decision list (Woo) ----------------------------------------------------------


def public_municipality(code: str) -> Municipality | None:
    """The municipality whose public decision list is at `code` (its CBS code, any case), or
    None when there is none or the municipality has switched the list off."""
    # A CBS code is "GM" and four digits; anything else (a NUL byte, say, which PostgreSQL
    # refuses in a query) is no municipality.
    if not re.fullmatch(r"[Gg][Mm]\d{4}", code):
        return None
    municipality = Municipality.objects.filter(cbs_code__iexact=code).first()
    if municipality is None or not settings_for(municipality).publish_decisions:
        return None
    return municipality


@dataclass(frozen=True)
class PublicDecision:
    """One decision as published: no person, no user id, nothing but these fields."""

    body: str
    date: datetime.date
    subject: str
    outcome: str
    rationale: str


def public_decisions(*, municipality: Municipality) -> list[PublicDecision]:
    """The decisions the municipality marked public, newest first (one query). Built from
    named columns only, so nothing about the people involved can slip through."""
    rows = (
        Decision.objects.in_municipality(municipality)
        .filter(is_public=True)
        .order_by("-created_at", "-id")
        .values_list(
            "body__name",
            "meeting__date",
            "created_at",
            "initiative__reference",
            "initiative__title",
            "outcome",
            "rationale",
        )
    )
    from koersvast.intake.choices import DecisionOutcome

    labels = dict(DecisionOutcome.choices)
    result = []
    for body, meeting_date, created_at, reference, title, outcome, rationale in rows:
        result.append(
            PublicDecision(
                body=body,
                date=meeting_date or timezone.localtime(created_at).date(),
                subject=f"{reference} {title}",
                outcome=str(labels.get(outcome, outcome)),
                rationale=rationale,
            )
        )
    return result


def publishable_decisions(*, municipality: Municipality) -> QuerySet[Decision]:
    """Every decision of the municipality, for marking public or not (newest first)."""
    return (
        Decision.objects.in_municipality(municipality)
        .select_related("initiative", "body", "meeting")
        .order_by("-created_at", "-id")
    )
