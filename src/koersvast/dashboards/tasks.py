"""Mijn taken: the work waiting for the user on the home page, per right they hold.

Each kind of task belongs to one right of the policy table: whoever may report progress sees the
progress reports that are due or late for the initiatives they lead; whoever gives advice, the
advice requests still open; whoever manages initiatives, what waits in the intake; whoever
records decisions, the initiatives on a meeting's agenda awaiting a decision and the proposals
about running work they must decide (as its ambtelijk opdrachtgever). Every task links
to the page where the work is done. A kind reads at most two queries, whatever the data.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koersvast.intake.choices import ProposalStatus
from koersvast.intake.models import Advice, Decision, GovernanceProposal, Meeting
from koersvast.intake.services.governance import governance_bodies
from koersvast.monitoring.choices import ReportStatus
from koersvast.monitoring.models import ProgressReport
from koersvast.monitoring.selectors.periods import (
    previous_quarter,
    quarter_of,
    report_due,
    reporting_period,
)
from koersvast.monitoring.selectors.reports import RUNNING_STATES
from koersvast.portfolio.choices import LifecycleState
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action, can

#: How many tasks of one kind the home page lists (the rest behind "alle …").
LIMIT = 8


@dataclass(frozen=True)
class Task:
    """One thing to do, and where to do it."""

    label: str
    url: str
    note: str
    late: bool = False


@dataclass(frozen=True)
class TaskGroup:
    """The tasks of one kind (the first `LIMIT`), their total, and the page with all of them."""

    key: str
    title: str | Promise
    empty: str | Promise
    tasks: list[Task]
    total: int
    more_url: str = ""


def _day(day: datetime.date) -> str:
    return date_format(day, "j F Y")


def _progress_reports(user: Any, municipality: Municipality, today: datetime.date) -> TaskGroup:
    """Running initiatives the user leads without a submitted report over a quarter that is due
    (late) or whose report can be written now (due within the grace days)."""
    late_period = reporting_period(today)
    open_period = previous_quarter(*quarter_of(today))
    periods = [late_period] if open_period == late_period else [open_period, late_period]

    def missing(year: int, quarter: int) -> Any:
        return ~Exists(
            ProgressReport.objects.filter(
                initiative_id=OuterRef("pk"),
                year=year,
                quarter=quarter,
                status=ReportStatus.SUBMITTED,
            )
        )

    led = Initiative.objects.in_municipality(municipality).filter(
        state__in=RUNNING_STATES, contractor=user
    )
    tasks: list[Task] = []
    total = 0
    for year, quarter in periods:  # the open quarter first, then the late one
        due = report_due(year, quarter)
        late = due < today
        rows: QuerySet[Initiative] = led.filter(missing(year, quarter)).order_by("reference")
        total += rows.count()
        for initiative in rows[:LIMIT]:
            note = (
                _("Rapportage %(period)s te laat (uiterlijk %(due)s)")
                if late
                else _("Rapportage %(period)s uiterlijk %(due)s")
            ) % {"period": f"{year}-Q{quarter}", "due": _day(due)}
            url = reverse("monitoring:report_create", args=[initiative.pk])
            tasks.append(Task(f"{initiative.reference} {initiative.title}", url, note, late))
    tasks.sort(key=lambda task: not task.late)  # late ones first
    return TaskGroup(
        "reports",
        gettext_lazy("Voortgangsrapportages"),
        gettext_lazy("Alle rapportages van uw initiatieven zijn ingediend."),
        tasks[:LIMIT],
        total,
        reverse("monitoring:index") + "?overdue=1",
    )


def _advice_requests(user: Any, municipality: Municipality, today: datetime.date) -> TaskGroup:
    """Advice asked and not yet given (asked of every adviser until one gives it)."""
    open_advice = (
        Advice.objects.in_municipality(municipality)
        .with_kind_names()
        .filter(verdict="")
        .select_related("initiative")
        .order_by("created_at", "pk")
    )
    tasks = [
        Task(
            f"{advice.initiative.reference} {advice.initiative.title}",
            reverse("intake:advice_give", args=[advice.pk]),
            _("%(kind)s, gevraagd op %(day)s")
            % {"kind": advice.kind_label, "day": _day(localdate(advice.created_at))},
        )
        for advice in open_advice[:LIMIT]
    ]
    return TaskGroup(
        "advice",
        gettext_lazy("Adviesaanvragen"),
        gettext_lazy("Er wacht geen adviesaanvraag op u."),
        tasks,
        open_advice.count(),
    )


def _intake(user: Any, municipality: Municipality, today: datetime.date) -> TaskGroup:
    """Initiatives submitted or in intake: the portfolio manager moves them on."""
    waiting = (
        Initiative.objects.in_municipality(municipality)
        .filter(state__in=[LifecycleState.SUBMITTED, LifecycleState.INTAKE])
        .order_by("updated_at", "pk")
    )
    tasks = [
        Task(
            f"{initiative.reference} {initiative.title}",
            initiative.get_absolute_url(),
            _("%(state)s sinds %(day)s")
            % {
                "state": initiative.get_state_display(),
                "day": _day(localdate(initiative.updated_at)),
            },
        )
        for initiative in waiting[:LIMIT]
    ]
    return TaskGroup(
        "intake",
        gettext_lazy("Wachten in de intake"),
        gettext_lazy("Er wacht niets in de intake."),
        tasks,
        waiting.count(),
        reverse("intake:board"),
    )


def _decisions(user: Any, municipality: Municipality, today: datetime.date) -> TaskGroup:
    """Initiatives awaiting a decision on the agenda of a meeting, the earliest meeting first."""
    decided = Decision.objects.filter(
        initiative_id=OuterRef("initiative_id"), meeting_id=OuterRef("meeting_id")
    )
    agenda = (
        Meeting.agenda.through.objects.filter(
            meeting__municipality=municipality, initiative__state=LifecycleState.DECISION
        )
        .filter(~Exists(decided))
        .select_related("meeting__body", "initiative")
        .order_by("meeting__date", "meeting_id", "initiative__reference")
    )
    tasks = []
    for item in agenda[:LIMIT]:
        initiative, meeting = item.initiative, item.meeting
        url = reverse("intake:decide", args=[initiative.pk]) + f"?meeting={meeting.pk}"
        note = _("%(body)s, %(day)s") % {"body": meeting.body.name, "day": _day(meeting.date)}
        tasks.append(
            Task(f"{initiative.reference} {initiative.title}", url, note, meeting.date < today)
        )
    return TaskGroup(
        "decisions",
        gettext_lazy("Besluiten op de agenda"),
        gettext_lazy("Er staat geen besluit voor u op de agenda."),
        tasks,
        agenda.count(),
        reverse("intake:meetings"),
    )


def _proposals(user: Any, municipality: Municipality, today: datetime.date) -> TaskGroup:
    """Open proposals about running work that the user decides: as the initiative's ambtelijk
    opdrachtgever, or, for work without one, as whoever records decisions (never the proposer)."""
    waiting = (
        GovernanceProposal.objects.in_municipality(municipality)
        .filter(status=ProposalStatus.OPEN)
        .filter(
            Q(initiative__official_sponsor=user)
            | (
                Q(initiative__official_sponsor__isnull=True)
                & Exists(governance_bodies(user, municipality.pk))
            )
        )
        .exclude(proposed_by=user)
        .select_related("initiative")
        .order_by("created_at", "pk")
    )
    first = list(waiting[:LIMIT])
    tasks = [
        Task(
            f"{proposal.initiative.reference} {proposal.initiative.title}",
            reverse("intake:proposal_decide", args=[proposal.pk]),
            _("%(kind)s, voorgesteld op %(day)s")
            % {"kind": proposal.get_kind_display(), "day": _day(localdate(proposal.created_at))},
        )
        for proposal in first
    ]
    # Usually a handful: counted only when the first page is full (one query otherwise).
    total = waiting.count() if len(first) == LIMIT else len(first)
    return TaskGroup(
        "proposals",
        gettext_lazy("Voorstellen over lopend werk"),
        gettext_lazy("Er wacht geen voorstel over lopend werk op uw besluit."),
        tasks,
        total,
    )


Builder = Callable[[Any, Municipality, datetime.date], TaskGroup]

#: Which right brings which kind of task, in the order the home page shows them.
KINDS: tuple[tuple[Action, Builder], ...] = (
    (Action.PROGRESS_REPORT, _progress_reports),
    (Action.ADVICE_GIVE, _advice_requests),
    (Action.INITIATIVE_MANAGE, _intake),
    (Action.DECISION_RECORD, _decisions),
    (Action.DECISION_RECORD, _proposals),
)


def my_tasks(*, user: Any, municipality: Municipality, today: datetime.date) -> list[TaskGroup]:
    """The task groups of the rights the user holds in the municipality (empty ones included,
    so the page can say there is nothing waiting)."""
    return [
        build(user, municipality, today)
        for action, build in KINDS
        if can(user, municipality.pk, action)
    ]
