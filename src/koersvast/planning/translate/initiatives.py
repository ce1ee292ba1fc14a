"""The initiatives of a problem: value (priority score), windows, demand, budget and themes."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from koersvast.capacity.models import Demand
from koersvast.framework.models import Framework
from koersvast.intake.models import PriorityScore
from koersvast.intake.selectors.backlog import priority_scores_under
from koersvast.intake.selectors.dossier import pause_dates
from koersvast.intake.services.scoring import published_framework
from koersvast.portfolio.choices import BudgetKind
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality
from koersvast.weighing import WeighingError

from .. import constants
from ..documents import X_BUDGET, X_CANDIDATE, X_DOMAIN, X_OBJECTIVES, X_PK, ProblemItem, Theme
from ..levers import kind_of
from ..models import Lever, PlanningSettings
from ..selectors.drift import expected_end_index, milestone_end, reported_end
from .base import Translation, TranslationError


def initiative_id(initiative: Initiative) -> str:
    return initiative.reference


def problem_initiatives(
    municipality: Municipality,
    settings: PlanningSettings,
    levers: list[Lever],
    framework: Framework | None,
    include: list[Initiative],
    pool_codes: set[str],
    translation: Translation,
    candidates: bool = False,
) -> list[ProblemItem]:
    """The problem's initiatives: admitted, planned and running work plus what levers pull in,
    and with `candidates` the backlog on a decision agenda, optional and marked `x-candidate`."""
    by_initiative: dict[int, list[Lever]] = {}
    for lever in levers:
        if lever.initiative_id is not None:
            by_initiative.setdefault(lever.initiative_id, []).append(lever)
    scores, terms = _scores(municipality, framework, translation)
    theme_of, translation.themes = _themes(framework)
    items: list[ProblemItem] = []
    unscored: list[str] = []
    found = list(_candidates(municipality, by_initiative, include, candidates))
    # Since when paused work is paused: one query, only when there is paused work.
    paused = any(initiative.state == constants.PAUSED_STATE for initiative in found)
    pauses = pause_dates(municipality.pk) if paused else {}
    included = {initiative.pk for initiative in include}
    for initiative in found:
        own = by_initiative.get(initiative.pk, [])
        if any(kind_of(lever.kind).leaves_out for lever in own):
            continue
        item = _item(initiative, settings, own, pool_codes, translation, pauses)
        if item is None:
            continue
        if (
            initiative.state in constants.CANDIDATE_STATES
            and initiative.pk not in included
            and not any(kind_of(lever.kind).pulls_in for lever in own)
        ):
            # A candidate from the backlog: never required (it is not admitted), marked so
            # the run shows it apart and adoption leaves it in the backlog (decision 0407).
            item["mandatory"] = False
            item[X_CANDIDATE] = True
        score = scores.get(initiative.pk)
        if score is None:
            unscored.append(initiative.reference)
            item["value"] = constants.UNSCORED_VALUE
        else:
            item["value"] = max(0.0, round(float(score), 3))
        _add_extensions(item, initiative, terms.get(initiative.pk, []), theme_of)
        translation.initiatives[item["id"]] = initiative
        items.append(item)
    if unscored and framework is not None:
        translation.warnings.append(
            _("Zonder score onder het vastgestelde afwegingskader (waarde %(value)s): %(ids)s.")
            % {"value": constants.UNSCORED_VALUE, "ids": ", ".join(unscored)}
        )
    return items


def _candidates(
    municipality: Municipality,
    by_initiative: dict[int, list[Lever]],
    include: list[Initiative],
    backlog: bool = False,
) -> QuerySet[Initiative]:
    """Admitted, planned and running initiatives, those a lever pulls in, and `include`; with
    `backlog` also the initiatives on a decision agenda."""
    pulled_in = [
        pk
        for pk, own in by_initiative.items()
        if any(kind_of(lever.kind).pulls_in for lever in own)
    ]
    return (
        Initiative.objects.in_municipality(municipality)
        .filter(
            Q(state__in=constants.PLANNED_STATES)
            | Q(state=constants.PAUSED_STATE)
            | Q(pk__in=pulled_in)
            | Q(pk__in=[i.pk for i in include])
            | Q(state__in=constants.CANDIDATE_STATES if backlog else ())
        )
        .select_related("domain")
        .prefetch_related(Prefetch("demands", queryset=Demand.objects.select_related("pool")))
        .annotate(expected_end=milestone_end("pk"), **reported_end("pk"))
        .order_by("reference")
    )


Terms = dict[int, list[tuple[str, float]]]


def _scores(
    municipality: Municipality, framework: Framework | None, translation: Translation
) -> tuple[dict[int, Decimal | float], Terms]:
    """Priority score per initiative and its points per objective term (objective id, points)."""
    scores: dict[int, Decimal | float] = {}
    terms: Terms = {}
    if framework is not None and not framework.is_published:
        # A draft with other weights (a scenario lever): the published scores carried over by
        # code. A published version has its own stored scores.
        try:
            computed = priority_scores_under(
                framework=framework,
                municipality=municipality,
                source=published_framework(municipality.pk),
            )
        except WeighingError as error:
            raise TranslationError(
                _("Met afwegingskader %(fw)s kan niet worden gescoord: %(why)s")
                % {"fw": framework, "why": error}
            ) from error
        for pk, score in computed.items():
            scores[pk] = score.total
            terms[pk] = [(t.ref_id, t.points) for t in score.terms if t.kind == "objective"]
    elif framework is not None:
        for pk, total, stored in PriorityScore.objects.filter(
            framework=framework, initiative__municipality=municipality
        ).values_list("initiative_id", "total", "terms"):
            scores[pk] = total
            terms[pk] = [
                (str(t.get("ref", "")), float(t.get("points", 0.0)))
                for t in stored or []
                if t.get("kind") == "objective"
            ]
    else:
        translation.warnings.append(
            _("Er is geen vastgesteld afwegingskader: alle initiatieven krijgen dezelfde waarde.")
        )
    return scores, terms


def _add_extensions(
    item: ProblemItem,
    initiative: Initiative,
    terms: list[tuple[str, float]],
    theme_of: dict[str, str],
) -> None:
    """The budget per period and the score points per theme, as extensions of the item."""
    budget = {
        kind: round(float(total) / max(1, initiative.duration_quarters), 2)
        for kind, total in (
            (BudgetKind.CAPITAL.value, initiative.budget_capital),
            (BudgetKind.OPERATING.value, initiative.budget_operating),
        )
        if total
    }
    if budget:
        # Extension: euros per quarter of the run, spread evenly (budget per year).
        item[X_BUDGET] = budget
    points: dict[str, float] = {}
    for objective_id, value in terms:
        theme = theme_of.get(objective_id)
        if theme is not None:
            points[theme] = points.get(theme, 0.0) + value
    if any(points.values()):
        # Extension: score points per theme of the framework (value per objective).
        item[X_OBJECTIVES] = {k: round(v, 3) for k, v in points.items() if v}


def _themes(framework: Framework | None) -> tuple[dict[str, str], list[Theme]]:
    """Objective id → code of its theme (the top of its tree), and the themes in order."""
    if framework is None:
        return {}, []
    rows = list(
        framework.objectives.order_by("order", "code").values_list(
            "pk", "parent_id", "code", "name"
        )
    )
    parent = {pk: parent_id for pk, parent_id, _code, _name in rows}
    code = {pk: c for pk, _parent, c, _name in rows}

    def root(pk: int) -> int:
        seen = {pk}
        while parent.get(pk) is not None and parent[pk] not in seen:
            pk = parent[pk]
            seen.add(pk)
        return pk

    theme_of = {str(pk): code[root(pk)] for pk in parent}
    themes = [Theme(code=c, name=name) for pk, parent_id, c, name in rows if parent_id is None]
    return theme_of, themes


def _item(
    initiative: Initiative,
    settings: PlanningSettings,
    levers: list[Lever],
    pool_codes: set[str],
    translation: Translation,
    pauses: Mapping[int, datetime.date] | None = None,
) -> ProblemItem | None:
    """One initiative in the problem, or None when it cannot be in this horizon."""
    horizon = settings.horizon
    duration = max(1, initiative.duration_quarters)
    actual = _running_duration(initiative, settings, duration)
    profile = _demand(initiative, actual, pool_codes)
    if actual > duration:  # drifting running work: its last quarter's demand continues
        for hours in profile.values():
            hours[duration:] = [hours[duration - 1]] * (actual - duration)
        duration = actual
    start = (
        settings.period_index(initiative.start_year, initiative.start_quarter)
        if initiative.start_year and initiative.start_quarter
        else 0
    )
    item: ProblemItem = {
        "id": initiative_id(initiative),
        "name": initiative.title,
        # Extensions (ignored by the optimiser): enough to show a stored run without queries.
        X_PK: initiative.pk,
        X_DOMAIN: initiative.domain.name,
    }
    if initiative.state == constants.RUNNING_STATE:
        return _running_item(item, start, duration, profile, horizon)
    if initiative.state == constants.PAUSED_STATE:
        paused_on = (pauses or {}).get(initiative.pk)
        released = _first_quarter_from(paused_on, settings) if paused_on else 0
        left = min(duration, released - start)  # the quarters it ran before the pause
        return _running_item(item, start, left, profile, horizon) if left > 0 else None
    if duration > horizon:
        translation.warnings.append(
            _("%(ref)s duurt langer dan de planningshorizon en is niet meegenomen.")
            % {"ref": initiative.reference}
        )
        return None
    window = _own_window(initiative, settings, start, last=horizon - duration)
    for lever in levers:  # each kind narrows or forces the window as it says (levers/)
        kind_of(lever.kind).narrow(window, lever, settings)
    item.update(
        {
            "duration": duration,
            "demand": profile,
            "earliest_start": window.earliest,
            "mandatory": window.mandatory,
        }
    )
    window.write(item)
    return item


def _running_duration(initiative: Initiative, settings: PlanningSettings, duration: int) -> int:
    """Running work lasts until its milestones or its latest progress report expect it to end,
    when that is later than its duration says: the next scenario starts from reality, not from
    the old plan (plan drift, docs/decisions/0402-plan-of-record.md)."""
    end, _source = expected_end_index(
        getattr(initiative, "expected_end", None),
        getattr(initiative, "reported_end_year", None),
        getattr(initiative, "reported_end_quarter", None),
    )
    if (
        initiative.state != constants.RUNNING_STATE
        or end is None
        or not (initiative.start_year and initiative.start_quarter)
    ):
        return duration
    start = initiative.start_year * 4 + initiative.start_quarter - 1
    return max(duration, end - start + 1)


def _running_item(
    item: ProblemItem,
    start: int,
    duration: int,
    profile: dict[str, list[float]],
    horizon: int,
) -> ProblemItem | None:
    """Running work keeps its actual start; only what is left of it needs capacity."""
    if start >= horizon or start + duration <= 0:
        return None
    skip = max(0, -start)
    start = max(0, start)
    length = min(duration - skip, horizon - start)
    item.update(
        {
            "duration": length,
            "demand": {pid: hours[skip : skip + length] for pid, hours in profile.items()},
            "earliest_start": start,
            "fixed_start": start,
        }
    )
    return item


def _first_quarter_from(day: datetime.date, settings: PlanningSettings) -> int:
    """The period index of the first quarter that starts on or after `day`."""
    quarter = (day.month - 1) // 3 + 1
    index = settings.period_index(day.year, quarter)
    starts_then = day.day == 1 and day.month in (1, 4, 7, 10)
    return index if starts_then else index + 1


@dataclass
class Window:
    """When an initiative may start (period indices), and whether it must be in the plan."""

    earliest: int
    last: int  # the last start at which it still ends within the horizon
    latest: int | None = None
    fixed: int | None = None
    mandatory: bool = False

    def clamp(self, index: int) -> int:
        return min(max(0, index), self.last)

    def write(self, item: ProblemItem) -> None:
        """Put the window into the problem item (a fixed start widens the window to include it)."""
        if self.latest is not None and self.latest < self.earliest:
            self.latest = self.earliest
        if self.latest is not None:
            item["latest_start"] = self.latest
        if self.fixed is not None:
            item.update(
                {"fixed_start": self.fixed, "earliest_start": min(self.earliest, self.fixed)}
            )
            if self.latest is not None and self.latest < self.fixed:
                item["latest_start"] = self.fixed


def _own_window(
    initiative: Initiative, settings: PlanningSettings, start: int, last: int
) -> Window:
    """The initiative's own window: its requested start, latest start and statutory duty."""
    window = Window(earliest=min(max(0, start), last), last=last)
    if initiative.latest_year and initiative.latest_quarter:
        index = settings.period_index(initiative.latest_year, initiative.latest_quarter)
        window.latest = min(max(index, window.earliest), last)
    window.mandatory = initiative.is_statutory
    return window


def _demand(initiative: Initiative, duration: int, pool_codes: set[str]) -> dict[str, list[float]]:
    profile: dict[str, list[float]] = {}
    for demand in initiative.demands.all():
        code = demand.pool.code
        if code not in pool_codes or demand.offset >= duration or not demand.hours:
            continue
        profile.setdefault(code, [0.0] * duration)[demand.offset] = float(demand.hours)
    return profile
