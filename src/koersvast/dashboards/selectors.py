"""Aggregations of the portfolio dashboard, each with a fixed number of queries.

Every function takes the municipality and a `Scope` (the filters domain, programme, opgave,
owner and period) and returns plain dataclasses, so other pages (the P&C reports) can reuse
them. All counting and summing happens in the database with grouped queries; Python only loops
over the fixed sets that come back (states, work forms, domains, pools, colours), never over
initiatives. The scope is the one `portfolio.selectors.scope_q` applies, so the lists a tile
drills down to select exactly the initiatives the tile counted.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from koersvast.capacity.models import Demand
from koersvast.intake.models import Decision
from koersvast.intake.selectors import decisions as intake_selectors
from koersvast.monitoring.choices import Rag, worst_colour
from koersvast.monitoring.models import Milestone, Programme, Risk
from koersvast.monitoring.selectors import benefits as benefit_selectors
from koersvast.monitoring.selectors.benefits import ObjectiveRollup
from koersvast.monitoring.selectors.periods import reporting_period
from koersvast.monitoring.selectors.programmes import programme_list
from koersvast.monitoring.selectors.reports import (
    RUNNING_STATES,
    colour_counts,
    latest_colour,
    overdue_initiatives,
)
from koersvast.monitoring.selectors.risks import risk_register
from koersvast.planning.selectors.drift import PlanDrift, plan_drift
from koersvast.planning.selectors.results import heat_rows
from koersvast.planning.selectors.roadmap import plan_digest
from koersvast.portfolio.choices import LifecycleState, WorkForm
from koersvast.portfolio.models import Domain, Initiative
from koersvast.portfolio.selectors import parse_period, scope_q
from koersvast.tenancy.models import Municipality

ZERO = Decimal(0)
SCOPE_KEYS = ("domain", "programme", "opgave", "owner", "period")
#: Colour keys of the RAG overview, worst last; "" is running work without a report yet.
RAG_KEYS = (Rag.GREEN.value, Rag.ORANGE.value, Rag.RED.value, "")


# --- the scope (filters kept in the URL) -------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Filters of the dashboard; empty strings mean "all"."""

    domain: str = ""
    programme: str = ""
    #: Only initiatives in programmes of this opgave (its id).
    opgave: str = ""
    owner: str = ""
    period: str = ""

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> Scope:
        """The valid filters from a query string; malformed values are dropped."""
        domain = (params.get("domain") or "").strip()[:40]
        programme = (params.get("programme") or "").strip()
        opgave = (params.get("opgave") or "").strip()
        owner = (params.get("owner") or "").strip()
        period = (params.get("period") or "").strip().upper()
        return cls(
            domain=domain,
            programme=programme if programme.isdigit() else "",
            opgave=opgave if opgave.isdigit() else "",
            owner=owner if owner.isdigit() else "",
            period=period if parse_period(period) else "",
        )

    def as_filters(self) -> dict[str, str]:
        return {key: getattr(self, key) for key in SCOPE_KEYS if getattr(self, key)}

    @property
    def is_filtered(self) -> bool:
        return bool(self.as_filters())

    def q(self, prefix: str = "") -> Q:
        return scope_q(self.as_filters(), prefix)


def scoped_initiatives(*, municipality: Municipality, scope: Scope) -> QuerySet[Initiative]:
    """The municipality's initiatives within the scope (no ordering: for aggregation)."""
    return Initiative.objects.in_municipality(municipality).filter(scope.q()).order_by()


_BUDGET = Coalesce(Sum(F("budget_capital") + F("budget_operating")), ZERO)


# --- counts and budget -------------------------------------------------------------------


@dataclass
class GroupRow:
    """One group of initiatives: its filter value, label, count and budget."""

    key: str
    label: str
    count: int = 0
    budget: Decimal = ZERO


@dataclass
class Composition:
    """Counts and budget per lifecycle state and per work form, and the totals."""

    by_state: list[GroupRow]
    by_work_form: list[GroupRow]
    total: int
    budget: Decimal
    #: (state, work form) → count, so other roll-ups need not query again.
    cells: dict[tuple[str, str], int] = field(default_factory=dict)

    def state(self, value: str) -> GroupRow:
        return next(row for row in self.by_state if row.key == value)


def composition(*, municipality: Municipality, scope: Scope) -> Composition:
    """Per state and per work form from one grouped query (state × work form)."""
    rows = (
        scoped_initiatives(municipality=municipality, scope=scope)
        .values("state", "work_form")
        .annotate(n=Count("pk"), budget=_BUDGET)
    )
    states = {s.value: GroupRow(s.value, str(s.label)) for s in LifecycleState}
    forms = {f.value: GroupRow(f.value, str(f.label)) for f in WorkForm}
    cells = {}
    for row in rows:
        cells[row["state"], row["work_form"]] = row["n"]
        for group in (states.get(row["state"]), forms.get(row["work_form"])):
            if group is not None:
                group.count += row["n"]
                group.budget += row["budget"]
    return Composition(
        by_state=list(states.values()),
        by_work_form=list(forms.values()),
        total=sum(g.count for g in states.values()),
        budget=sum((g.budget for g in states.values()), ZERO),
        cells=cells,
    )


def domains_of(municipality: Municipality) -> list[Domain]:
    return list(Domain.objects.in_municipality(municipality).order_by("order", "name", "pk"))


def programmes_of(municipality: Municipality) -> list[Programme]:
    return list(programme_list(municipality=municipality))


def by_domain(
    *, municipality: Municipality, scope: Scope, domains: list[Domain] | None = None
) -> list[GroupRow]:
    """Every domain of the municipality (also empty ones) with count and budget.

    One grouped query, plus one for the domains unless `domains_of()` is passed in.
    """
    sums: dict[int | None, Mapping[str, Any]] = {
        row["domain_id"]: row
        for row in scoped_initiatives(municipality=municipality, scope=scope)
        .values("domain_id")
        .annotate(n=Count("pk"), budget=_BUDGET)
    }
    result = []
    for domain in domains if domains is not None else domains_of(municipality):
        if scope.domain and domain.code != scope.domain:
            continue
        summed = sums.get(domain.pk, {})
        result.append(
            GroupRow(domain.code, domain.name, summed.get("n", 0), summed.get("budget", ZERO))
        )
    return result


@dataclass
class OpgaveRow(GroupRow):
    """One opgave: its initiatives (in its programmes), their budget and the worst colour of
    their latest reports ("" when none has one)."""

    worst: str = ""
    programmes: int = 0


def by_programme_and_opgave(
    *, municipality: Municipality, scope: Scope, programmes: list[Programme] | None = None
) -> tuple[list[GroupRow], list[OpgaveRow]]:
    """Per programme (key = its id, last row "" for work outside any programme) and per opgave
    (key = its id; count, budget, worst colour), from one grouped query (programme × colour).

    The opgaven come with the programmes (`programme_list` selects them), so this costs one
    query, plus one for the programmes unless `programmes_of()` is passed in. An opgave without
    programmes has no initiatives and is left out.
    """
    sums: dict[int | None, dict[str, Any]] = {}
    for grouped in (
        scoped_initiatives(municipality=municipality, scope=scope)
        .annotate(colour=latest_colour())
        .values("programme_link__programme_id", "colour")
        .annotate(n=Count("pk"), budget=_BUDGET)
    ):
        found = sums.setdefault(
            grouped["programme_link__programme_id"], {"n": 0, "budget": ZERO, "colours": set()}
        )
        found["n"] += grouped["n"]
        found["budget"] += grouped["budget"]
        found["colours"].add(grouped["colour"] or "")
    result = []
    opgaven: dict[int, OpgaveRow] = {}
    for programme in programmes if programmes is not None else programmes_of(municipality):
        row = sums.get(programme.pk, {})
        opgave = programme.opgave  # selected with the programmes: no query
        if opgave is not None and (not scope.opgave or str(opgave.pk) == scope.opgave):
            group = opgaven.setdefault(opgave.pk, OpgaveRow(str(opgave.pk), opgave.name))
            group.programmes += 1
            group.count += row.get("n", 0)
            group.budget += row.get("budget", ZERO)
            for colour in row.get("colours", ()):
                group.worst = worst_colour((group.worst, colour))
        if scope.programme and str(programme.pk) != scope.programme:
            continue
        if scope.opgave and str(programme.opgave_id) != scope.opgave:
            continue
        result.append(
            GroupRow(str(programme.pk), programme.name, row.get("n", 0), row.get("budget", ZERO))
        )
    loose = sums.get(None, {})
    if loose.get("n"):
        result.append(GroupRow("", "", loose["n"], loose["budget"]))
    return result, sorted(opgaven.values(), key=lambda g: (g.label, g.key))


def by_programme(
    *, municipality: Municipality, scope: Scope, programmes: list[Programme] | None = None
) -> list[GroupRow]:
    """Per programme (key = its id) plus a last row for work outside any programme (key "")."""
    return by_programme_and_opgave(municipality=municipality, scope=scope, programmes=programmes)[0]


def by_opgave(
    *, municipality: Municipality, scope: Scope, programmes: list[Programme] | None = None
) -> list[OpgaveRow]:
    """Per opgave: count, budget and worst colour of the initiatives in its programmes."""
    return by_programme_and_opgave(municipality=municipality, scope=scope, programmes=programmes)[1]


# --- running work: RAG and overdue reports -----------------------------------------------


def rag_overview(*, municipality: Municipality, scope: Scope) -> list[GroupRow]:
    """Running work per colour of its latest submitted (frozen) report; "" = none yet."""
    counts = colour_counts(municipality=municipality, filters=scope.as_filters())
    return rag_from_colours(counts)


def rag_from_colours(counts: Mapping[str, int]) -> list[GroupRow]:
    labels = {c.value: str(c.label) for c in Rag}
    return [GroupRow(key, labels.get(key, ""), counts.get(key, 0)) for key in RAG_KEYS]


@dataclass
class Overdue:
    period: str
    count: int
    first: list[Initiative]


def overdue_reports(
    *, municipality: Municipality, scope: Scope, today: datetime.date, limit: int = 8
) -> Overdue:
    queryset = overdue_initiatives(
        today=today, municipality=municipality, filters=scope.as_filters()
    ).select_related("contractor")
    year, quarter = reporting_period(today)
    return Overdue(f"{year}-Q{quarter}", queryset.count(), list(queryset[:limit]))


# --- capacity ----------------------------------------------------------------------------


@dataclass
class PoolUtilisation:
    """Demand of the plan of record against a pool's capacity over the planning horizon."""

    code: str
    name: str
    used: float
    capacity: float
    peak_pct: int
    peak_period: str
    over_periods: int

    @property
    def pct(self) -> int:
        return round(self.used / self.capacity * 100) if self.capacity else 0


@dataclass
class CapacityOverview:
    plan_name: str
    periods: list[str]
    pools: list[PoolUtilisation]


def capacity_utilisation(*, municipality: Municipality) -> CapacityOverview | None:
    """Utilisation per pool in the plan of record, as on the planning capacity map.

    It reads the newest finished run of the plan (two queries) through the planning app's own
    heat-map selector; None when there is no calculated plan yet. The plan covers the whole
    portfolio, so the scope filters do not apply here.
    """
    plan, run, problem, solution = plan_digest(municipality=municipality)
    if plan is None or run is None or not problem:
        return None
    pools = []
    for row in heat_rows(problem, solution):
        peak = max(row.cells, key=lambda cell: cell.pct, default=None)
        pools.append(
            PoolUtilisation(
                code=row.code,
                name=row.pool,
                used=float(sum(cell.used for cell in row.cells)),
                capacity=float(sum(cell.capacity for cell in row.cells)),
                peak_pct=peak.pct if peak else 0,
                peak_period=peak.period if peak else "",
                over_periods=sum(1 for cell in row.cells if cell.level == "over"),
            )
        )
    return CapacityOverview(plan.name, list(problem.get("periods", [])), pools)


# --- the uniform roll-up across work forms -----------------------------------------------


@dataclass
class RollupRow:
    """The minimum data set every work form shares, summed over one work form."""

    key: str
    label: str
    count: int = 0
    running: int = 0
    budget: Decimal = ZERO
    colours: dict[str, int] = field(default_factory=dict)
    demand_hours: Decimal = ZERO
    milestones: int = 0
    milestones_done: int = 0

    @property
    def progress_pct(self) -> int | None:
        """Share of milestones achieved; None without milestones."""
        return round(self.milestones_done * 100 / self.milestones) if self.milestones else None

    def add(self, other: RollupRow) -> None:
        self.count += other.count
        self.running += other.running
        self.budget += other.budget
        self.demand_hours += other.demand_hours
        self.milestones += other.milestones
        self.milestones_done += other.milestones_done
        for colour, n in other.colours.items():
            self.colours[colour] = self.colours.get(colour, 0) + n


def work_form_rollup(
    *, municipality: Municipality, scope: Scope, composition_: Composition | None = None
) -> list[RollupRow]:
    """Per work form (programme, project, process, line): state, RAG, budget, demand, progress.

    Three grouped queries on top of `composition` (pass it when you have it already); the last
    row is the portfolio total (key "").
    """
    found = composition_ or composition(municipality=municipality, scope=scope)
    rows = {g.key: RollupRow(g.key, g.label, g.count, budget=g.budget) for g in found.by_work_form}
    for (state, form), n in found.cells.items():
        if state in RUNNING_STATES and form in rows:
            rows[form].running += n
    initiatives = scoped_initiatives(municipality=municipality, scope=scope)
    running = Q(state__in=RUNNING_STATES)
    for row in (
        initiatives.filter(running)
        .annotate(colour=latest_colour())
        .values("work_form", "colour")
        .annotate(n=Count("pk"))
    ):
        if row["work_form"] in rows:
            rows[row["work_form"]].colours[row["colour"]] = row["n"]
    for demanded in (
        Demand.objects.in_municipality(municipality)
        .filter(scope.q("initiative__"))
        .order_by()
        .values("initiative__work_form")
        .annotate(hours=Sum("hours"))
    ):
        if demanded["initiative__work_form"] in rows:
            rows[demanded["initiative__work_form"]].demand_hours = demanded["hours"] or ZERO
    for counted in (
        Milestone.objects.in_municipality(municipality)
        .filter(scope.q("initiative__"))
        .order_by()
        .values("initiative__work_form")
        .annotate(n=Count("pk"), done=Count("pk", filter=Q(actual_date__isnull=False)))
    ):
        if counted["initiative__work_form"] in rows:
            target = rows[counted["initiative__work_form"]]
            target.milestones, target.milestones_done = counted["n"], counted["done"]
    total = RollupRow("", "")
    for form_row in rows.values():
        total.add(form_row)
    return [*rows.values(), total]


# --- risks, benefits, decisions ----------------------------------------------------------


@dataclass
class RiskSummary:
    active: int
    high: int
    top: list[Risk]


#: Score from which a risk counts as high (the red cells of the risk matrix).
HIGH_RISK_SCORE = 15


def top_risks(*, municipality: Municipality, scope: Scope, limit: int = 5) -> RiskSummary:
    """The active risks in scope, highest score first, via the risk register's own selector."""
    risks = risk_register(
        municipality=municipality, filters={"status": "active", **scope.as_filters()}
    )
    counts = risks.order_by().aggregate(
        n=Count("pk"), high=Count("pk", filter=Q(score__gte=HIGH_RISK_SCORE))
    )
    return RiskSummary(counts["n"], counts["high"], list(risks[:limit]))


def benefits_by_objective(
    *, municipality: Municipality, scope: Scope, today: datetime.date
) -> list[ObjectiveRollup]:
    return benefit_selectors.benefits_by_objective(
        municipality=municipality, today=today, filters=scope.as_filters()
    )


def recent_decisions(*, municipality: Municipality, scope: Scope, limit: int = 6) -> list[Decision]:
    """The newest decisions on initiatives in scope (the decision log's own selector)."""
    decisions = intake_selectors.decision_log(municipality=municipality)
    return list(decisions.filter(scope.q("initiative__"))[:limit])


# --- filter choices ----------------------------------------------------------------------


@dataclass
class FilterChoices:
    domains: list[tuple[str, str]]
    programmes: list[tuple[str, str]]
    owners: list[tuple[str, str]]
    periods: list[tuple[str, str]]
    opgaven: list[tuple[str, str]] = field(default_factory=list)


def filter_choices(
    *,
    municipality: Municipality,
    today: datetime.date,
    domains: list[Domain] | None = None,
    programmes: list[Programme] | None = None,
) -> FilterChoices:
    """Options of the filter form: domains, programmes, opgaven (those with a programme, read
    from the programmes, so no query of their own), members (owners) and periods."""
    domains = domains if domains is not None else domains_of(municipality)
    programmes = programmes if programmes is not None else programmes_of(municipality)
    users = (
        get_user_model()
        .objects.filter(memberships__municipality=municipality, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
    periods = []
    for year in range(today.year - 1, today.year + 4):
        periods.append((str(year), str(year)))
        periods.extend((f"{year}-Q{q}", f"{year} Q{q}") for q in range(1, 5))
    return FilterChoices(
        domains=[(d.code, d.name) for d in domains],
        programmes=[(str(p.pk), p.name) for p in programmes],
        owners=[(str(u.pk), u.get_full_name() or u.get_username()) for u in users],
        periods=periods,
        opgaven=sorted(
            {(str(p.opgave.pk), p.opgave.name) for p in programmes if p.opgave is not None},
            key=lambda pair: (pair[1], pair[0]),
        ),
    )


# --- the whole dashboard -----------------------------------------------------------------


@dataclass
class Dashboard:
    scope: Scope
    composition: Composition
    domains: list[GroupRow]
    programmes: list[GroupRow]
    rag: list[GroupRow]
    rollup: list[RollupRow]
    risks: RiskSummary
    benefits: list[ObjectiveRollup]
    decisions: list[Decision]
    overdue: Overdue
    capacity: CapacityOverview | None
    show_capacity: bool
    #: Initiatives behind the plan of record (None without a plan).
    drift: PlanDrift | None = None
    #: Per opgave: count, budget and worst colour.
    opgaven: list[OpgaveRow] = field(default_factory=list)

    @property
    def running(self) -> int:
        return self.composition.state(LifecycleState.IN_PROGRESS.value).count

    @property
    def red(self) -> int:
        return next(row.count for row in self.rag if row.key == Rag.RED.value)


def portfolio_dashboard(
    *,
    municipality: Municipality,
    scope: Scope,
    today: datetime.date,
    with_capacity: bool = True,
    domains: list[Domain] | None = None,
    programmes: list[Programme] | None = None,
) -> Dashboard:
    """Everything the dashboard shows (about twenty queries, whatever the portfolio's size)."""
    found = composition(municipality=municipality, scope=scope)
    rollup = work_form_rollup(municipality=municipality, scope=scope, composition_=found)
    per_programme, per_opgave = by_programme_and_opgave(
        municipality=municipality, scope=scope, programmes=programmes
    )
    return Dashboard(
        scope=scope,
        composition=found,
        domains=by_domain(municipality=municipality, scope=scope, domains=domains),
        programmes=per_programme,
        opgaven=per_opgave,
        # The roll-up already grouped running work by colour: its total row is the overview.
        rag=rag_from_colours(rollup[-1].colours),
        rollup=rollup,
        risks=top_risks(municipality=municipality, scope=scope),
        benefits=benefits_by_objective(municipality=municipality, scope=scope, today=today),
        decisions=recent_decisions(municipality=municipality, scope=scope),
        overdue=overdue_reports(municipality=municipality, scope=scope, today=today),
        capacity=capacity_utilisation(municipality=municipality) if with_capacity else None,
        show_capacity=with_capacity,
        drift=plan_drift(
            municipality_id=municipality.pk,
            today=today,
            scope=scope.q() if scope.is_filtered else None,
        ),
    )


def as_params(scope: Scope, **extra: Any) -> dict[str, str]:
    """Query parameters of a drill-down link: the scope plus the tile's own filter."""
    return {**scope.as_filters(), **{k: str(v) for k, v in extra.items() if v not in ("", None)}}
