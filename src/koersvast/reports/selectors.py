"""The data of a P&C report: plain, JSON-ready dicts built with a fixed number of queries.

A report is computed once into a dict (names, labels and whole euros, no model instances), so
the same dict can be rendered now, stored with a published report, and rendered again later
without touching the live data. Four or five grouped queries whatever the portfolio's size.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from koersvast.core.periods import Quarter
from koersvast.council import selectors as council_selectors
from koersvast.monitoring.choices import ACTIVE_RISK_STATUSES, Rag, ReportStatus
from koersvast.monitoring.models import Benefit, BudgetLine, PhaseGate, ProgressReport, Risk
from koersvast.monitoring.selectors import phases
from koersvast.monitoring.selectors.benefits import benefits_with_latest
from koersvast.planning.selectors.plan import baseline_of, current_version, with_plan
from koersvast.portfolio.choices import LifecycleState as S
from koersvast.portfolio.models import Domain, Initiative
from koersvast.tenancy.models import Municipality

from . import periods
from .choices import CycleMoment, Grouping, ReportKind

#: Work that has been admitted to the portfolio and therefore has a budget to account for.
PORTFOLIO_STATES = (S.ADMITTED, S.PLANNED, S.IN_PROGRESS, S.PAUSED, S.COMPLETED, S.BENEFITS)
#: Large projects the raad follows: decided on and not yet finished.
RAAD_STATES = (S.ADMITTED, S.PLANNED, S.IN_PROGRESS, S.PAUSED)  # paused: still decided on
DEFAULT_THRESHOLD = 1_000_000
TOP_RISKS = 3
RAG_KEYS = [c.value for c in Rag] + [""]  # "" = no frozen progress report yet


def _latest_rag(year: int, quarter: int) -> Subquery:
    """Overall colour of the latest submitted (frozen) progress report up to the cut-off."""
    return Subquery(
        ProgressReport.objects.filter(initiative_id=OuterRef("pk"), status=ReportStatus.SUBMITTED)
        .filter(Q(year__lt=year) | Q(year=year, quarter__lte=quarter))
        .order_by("-year", "-quarter", "-version")
        .values("rag_overall")[:1]
    )


def _rag_labels() -> dict[str, str]:
    """Colour labels, translated once per report rather than once per row."""
    labels = {colour.value: str(colour.label) for colour in Rag}
    return {**labels, "": _("geen rapportage")}


def _state_labels() -> dict[str, str]:
    """Lifecycle state labels, translated once per report rather than once per row."""
    return {state.value: str(state.label) for state in S}


def _euros(value: Decimal | None) -> int:
    return int((value or Decimal(0)).quantize(Decimal(1)))


def _budgets(initiatives: QuerySet[Initiative], year: int) -> dict[int, dict[str, int]]:
    """Planned, actual and forecast of the year per initiative (one grouped query)."""
    rows = (
        BudgetLine.objects.filter(initiative__in=initiatives.values("pk"), year=year)
        .order_by()
        .values("initiative_id")
        .annotate(planned=Sum("planned"), actual=Sum("actual"), forecast=Sum("forecast"))
    )
    result = {}
    for row in rows:
        planned, actual = _euros(row["planned"]), _euros(row["actual"])
        result[row["initiative_id"]] = {
            "planned": planned,
            "actual": actual,
            "forecast": _euros(row["forecast"]),
            "variance": actual - planned,
        }
    return result


def _empty_budget() -> dict[str, int]:
    return {"planned": 0, "actual": 0, "forecast": 0, "variance": 0}


def _risks(initiatives: QuerySet[Initiative]) -> dict[int, list[dict[str, Any]]]:
    """Active risks per initiative, worst first (one query)."""
    rows = (
        Risk.objects.filter(
            initiative__in=initiatives.values("pk"), status__in=ACTIVE_RISK_STATUSES
        )
        .order_by("-score", "title", "pk")
        .values_list("initiative_id", "title", "score", "probability", "impact")
    )
    result: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for initiative_id, title, score, probability, impact in rows:
        result[initiative_id].append(
            {"title": title, "score": score, "probability": probability, "impact": impact}
        )
    return result


def _benefits(initiatives: QuerySet[Initiative]) -> dict[int, tuple[int, int]]:
    """(benefits, of which realised) per initiative (one grouped query)."""
    rows = (
        benefits_with_latest(Benefit.objects.filter(initiative__in=initiatives.values("pk")))
        .order_by()
        .values("initiative_id")
        .annotate(n=Count("pk"), realised=Count("pk", filter=Q(realisation_pct__gte=100)))
        .values_list("initiative_id", "n", "realised")
    )
    return {initiative_id: (n, realised) for initiative_id, n, realised in rows}


def _code_key(code: str) -> tuple[int, ...]:
    """'0.10' after '0.9': taakveld codes sort by their numbers, not as text."""
    return tuple(int(part) for part in re.findall(r"\d+", code)) or (10_000,)


def _totals(rows: list[dict[str, Any]]) -> dict[str, int] | None:
    """The budget columns summed; None (missing) when no row has a budget for the year."""
    if rows and all(row["budget"] is None for row in rows):
        return None
    totals = _empty_budget()
    for row in rows:
        for key in totals:
            totals[key] += (row["budget"] or {}).get(key, 0)
    return totals


#: The first year of the meerjarenraming in a report: a voorjaarsnota looks ahead to the next
#: begroting; the other moments to their own year.
RAMING_OFFSET = {
    CycleMoment.VOORJAARSNOTA: 1,
    CycleMoment.BEGROTING: 0,
    CycleMoment.NAJAARSNOTA: 0,
    CycleMoment.JAARREKENING: 0,
}


def _missing_budget_warnings(
    references: list[str],
    budgets: dict[int, dict[str, int]],
    pks: list[int],
    *,
    moment: str,
    year: int,
) -> list[str]:
    """Say which figures are missing for the report's period (never a silent € 0)."""
    warnings = []
    missing = [ref for ref, pk in zip(references, pks, strict=True) if pk not in budgets]
    if missing:
        shown = ", ".join(missing[:20]) + (" …" if len(missing) > 20 else "")
        warnings.append(
            _(
                "%(n)s van de %(total)s initiatieven hebben geen budgetregels voor %(year)s; "
                "hun bedragen ontbreken (geen € 0): %(references)s."
            )
            % {"n": len(missing), "total": len(references), "year": year, "references": shown}
        )
    wants_actuals = "actual" in periods.RULES[moment].columns
    if wants_actuals and references and not any(b["actual"] for b in budgets.values()):
        warnings.append(
            _(
                "Er zijn geen werkelijke bedragen over %(year)s ingelezen uit het financiële "
                "systeem: de kolom Werkelijk is onbekend, niet nul."
            )
            % {"year": year}
        )
    return warnings


def _weerstandsvermogen(
    municipality: Municipality, *, moment: str, year: int
) -> tuple[dict[str, Any], list[str]]:
    """Benodigde and beschikbare weerstandscapaciteit, ratio, rating and the ten largest risks
    of the report's budget year, as plain data; warnings for what is missing."""
    from koersvast.finance import montecarlo
    from koersvast.finance.selectors.resistance import weerstandsvermogen

    budget_year = year + RAMING_OFFSET[CycleMoment(moment)]
    result = weerstandsvermogen(municipality=municipality, year=budget_year)
    data = {
        "year": budget_year,
        "certainty": result.certainty,
        "required": round(result.required),
        "available": None if result.available is None else _euros(result.available),
        "ratio": None if result.ratio is None else round(result.ratio, 2),
        # The Dutch source name of the rating: translated where the report is shown.
        "rating": list(montecarlo.rating(result.ratio)) if result.rating else None,
        "top": [
            {
                "title": c.risk.title,
                "initiative": c.risk.initiative.reference if c.risk.initiative else "",
                "expected": round(c.expected),
                "share": round(c.share, 4),
            }
            for c in result.top
        ],
    }
    warnings = []
    if result.available is None:
        warnings.append(
            _("De beschikbare weerstandscapaciteit voor %(year)s is niet ingevoerd.")
            % {"year": budget_year}
        )
    if result.missing_effects:
        warnings.append(
            _("%(n)s actieve risico's hebben geen financieel effect en tellen niet mee.")
            % {"n": result.missing_effects}
        )
    return data, warnings


def _raming(
    municipality: Municipality, *, moment: str, year: int
) -> tuple[dict[str, Any], list[str]]:
    """The portfolio's meerjarenraming as plain data, and a warning when it has no figures."""
    from koersvast.finance.selectors.estimate import meerjarenraming

    budget_year = year + RAMING_OFFSET[CycleMoment(moment)]
    raming = meerjarenraming(municipality=municipality, budget_year=budget_year, filters={})
    data = {
        # The budget version the figures are: the portfolio's estimates now (decision 1102).
        "version": _("Prognose (huidige ramingen van het portfolio)"),
        "years": raming.years,
        "lines": [
            {
                "key": line.key,
                "label": str(line.label),
                "values": [_euros(value) for value in line.values],
                "emphasis": line.emphasis,
            }
            for line in raming.lines
        ],
    }
    warnings = []
    if raming.is_empty:
        warnings.append(
            _(
                "Voor %(first)s–%(last)s zijn geen investeringen, exploitatiebedragen of dekking "
                "ingevoerd: de meerjarenraming ontbreekt (geen € 0)."
            )
            % {"first": raming.years[0], "last": raming.years[-1]}
        )
    return data, warnings


def _amendment(
    municipality: Municipality, *, moment: str, year: int
) -> tuple[dict[str, Any], list[str]]:
    """The draft begrotingswijziging of the moment (the changes per programme since the last
    council decision on the begroting of `year`) as plain data, and the budget version the
    report compares with; a warning when no primitieve begroting was adopted."""
    from koersvast.finance.selectors.amendment import amendment_draft

    draft = amendment_draft(municipality=municipality, budget_year=year, moment=moment)

    def lines(rows: list[Any]) -> list[dict[str, Any]]:
        return [
            {
                "key": line.key,
                "label": str(line.label),
                "values": [_euros(value) for value in line.values],
                "total": _euros(line.total),
                "emphasis": line.emphasis,
            }
            for line in rows
        ]

    data = {
        "budget_year": year,
        "years": draft.years,
        "base": draft.base_label,
        "programmes": [
            {
                "name": programme.name,
                "lines": lines(programme.lines),
                "initiatives": [
                    {"reference": holder.reference, "title": holder.title, "saldo": _euros(s.total)}
                    for holder, s in programme.initiatives
                ],
            }
            for programme in draft.programmes
        ],
        "total": lines(draft.total),
    }
    warnings = []
    if not draft.has_primitive:
        warnings.append(
            _(
                "Voor %(year)s is geen primitieve begroting vastgelegd: de "
                "begrotingswijziging is niet te bepalen (geen € 0)."
            )
            % {"year": year}
        )
    return data, warnings


def _rag_counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    counts = Counter(row["rag"] for row in rows)
    return {key: counts.get(key, 0) for key in RAG_KEYS}


def report_title(*, kind: str, moment: str, year: int) -> str:
    """The title of a report, e.g. 'Portfoliorapportage – Najaarsnota 2026'."""
    if kind == ReportKind.RAAD:
        title = _("Raadsrapportage grote projecten – %(moment)s %(year)s")
    else:
        title = _("Portfoliorapportage – %(moment)s %(year)s")
    return title % {"moment": str(CycleMoment(moment).label), "year": year}


def _plan_header(municipality: Municipality) -> tuple[dict[str, str], Any]:
    """The plan of record the report reads (label, deciding body, date, baseline) and the
    version itself; empty without an adopted plan."""
    version = current_version(municipality.pk)
    if version is None:
        return {}, None
    baseline = baseline_of(version)
    return {
        "label": version.label,
        "body": str(version.decision.body),
        "adopted_on": timezone.localdate(version.adopted_at).isoformat(),
        "baseline": baseline.label if baseline is not None else "",
    }, version


def _header(
    *,
    kind: str,
    municipality: Municipality,
    moment: str,
    year: int,
    plan: dict[str, str] | None = None,
) -> dict[str, Any]:
    cut_year, cut_quarter = periods.cutoff(moment, year)
    if plan is None:
        plan, _version = _plan_header(municipality)
    return {
        "plan": plan,
        "kind": kind,
        "moment": moment,
        "moment_label": str(CycleMoment(moment).label),
        "year": year,
        "title": report_title(kind=kind, moment=moment, year=year),
        "municipality": municipality.name,
        "generated_at": timezone.now().isoformat(),
        "period": Quarter(cut_year, cut_quarter).label,
        "columns": periods.columns(moment, year),
    }


def portfolio_report(
    *,
    municipality: Municipality,
    moment: str,
    year: int,
    group_by: str = Grouping.TAAKVELD,
    domain: Domain | None = None,
) -> dict[str, Any]:
    """Admitted work per taakveld (or begrotingsprogramma): state, budget, RAG, risks, benefits."""
    cut_year, cut_quarter = periods.cutoff(moment, year)
    initiatives = Initiative.objects.in_municipality(municipality).filter(
        state__in=PORTFOLIO_STATES
    )
    if domain is not None:
        initiatives = initiatives.filter(domain=domain)
    rows = list(
        initiatives.annotate(rag=_latest_rag(cut_year, cut_quarter))
        .order_by("reference", "pk")
        .values(
            "pk",
            "reference",
            "title",
            "state",
            "rag",
            "budget_programme",
            "taakveld__code",
            "taakveld__description",
        )
    )
    budgets = _budgets(initiatives, year)
    risks = _risks(initiatives)
    benefits = _benefits(initiatives)

    rag_labels, state_labels = _rag_labels(), _state_labels()
    ungrouped = {
        Grouping.PROGRAMME: _("Zonder begrotingsprogramma"),
        Grouping.TAAKVELD: _("Zonder taakveld"),
    }[Grouping(group_by)]
    groups: dict[str, dict[str, Any]] = {}
    for row in rows:
        key, name = _group_of(row, group_by, ungrouped)
        group = groups.setdefault(key, {"code": key, "name": name, "initiatives": []})
        own_risks = risks.get(row["pk"], [])
        n_benefits, realised = benefits.get(row["pk"], (0, 0))
        group["initiatives"].append(
            {
                "reference": row["reference"],
                "title": row["title"],
                "state": row["state"],
                "state_label": state_labels[row["state"]],
                "rag": row["rag"] or "",
                "rag_label": rag_labels[row["rag"] or ""],
                "budget": budgets.get(row["pk"]),
                "risks": len(own_risks),
                "top_risk": own_risks[0] if own_risks else None,
                "benefits": n_benefits,
                "benefits_realised": realised,
            }
        )
        group.setdefault("risk_list", []).extend(
            {**risk, "initiative": row["reference"]} for risk in own_risks
        )

    ordered = sorted(groups.values(), key=lambda g: _group_sort_key(g["code"], group_by))
    for group in ordered:
        group["totals"] = _totals(group["initiatives"])
        group["rag"] = _rag_counts(group["initiatives"])
        group["count"] = len(group["initiatives"])
        risk_list = group.pop("risk_list")
        risk_list.sort(key=lambda r: (-r["score"], r["title"], r["initiative"]))
        group["top_risks"] = risk_list[:TOP_RISKS]
        group["risk_count"] = len(risk_list)
    every = [i for g in ordered for i in g["initiatives"]]
    data = _header(kind=ReportKind.PORTFOLIO, municipality=municipality, moment=moment, year=year)
    raming, raming_warnings = _raming(municipality, moment=moment, year=year)
    resistance, resistance_warnings = _weerstandsvermogen(municipality, moment=moment, year=year)
    amendment, amendment_warnings = _amendment(municipality, moment=moment, year=year)
    data.update(
        {
            "warnings": _missing_budget_warnings(
                [row["reference"] for row in rows],
                budgets,
                [row["pk"] for row in rows],
                moment=moment,
                year=year,
            )
            + raming_warnings
            + resistance_warnings
            + amendment_warnings,
            "raming": raming,
            "begrotingswijziging": amendment,
            "weerstandsvermogen": resistance,
            "group_by": group_by,
            "group_label": str(Grouping(group_by).label),
            "domain": domain.name if domain else "",
            "groups": ordered,
            "count": len(every),
            "totals": _totals(every),
            "rag": _rag_counts(every),
        }
    )
    return data


def _group_of(row: Mapping[str, Any], group_by: str, ungrouped: str) -> tuple[str, str]:
    """(key, name) of the row's group; `ungrouped` names the group without one."""
    if group_by == Grouping.PROGRAMME:
        name = row["budget_programme"] or ""
        return name, name or ungrouped
    code = row["taakveld__code"] or ""
    if not code:
        return "", ungrouped
    return code, f"{code} {row['taakveld__description']}"


def _group_sort_key(code: str, group_by: str) -> tuple[Any, ...]:
    if not code:  # the group without taakveld or programme goes last
        return (1, (), "")
    if group_by == Grouping.PROGRAMME:
        return (0, (), code.lower())
    return (0, _code_key(code), code)


def _phase() -> Subquery:
    return Subquery(
        PhaseGate.objects.filter(initiative_id=OuterRef("pk"))
        .order_by("-decided_on", "-pk")
        .values("to_phase")[:1]
    )


def _quarter_label(year: int | None, quarter: int | None, plus: int = 0) -> str:
    return (Quarter(year, quarter) + plus).label if year and quarter else ""


def _running_in_future_warnings(
    rows: list[dict[str, Any]], projects: list[dict[str, Any]], *, today: datetime.date
) -> list[str]:
    """Running work that the report would show starting after today contradicts itself: say so
    (and which) rather than publish it silently (issue 19 item 2)."""
    now = Quarter.of(today).label
    wrong = [
        project["reference"]
        for row, project in zip(rows, projects, strict=True)
        if row["state"] == S.IN_PROGRESS and project["start"] > now
    ]
    if not wrong:
        return []
    return [
        _(
            "%(n)s initiatieven zijn in uitvoering, maar starten volgens de planning pas na "
            "%(now)s: %(references)s. Leg de werkelijke start vast of stel het plan opnieuw vast."
        )
        % {"n": len(wrong), "now": now, "references": ", ".join(wrong)}
    ]


def raad_report(
    *,
    municipality: Municipality,
    moment: str,
    year: int,
    threshold: int = DEFAULT_THRESHOLD,
) -> dict[str, Any]:
    """Large projects (total budget ≥ threshold): phase, planning, budget, top risks, RAG."""
    cut_year, cut_quarter = periods.cutoff(moment, year)
    initiatives = (
        Initiative.objects.in_municipality(municipality)
        .filter(state__in=RAAD_STATES)
        .annotate(total=F("budget_capital") + F("budget_operating"))
        .filter(total__gte=threshold)
    )
    plan, version = _plan_header(municipality)
    rows = list(
        with_plan(
            initiatives.annotate(rag=_latest_rag(cut_year, cut_quarter), phase=_phase()), version
        )
        .order_by("-total", "reference", "pk")
        .values(
            "pk",
            "reference",
            "title",
            "state",
            "total",
            "rag",
            "phase",
            "start_year",
            "start_quarter",
            "duration_quarters",
            "planned_start",
            "planned_end",
        )
    )
    budgets = _budgets(initiatives, year)
    risks = _risks(initiatives)
    rag_labels, state_labels = _rag_labels(), _state_labels()
    model = phases.phase_model(municipality.pk)
    phase_labels = phases.phase_labels(municipality.pk, model)
    first_phase = model[0].code
    projects = []
    for row in rows:
        phase = row["phase"] or first_phase
        own_risks = risks.get(row["pk"], [])
        projects.append(
            {
                "reference": row["reference"],
                "title": row["title"],
                "state_label": state_labels[row["state"]],
                "phase": phase,
                "phase_label": phase_labels.get(phase, phase),
                # The plan of record's periods; without them, the start window and duration.
                "start": row["planned_start"]
                or _quarter_label(row["start_year"], row["start_quarter"]),
                "end": row["planned_end"]
                or _quarter_label(
                    row["start_year"], row["start_quarter"], max(row["duration_quarters"], 1) - 1
                ),
                "total": _euros(row["total"]),
                "rag": row["rag"] or "",
                "rag_label": rag_labels[row["rag"] or ""],
                "budget": budgets.get(row["pk"]),
                "top_risks": own_risks[:TOP_RISKS],
                "risk_count": len(own_risks),
            }
        )
    data = _header(
        kind=ReportKind.RAAD, municipality=municipality, moment=moment, year=year, plan=plan
    )
    data.update(
        {
            "warnings": _missing_budget_warnings(
                [row["reference"] for row in rows],
                budgets,
                [row["pk"] for row in rows],
                moment=moment,
                year=year,
            )
            + _running_in_future_warnings(rows, projects, today=timezone.localdate()),
            "threshold": threshold,
            "projects": projects,
            "count": len(projects),
            "total": sum(p["total"] for p in projects),
            "totals": _totals(projects),
            "rag": _rag_counts(projects),
            # Toezeggingen, moties and amendementen past their due date (bestuurlijke agenda).
            "council_overdue": council_selectors.overdue_for_report(municipality=municipality),
        }
    )
    return data
