"""The decision document of an adoption (besluitdocument): what the decision adopted, next
to the plan it replaced. Value, capacity and budget per year of both plans, what moves, and
the levers that became real capacity and budget changes. A fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from koersvast.capacity.models import DecidedChange

from ..models import PlanItem, PlanVersion
from .digest import run_documents
from .plan import baseline_of
from .results import budget_rows, heat_rows


@dataclass
class YearFigure:
    """One year of a plan: value started, capacity used against room, budget against room."""

    year: str
    value: float = 0.0
    started: int = 0
    # Pool name → (hours used, hours available) summed over the year's periods.
    capacity: dict[str, tuple[float, float]] = field(default_factory=dict)
    # Budget kind label → (euros spent, budget room or None: not limited).
    budget: dict[str, tuple[float, float | None]] = field(default_factory=dict)


@dataclass
class Share:
    """Used against available (None: not limited)."""

    used: float
    room: float | None

    @property
    def pct(self) -> int | None:
        if not self.room:
            return None
        return round(self.used / self.room * 100)


def _share(pair: tuple[float, float | None] | None) -> Share | None:
    return Share(*pair) if pair is not None else None


@dataclass
class PlanColumn:
    """One plan in the side-by-side comparison."""

    version: PlanVersion
    planned: int
    left_out: int
    value: float
    years: list[YearFigure]


@dataclass
class Move:
    """An initiative whose place differs between the previous plan and this one."""

    reference: str
    title: str
    initiative_id: int
    before: str  # "2027-Q3", or "" when it was not planned
    after: str
    shift: int | None  # quarters later (positive) or earlier; None when it comes in or goes out
    reason: str = ""

    @property
    def quarters(self) -> int:
        return abs(self.shift or 0)

    @property
    def kind(self) -> str:
        if not self.before:
            return "in"
        if not self.after:
            return "out"
        return "later" if (self.shift or 0) > 0 else "earlier"


@dataclass
class DecisionDocument:
    version: PlanVersion
    previous: PlanVersion | None
    baseline: PlanVersion | None
    columns: list[PlanColumn]
    years: list[str]
    pools: list[str]
    budget_kinds: list[str]
    moves: list[Move]
    unchanged: int
    changes: list[DecidedChange]

    def value_rows(self) -> list[tuple[str, list[YearFigure]]]:
        """Per year, each plan's figure (the columns hold the same years)."""
        return [
            (year, [column.years[index] for column in self.columns])
            for index, year in enumerate(self.years)
        ]

    def capacity_rows(self) -> list[tuple[str, str, list[Share | None]]]:
        """Per pool and year, each plan's hours used against the hours available."""
        return [
            (
                pool,
                year,
                [_share(column.years[index].capacity.get(pool)) for column in self.columns],
            )
            for pool in self.pools
            for index, year in enumerate(self.years)
        ]

    def budget_rows(self) -> list[tuple[str, str, list[Share | None]]]:
        """Per budget kind and year, each plan's spending against the budget room."""
        return [
            (kind, year, [_share(c.years[index].budget.get(kind)) for c in self.columns])
            for kind in self.budget_kinds
            for index, year in enumerate(self.years)
        ]

    @property
    def came_in(self) -> list[Move]:
        return [m for m in self.moves if m.kind == "in"]

    @property
    def went_out(self) -> list[Move]:
        return [m for m in self.moves if m.kind == "out"]

    @property
    def shifted(self) -> list[Move]:
        return [m for m in self.moves if m.kind in ("later", "earlier")]


def previous_version(version: PlanVersion) -> PlanVersion | None:
    """The version this one replaced: the municipality's version adopted just before it."""
    return (
        PlanVersion.objects.filter(municipality_id=version.municipality_id, pk__lt=version.pk)
        .select_related("decision__body", "scenario", "run")
        .order_by("-pk")
        .first()
    )


def _column(version: PlanVersion, items: list[PlanItem]) -> PlanColumn:
    problem, solution = run_documents(version.run) if version.run_id else ({}, {})
    periods = list(problem.get("periods", []))
    years: dict[str, YearFigure] = {}
    for label in periods:
        years.setdefault(label[:4], YearFigure(label[:4]))
    planned = [item for item in items if item.in_plan]
    for item in planned:
        figure = years.setdefault(str(item.start_year), YearFigure(str(item.start_year)))
        figure.value += item.value
        figure.started += 1
    if problem.get("pools") is not None and periods:
        for row in heat_rows(problem, solution):
            for cell in row.cells:
                used, room = years[cell.period[:4]].capacity.get(row.pool, (0.0, 0.0))
                years[cell.period[:4]].capacity[row.pool] = (used + cell.used, room + cell.capacity)
        for budget in budget_rows(problem, solution):
            for spending in budget.cells:
                figure = years.setdefault(spending.year, YearFigure(spending.year))
                figure.budget[budget.label] = (spending.spent, spending.room)
    return PlanColumn(
        version=version,
        planned=len(planned),
        left_out=len(items) - len(planned),
        value=sum(item.value for item in planned),
        years=[years[key] for key in sorted(years)],
    )


def _moves(before: list[PlanItem], after: list[PlanItem]) -> tuple[list[Move], int]:
    old = {item.initiative_id: item for item in before}
    new = {item.initiative_id: item for item in after}
    moves, unchanged = [], 0
    for initiative_id in old.keys() | new.keys():
        a, b = old.get(initiative_id), new.get(initiative_id)
        was = a.start_period if a is not None and a.in_plan else ""
        now = b.start_period if b is not None and b.in_plan else ""
        if was == now:
            unchanged += bool(now)
            continue
        item = b or a
        assert item is not None
        shift = (
            int(b.start_index - a.start_index)  # type: ignore[operator]
            if was and now and a is not None and b is not None
            else None
        )
        moves.append(
            Move(
                reference=item.initiative.reference,
                title=item.initiative.title,
                initiative_id=initiative_id,
                before=was,
                after=now,
                shift=shift,
                reason=b.reason if b is not None and not now else "",
            )
        )
    moves.sort(key=lambda m: (m.kind, m.reference))
    return moves, unchanged


def decision_document(version: PlanVersion) -> DecisionDocument:
    """Everything the decision document shows (six to eight queries, whatever the plan's size)."""
    previous = previous_version(version)
    wanted = [version.pk] + ([previous.pk] if previous else [])
    items: dict[int, list[PlanItem]] = {pk: [] for pk in wanted}
    for item in (
        PlanItem.objects.filter(version_id__in=wanted)
        .select_related("initiative")
        .only(
            "version_id",
            "initiative_id",
            "initiative__reference",
            "initiative__title",
            "start_year",
            "start_quarter",
            "start_period",
            "value",
            "reason",
        )
    ):
        items[item.version_id].append(item)
    columns = [_column(previous, items[previous.pk])] if previous else []
    columns.append(_column(version, items[version.pk]))
    years = sorted({figure.year for column in columns for figure in column.years})
    for column in columns:  # the same years in every column, so they line up
        have = {figure.year for figure in column.years}
        column.years = sorted(
            [*column.years, *(YearFigure(year) for year in years if year not in have)],
            key=lambda figure: figure.year,
        )
    pools = list(dict.fromkeys(pool for c in columns for f in c.years for pool in f.capacity))
    kinds = list(dict.fromkeys(kind for c in columns for f in c.years for kind in f.budget))
    moves, unchanged = _moves(items[previous.pk] if previous else [], items[version.pk])
    changes = list(
        DecidedChange.objects.filter(decision_id=version.decision_id)
        .select_related("pool")
        .order_by("pk")
    )
    return DecisionDocument(
        version=version,
        previous=previous,
        baseline=baseline_of(version),
        columns=columns,
        years=years,
        pools=pools,
        budget_kinds=kinds,
        moves=moves,
        unchanged=unchanged,
        changes=changes,
    )
