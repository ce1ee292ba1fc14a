"""Benchmark figures, computed live in the database, and peer groups with k-anonymity.

One annotated query (correlated subqueries) and one grouped statement for the lead times
yield one row of figures per municipality; no Python loop over initiatives. Peer statistics
(p25/p50/p75) are then taken over at most a few hundred rows. Only opted-in municipalities
enter any aggregate; a peer group always holds at least K of them, and a figure is only
summarised when at least K of them have it.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Avg,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Cast, Greatest, Least, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from koersvast.capacity.models import PoolCapacity
from koersvast.core.numbers import format_integer
from koersvast.intake.models import Transition
from koersvast.monitoring.models import Benefit, BenefitMeasurement, Milestone
from koersvast.portfolio.choices import LifecycleState as S
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality

from .models import BenchmarkSettings

K = 5  # k-anonymity: never an aggregate over fewer than K municipalities

# Population classes: (lower bound inclusive, upper bound exclusive or None).
CLASSES: list[tuple[int, int | None]] = [
    (0, 20_000),
    (20_000, 50_000),
    (50_000, 100_000),
    (100_000, 250_000),
    (250_000, None),
]

# The portfolio: initiatives that are submitted and neither closed nor turned down.
OPEN_STATES = [
    S.SUBMITTED,
    S.INTAKE,
    S.ADVICE,
    S.DECISION,
    S.ADMITTED,
    S.PLANNED,
    S.IN_PROGRESS,
    S.PAUSED,
    S.RETURNED,
    S.PARKED,
]


@dataclass(frozen=True)
class Figure:
    key: str
    label: Any
    unit: Any
    decimals: int = 1


FIGURES: list[Figure] = [
    Figure("portfolio_per_10k", _("Portfoliogrootte per 10.000 inwoners"), _("initiatieven")),
    Figure("fte_per_10k", _("Capaciteit per 10.000 inwoners"), _("fte")),
    Figure("lead_intake_decision", _("Doorlooptijd intake → besluit"), _("dagen"), 0),
    Figure("lead_decision_start", _("Doorlooptijd besluit → start"), _("dagen"), 0),
    Figure("urgency_share", _("Aandeel met bestuurlijke urgentie"), pgettext_lazy("unit", "%")),
    Figure("milestones_on_time", _("Mijlpalen op tijd gehaald"), pgettext_lazy("unit", "%")),
    Figure("finished_on_time", _("Initiatieven op tijd afgerond"), pgettext_lazy("unit", "%")),
    Figure("benefits_realised", _("Gerealiseerd deel van de baten"), pgettext_lazy("unit", "%")),
]


def participant_ids() -> QuerySet:
    """Ids of the municipalities that opted in (a subquery, evaluated in the database)."""
    return BenchmarkSettings.objects.filter(opted_in=True).values("municipality_id")


def _count(queryset: QuerySet) -> Subquery:
    return Subquery(
        queryset.filter(municipality=OuterRef("pk"))
        .order_by()
        .values("municipality")
        .annotate(n=Count("pk"))
        .values("n")
    )


# Lead times: one pass over the transitions, grouped per initiative and then per municipality.
# Correlated subqueries per initiative (first move into a state, twice per figure) made the
# database repeat ~400,000 index lookups for 342 × 300 initiatives; the ORM cannot aggregate
# over a grouped subquery per municipality, so this one statement is written in SQL.
_LEAD_SQL = """
SELECT firsts.municipality_id,
       AVG(CASE WHEN firsts.a1 >= firsts.a0 THEN {diff_a} END),
       AVG(CASE WHEN firsts.b1 >= firsts.b0 THEN {diff_b} END)
FROM (
    SELECT t.municipality_id,
           MIN(CASE WHEN t.to_state = %s THEN t.created_at END) AS a0,
           MIN(CASE WHEN t.to_state IN (%s, %s) THEN t.created_at END) AS a1,
           MIN(CASE WHEN t.to_state = %s THEN t.created_at END) AS b0,
           MIN(CASE WHEN t.to_state = %s THEN t.created_at END) AS b1
    FROM {transitions} t
    WHERE t.to_state IN (%s, %s, %s, %s) AND t.municipality_id IN ({ids})
    GROUP BY t.municipality_id, t.initiative_id
) firsts
GROUP BY firsts.municipality_id
"""
_SECONDS = {
    "postgresql": "EXTRACT(EPOCH FROM (firsts.{end} - firsts.{start}))",
    "sqlite": "(julianday(firsts.{end}) - julianday(firsts.{start})) * 86400.0",
}


def lead_times(municipality_ids: QuerySet | list[int]) -> dict[int, tuple[Any, Any]]:
    """Per municipality: the average time (timedelta) from the first move into `intake` to
    the first into `opgenomen`/`afgewezen`, and from the first into `opgenomen` to the first
    into `in_uitvoering`; only initiatives that made both moves, in that order, count."""
    ids = Municipality.objects.filter(pk__in=municipality_ids).order_by().values("pk")
    ids_sql, ids_params = ids.query.sql_with_params()
    seconds = _SECONDS.get(connection.vendor, _SECONDS["postgresql"])
    sql = _LEAD_SQL.format(
        diff_a=seconds.format(start="a0", end="a1"),
        diff_b=seconds.format(start="b0", end="b1"),
        transitions=connection.ops.quote_name(Transition._meta.db_table),
        ids=ids_sql,
    )
    states = [S.INTAKE, S.ADMITTED, S.REJECTED, S.ADMITTED, S.IN_PROGRESS]
    with connection.cursor() as cursor:
        relevant = [S.INTAKE, S.ADMITTED, S.REJECTED, S.IN_PROGRESS]
        cursor.execute(sql, [*map(str, states), *map(str, relevant), *ids_params])
        rows = cursor.fetchall()
    return {
        municipality_id: (_delta(first), _delta(second)) for municipality_id, first, second in rows
    }


def _delta(seconds: Any) -> timedelta | None:
    return None if seconds is None else timedelta(seconds=float(seconds))


def _fte() -> Subquery:
    """Average total FTE per quarter (over the quarters for which capacity is recorded)."""
    quarter_key = ExpressionWrapper(F("year") * 4 + F("quarter"), output_field=FloatField())
    return Subquery(
        PoolCapacity.objects.filter(municipality=OuterRef("pk"))
        .order_by()
        .values("municipality")
        .annotate(
            v=Cast(Sum("fte"), FloatField()) / Cast(Count(quarter_key, distinct=True), FloatField())
        )
        .values("v"),
        output_field=FloatField(),
    )


def _milestones_on_time() -> Subquery:
    return Subquery(
        Milestone.objects.filter(municipality=OuterRef("pk"), actual_date__isnull=False)
        .order_by()
        .values("municipality")
        .annotate(
            v=Cast(Count("pk", filter=Q(actual_date__lte=F("baseline_date"))), FloatField())
            / Cast(Count("pk"), FloatField())
        )
        .values("v"),
        output_field=FloatField(),
    )


def _finished_on_time() -> Subquery:
    """Share of finished initiatives whose actual end is no later than their planned end.

    Actual end: the date of the first recorded transition to `afgerond` (written by the
    system when it happens, so it cannot be typed in afterwards). Planned end: the latest
    *baseline* date among the initiative's milestones (the baseline, not the forecast, so
    re-forecasting late work does not make it count as on time). Initiatives without a
    milestone have no baseline to be late against and are left out of the share.
    """
    # Starting from the transitions into `afgerond` (one per initiative: the lifecycle only
    # leaves that state for `batenrealisatie`) keeps the per-row subquery to finished work.
    planned_end = Subquery(
        Milestone.objects.filter(initiative=OuterRef("initiative"))
        .order_by()
        .values("initiative")
        .annotate(end=Max("baseline_date"))
        .values("end")
    )
    per_initiative = (
        Transition.objects.filter(municipality=OuterRef("pk"), to_state=S.COMPLETED)
        .annotate(finished_on=TruncDate("created_at"), planned_end=planned_end)
        .filter(planned_end__isnull=False)
        .order_by()
        .values("municipality")
        .annotate(
            v=Cast(
                Count("initiative", distinct=True, filter=Q(finished_on__lte=F("planned_end"))),
                FloatField(),
            )
            / Cast(Count("initiative", distinct=True), FloatField())
        )
        .values("v")
    )
    return Subquery(per_initiative, output_field=FloatField())


def _benefits_realised(today: date) -> Subquery:
    """Average realised share of the benefits that were due by `today`.

    Per benefit with a target date on or before today, a target different from its baseline
    and at least one measurement: (latest measurement − baseline) / (target − baseline),
    clipped to 0…1 (overshooting counts as the whole target, a move the wrong way as none),
    so one outlier cannot dominate a municipality's figure.
    """
    latest = Subquery(
        BenefitMeasurement.objects.filter(benefit=OuterRef("pk"))
        .order_by("-measured_on", "-pk")
        .values("value")[:1]
    )
    as_float = {"output_field": FloatField()}
    share = (Cast("latest", **as_float) - Cast("baseline", **as_float)) / (
        Cast("target", **as_float) - Cast("baseline", **as_float)
    )
    clipped = Greatest(Least(share, 1.0, **as_float), 0.0, **as_float)
    per_benefit = (
        Benefit.objects.filter(municipality=OuterRef("pk"), target_date__lte=today)
        .exclude(target=F("baseline"))
        .annotate(latest=latest)
        .filter(latest__isnull=False)
        .order_by()
        .values("municipality")
        .annotate(v=Avg(clipped))
        .values("v")
    )
    return Subquery(per_benefit, output_field=FloatField())


def figures_queryset(municipality_ids: QuerySet | list[int], today: date | None = None) -> QuerySet:
    """One row per municipality with the raw ingredients of every figure."""
    today = today or timezone.localdate()
    portfolio = Initiative.objects.filter(state__in=OPEN_STATES)
    return (
        Municipality.objects.filter(pk__in=municipality_ids)
        .annotate(
            participating=Exists(participant_ids().filter(municipality_id=OuterRef("pk"))),
            n_portfolio=_count(portfolio),
            n_urgent=_count(portfolio.filter(has_political_urgency=True)),
            fte=_fte(),
            on_time=_milestones_on_time(),
            finished_on_time=_finished_on_time(),
            benefits_realised=_benefits_realised(today),
        )
        .order_by("pk")
        .values(
            "pk",
            "inhabitants",
            "participating",
            "n_portfolio",
            "n_urgent",
            "fte",
            "on_time",
            "finished_on_time",
            "benefits_realised",
        )
    )


@contextmanager
def _without_jit() -> Iterator[None]:
    """PostgreSQL's JIT compiles these many-small-lookups plans for longer than they run
    (1–7 s against ~0.5 s at 342 municipalities): switch it off for this transaction only."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield


def figure_rows(
    municipality_ids: QuerySet | list[int], today: date | None = None
) -> list[dict[str, Any]]:
    """The ingredients of every figure per municipality: two queries, whatever the data."""
    with _without_jit():
        rows = list(figures_queryset(municipality_ids, today))
        leads = lead_times(municipality_ids)
    for row in rows:
        row["lead_1"], row["lead_2"] = leads.get(row["pk"], (None, None))
    return rows


def _days(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, timedelta):
        return value.total_seconds() / 86_400
    return float(value) / 86_400_000_000  # microseconds (backends without a duration type)


def _figures(row: dict[str, Any]) -> dict[str, float | None]:
    """Turn the ingredients of one row into the figures (per 10,000 inhabitants, %, days)."""
    per_10k = 10_000 / row["inhabitants"] if row["inhabitants"] else None
    n = row["n_portfolio"] or 0
    return {
        "portfolio_per_10k": n * per_10k if per_10k else None,
        "fte_per_10k": row["fte"] * per_10k if per_10k and row["fte"] is not None else None,
        "lead_intake_decision": _days(row["lead_1"]),
        "lead_decision_start": _days(row["lead_2"]),
        "urgency_share": 100 * (row["n_urgent"] or 0) / n if n else None,
        "milestones_on_time": _percent(row["on_time"]),
        "finished_on_time": _percent(row["finished_on_time"]),
        "benefits_realised": _percent(row["benefits_realised"]),
    }


def _percent(fraction: float | None) -> float | None:
    return 100 * fraction if fraction is not None else None


def domain_shares(municipality_ids: QuerySet | list[int]) -> dict[int, dict[str, float]]:
    """Share (%) of the portfolio per domain code, per municipality (one grouped query)."""
    rows = (
        Initiative.objects.filter(municipality_id__in=municipality_ids, state__in=OPEN_STATES)
        .order_by()
        .values("municipality_id", "domain__code")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, dict[str, int]] = {}
    for row in rows:  # one row per municipality and domain, not per initiative
        counts.setdefault(row["municipality_id"], {})[row["domain__code"]] = row["n"]
    return {
        mid: {code: 100 * n / sum(per.values()) for code, n in per.items()}
        for mid, per in counts.items()
    }


def class_index(inhabitants: int) -> int:
    for index, (low, high) in enumerate(CLASSES):
        if inhabitants >= low and (high is None or inhabitants < high):
            return index
    return 0


def class_label(index: int) -> str:
    low, high = CLASSES[index]
    if high is None:
        return f"≥ {format_integer(low)}"
    if low == 0:
        return f"< {format_integer(high)}"
    return f"{format_integer(low)} – {format_integer(high)}"


def peer_groups(class_counts: list[int], k: int = K) -> list[list[int]]:
    """Partition the population classes into groups of adjacent classes with ≥ k members.

    Classes are taken from small to large; a group closes once it has k members; a last
    group that stays below k is merged into the one before it. A partition (not a window
    around each municipality) means that no two groups overlap, so no figure can be
    recovered by subtracting one group from another. Empty if all classes hold < k.
    """
    if sum(class_counts) < k:
        return []
    groups: list[list[int]] = []
    current: list[int] = []
    size = 0
    for index, count in enumerate(class_counts):
        current.append(index)
        size += count
        if size >= k:
            groups.append(current)
            current, size = [], 0
    if current:
        groups[-1].extend(current)
    return groups


@dataclass
class Row:
    key: str
    label: Any
    unit: Any
    decimals: int
    own: float | None
    p25: float | None = None
    p50: float | None = None
    p75: float | None = None
    n: int = 0


@dataclass
class Report:
    """What the page shows: the own figures and, for participants, the peer statistics."""

    opted_in: bool
    participants: int
    rows: list[Row] = field(default_factory=list)
    group_label: str = ""
    group_size: int = 0
    too_few: bool = False

    @property
    def comparable(self) -> bool:
        return self.opted_in and not self.too_few


def _quartiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) == 1:
        return values[0], values[0], values[0]
    p25, p50, p75 = statistics.quantiles(values, n=4, method="inclusive")
    return p25, p50, p75


def benchmark_report(municipality: Municipality, k: int = K, today: date | None = None) -> Report:
    """The own figures and, if the municipality takes part, the peer group's quartiles.

    Three queries whatever the number of municipalities: the settings, the figures and the
    domain shares. Peer values never leave this function other than as p25/p50/p75 over at
    least k municipalities.
    """
    opted_in = BenchmarkSettings.objects.filter(municipality=municipality, opted_in=True).exists()
    ids = Municipality.objects.filter(Q(pk__in=participant_ids()) | Q(pk=municipality.pk)).values(
        "pk"
    )
    data = figure_rows(ids, today)
    shares = domain_shares(ids)
    own_row = next(r for r in data if r["pk"] == municipality.pk)
    own = _figures(own_row)
    own_shares = shares.get(municipality.pk, {})
    participants = [r for r in data if r["participating"]]
    report = Report(opted_in=opted_in, participants=len(participants))

    rows = [Row(f.key, f.label, f.unit, f.decimals, own[f.key]) for f in FIGURES]
    from koersvast.portfolio.models import Domain

    domains = Domain.objects.filter(municipality=municipality, code__in=own_shares.keys())
    domain_names = dict(domains.order_by("order", "name").values_list("code", "name"))
    for code, name in domain_names.items():
        rows.append(
            Row(
                f"domain:{code}",
                _("Aandeel domein %(name)s") % {"name": name},
                pgettext_lazy("unit", "%"),
                1,
                own_shares.get(code),
            )
        )
    report.rows = rows
    if not opted_in:
        return report

    counts = [0] * len(CLASSES)
    for r in participants:
        counts[class_index(r["inhabitants"])] += 1
    groups = peer_groups(counts, k)
    if not groups:
        report.too_few = True
        return report
    own_class = class_index(municipality.inhabitants)
    group = next(g for g in groups if own_class in g)
    peers = [r for r in participants if class_index(r["inhabitants"]) in group]
    report.group_size = len(peers)
    report.group_label = _labels([c for c in group if counts[c]])
    peer_figures = [(_figures(r), shares.get(r["pk"], {})) for r in peers]
    for row in rows:
        if row.key.startswith("domain:"):
            code = row.key.split(":", 1)[1]
            values = [s.get(code, 0.0) for f, s in peer_figures if f["portfolio_per_10k"]]
        else:
            values = [value for f, _s in peer_figures if (value := f[row.key]) is not None]
        row.n = len(values)
        if len(values) >= k:  # a figure few peers have would expose them
            row.p25, row.p50, row.p75 = _quartiles(sorted(values))
    return report


def _labels(group: list[int]) -> str:
    low = CLASSES[group[0]][0]
    high = CLASSES[group[-1]][1]
    if high is None and low == 0:
        return str(_("alle gemeenten"))
    if high is None:
        return str(_("%(low)s inwoners of meer")) % {"low": format_integer(low)}
    if low == 0:
        return str(_("minder dan %(high)s inwoners")) % {"high": format_integer(high)}
    return str(_("%(low)s tot %(high)s inwoners")) % {
        "low": format_integer(low),
        "high": format_integer(high),
    }
