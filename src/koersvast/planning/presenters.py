"""Turn solution documents into sentences and rows for the pages (no queries, no optimiser)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koersvast.core.numbers import format_euros

from .documents import X_BUDGET_KIND, X_CAPITAL, X_FINANCE, X_SCORE, X_YEARS


def names(problem: Mapping[str, Any]) -> dict[str, str]:
    return {item["id"]: item.get("name", item["id"]) for item in problem["initiatives"]}


def pool_names(problem: Mapping[str, Any]) -> dict[str, str]:
    return {pool["id"]: pool.get("name", pool["id"]) for pool in problem["pools"]}


def in_months(periods: Iterable[str]) -> bool:
    """Whether a problem's periods are months ("2027-01") rather than quarters ("2027-Q1")."""
    return any("-Q" not in label for label in periods)


def period_range(labels: list[str]) -> str:
    """'2027-Q2..Q4' for consecutive quarters of one year, else '2027-Q4..2028-Q1'."""
    if not labels:
        return ""
    first, last = labels[0], labels[-1]
    if first == last:
        return first
    if first[:4] == last[:4]:
        return f"{first}..{last[5:]}"
    return f"{first}..{last}"


def _runs(indices: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for index in sorted(indices):
        if runs and index == runs[-1][-1] + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def euro(amount: float) -> str:
    """€ 1.234.567 (whole euros, Dutch grouping)."""
    return format_euros(amount)


def bucket_year(pool: Mapping[str, Any], period_index: int) -> str:
    """The year (bucket) of a period in a budget pool: from `x-years`, else the bucket index."""
    bucket = int(pool["buckets"][period_index])
    years = pool.get(X_YEARS) or []
    return str(years[bucket]) if bucket < len(years) else str(bucket)


def finance_term(pool: Mapping[str, Any], item: Mapping[str, Any], start: int, index: int) -> str:
    """How the finance figures name an initiative's use of a budget pool in the year of period
    `index` when it starts at `start`: kapitaallasten when they are the larger part of it."""
    if pool.get(X_BUDGET_KIND) != "exploitatie":
        return _("krediet")
    buckets = pool["buckets"]
    bucket = buckets[index]
    demand = item.get("demand", {}).get(pool["id"]) or []
    capital = item.get(X_CAPITAL) or []
    in_year = [
        t for t in range(len(demand)) if start + t < len(buckets) and buckets[start + t] == bucket
    ]
    charges = sum(float(capital[t]) for t in in_year if t < len(capital))
    total = sum(float(demand[t]) for t in in_year)
    if charges > 0 and charges * 2 >= total:
        return _("kapitaallasten")
    return _("exploitatielasten")


def capacity_text(
    problem: Mapping[str, Any],
    reasons: Iterable[Mapping[str, Any]],
    shortfall_key: str,
    item: Mapping[str, Any] | None = None,
) -> list[str]:
    """'Juristen 2028-Q2..Q4 tekort 310 uur' per pool and run of consecutive periods;
    'Krediet 2028 tekort € 120.000' per year for a budget pool, or in the finance terms when
    `item`'s budget comes from its finance figures: 'kapitaallasten 2029 € 120.000 boven de
    ruimte'."""
    periods = problem["periods"]
    pools = pool_names(problem)
    bucketed = {pool["id"]: pool for pool in problem["pools"] if pool.get("buckets")}
    per_pool: dict[str, dict[int, float]] = {}
    start = 0
    for reason in reasons:
        if reason.get("kind") != "capacity":
            continue
        cells = per_pool.setdefault(reason["pool"], {})
        index = int(reason["period_index"])
        cells[index] = cells.get(index, 0.0) + float(reason.get(shortfall_key, 0.0))
        start = int(reason.get("start", start))
    parts = []
    for pool_id, cells in per_pool.items():
        if pool_id in bucketed and item is not None and item.get(X_FINANCE):
            for index in sorted(cells):
                parts.append(
                    _("%(what)s %(year)s %(amount)s boven de ruimte")
                    % {
                        "what": finance_term(bucketed[pool_id], item, start, index),
                        "year": bucket_year(bucketed[pool_id], index),
                        "amount": euro(cells[index]),
                    }
                )
            continue
        if pool_id in bucketed:
            for index in sorted(cells):
                parts.append(
                    _("%(pool)s %(year)s tekort %(amount)s")
                    % {
                        "pool": pools.get(pool_id, pool_id),
                        "year": bucket_year(bucketed[pool_id], index),
                        "amount": euro(cells[index]),
                    }
                )
            continue
        for run in _runs(list(cells)):
            hours = sum(cells[i] for i in run)
            parts.append(
                _("%(pool)s %(periods)s tekort %(hours)s uur")
                % {
                    "pool": pools.get(pool_id, pool_id),
                    "periods": period_range([periods[i] for i in run]),
                    "hours": f"{hours:.0f}",
                }
            )
    return parts


def explanation_text(
    problem: Mapping[str, Any],
    explanation: Mapping[str, Any],
    item: Mapping[str, Any] | None = None,
) -> str:
    """Why an initiative is out of the plan or starts later than it could. `item` (the
    problem's initiative) is looked up when a budget is short and it is not given."""
    reasons = explanation.get("reasons", [])
    if item is None and any(
        r.get("kind") == "capacity" and str(r.get("pool", "")).startswith("budget:")
        for r in reasons
    ):
        item = next((i for i in problem["initiatives"] if i["id"] == explanation.get("id")), None)
    parts = capacity_text(problem, reasons, "shortfall", item)
    for reason in reasons:
        kind = reason.get("kind")
        if kind == "precedence":
            parts.append(precedence_text(problem, explanation, reason))
        elif kind == "exclusive":
            chosen = reason.get("chosen")
            parts.append(
                _("alternatief van %(other)s, dat is gekozen") % {"other": chosen}
                if chosen
                else _("alternatief voor een ander initiatief")
            )
        elif kind == "together":
            parts.append(
                _("%(id)s start samen met %(others)s")
                % {"id": explanation.get("id", ""), "others": ", ".join(reason.get("with", []))}
            )
        elif kind == "window":
            parts.append(_("past niet in het startvenster"))
        elif kind == "choice":
            parts.append(_("past wel, maar levert binnen de marge minder op dan de rest"))
    text = "; ".join(dict.fromkeys(parts)) or _("geen reden gerapporteerd")
    if explanation.get("status") == "delayed" and all(
        r.get("kind") in ("precedence", "together") for r in reasons
    ):
        return text  # "KV-019 kan pas na KV-014 (eindigt 2028-Q4)" is the whole story
    return _("past niet: %(reasons)s") % {"reasons": text}


def precedence_text(
    problem: Mapping[str, Any], explanation: Mapping[str, Any], reason: Mapping[str, Any]
) -> str:
    """'KV-019 kan pas na KV-014 (eindigt 2028-Q4)', with the wachttijd when there is one, or
    'KV-019 heeft KV-014 nodig, dat niet in het plan zit' (decision 0404)."""
    ref, other = str(explanation.get("id", "")), str(reason["after"])
    if not reason.get("selected", True):
        return _("%(ref)s heeft %(other)s nodig, dat niet in het plan zit") % {
            "ref": ref,
            "other": other,
        }
    item: Mapping[str, Any] = next(
        (i for i in problem.get("initiatives", []) if i.get("id") == ref), {}
    )
    lag = int((item.get("after_lag") or {}).get(other, 0))
    periods = problem.get("periods", [])
    end = int(reason.get("finishes_before", 0)) - lag - 1
    end_label = periods[end] if 0 <= end < len(periods) else "?"
    if lag:
        return _(
            "%(ref)s kan pas na %(other)s (eindigt %(end)s) en %(lag)s periode(n) wachttijd"
        ) % {
            "ref": ref,
            "other": other,
            "end": end_label,
            "lag": lag,
        }
    return _("%(ref)s kan pas na %(other)s (eindigt %(end)s)") % {
        "ref": ref,
        "other": other,
        "end": end_label,
    }


def solver_warnings(solution: Mapping[str, Any]) -> list[str]:
    """The optimiser's warnings (why the plan may be weaker than its gap says), in words."""
    texts = {
        "lp_unfinished": _(
            "De LP-relaxatie werd niet binnen de rekentijd opgelost: de bovengrens is zwak en "
            "het zoeken had geen richting. Geef de berekening meer tijd."
        ),
        "no_search_round": _(
            "Na de eerste plannen is geen verbeterronde meer gelopen. Geef de berekening meer tijd."
        ),
        "time_limit_short": _(
            "De rekentijd is korter dan de %(seconds)s seconden die een portfolio van deze "
            "omvang nodig heeft."
        )
        % {"seconds": f"{solution.get('solver', {}).get('recommended_time_limit', 0):g}"},
    }
    return [texts[w["code"]] for w in solution.get("warnings", []) if w.get("code") in texts]


def progress_label(
    phase: str, *, step: int | None = None, steps: int | None = None, parallel: str | None = None
) -> str:
    """The optimiser's phase in words for the progress bar (codes: optimizer.progress.PHASES,
    plus "check" for the independent check of the plan afterwards)."""
    labels = {
        "start": _("Eerste plannen maken (rangschikken en vullen)"),
        "schedule": _("Verplicht werk inplannen"),
        "lp": _("LP-relaxatie oplossen"),
        "selection": _("Keuzes verbeteren (tabu-zoeken)"),
        "milp": _("Exact zoeken (MILP)"),
        "polish": _("Plan bijschaven"),
        "done": _("Plan gevonden"),
        "check": _("Plan controleren"),
    }
    if phase == "lns":
        if step is not None and steps is not None:
            label = _("Verbeterrondes (%(step)d van %(steps)d)") % {"step": step, "steps": steps}
        elif step is not None:
            label = _("Verbeterrondes (ronde %(step)d)") % {"step": step}
        else:
            label = _("Verbeterrondes")
    else:
        label = labels.get(phase) or _("Rekenen (%(phase)s)") % {"phase": phase}
    if parallel and phase not in ("done", "check"):
        searches = parallel.split("+")
        if searches == ["cpsat"]:
            label += _("; CP-SAT rekent mee op een tweede kern")
        else:
            label += ngettext(
                "; %(n)d zoektocht rekent mee op een andere kern",
                "; %(n)d zoektochten rekenen mee op andere kernen",
                len(searches),
            ) % {"n": len(searches)}
    return label


def failure_text(problem: Mapping[str, Any], solution: Mapping[str, Any]) -> str:
    """Why no plan was found: the conflicts in sentences, or the optimiser's message."""
    conflicts = solution.get("conflicts") or []
    parts = capacity_text(problem, conflicts, "shortfall")
    for conflict in conflicts:
        if conflict.get("kind") != "capacity":
            ids = conflict.get("initiatives") or [conflict.get("id", "")]
            parts.append(f"{conflict.get('kind')}: {', '.join(str(i) for i in ids if i)}")
    if parts:
        return _("Het verplichte en lopende werk past niet binnen de capaciteit: %(parts)s.") % {
            "parts": "; ".join(parts)
        }
    return _("Geen plan gevonden: %(message)s") % {
        "message": solution.get("message") or solution.get("status", "")
    }


# --- value density -------------------------------------------------------------------------


def _cv(values: list[float]) -> float:
    """Coefficient of variation (population standard deviation ÷ mean); 0 for no spread."""
    if len(values) < 2:
        return 0.0
    mean = sum(values) / len(values)
    if mean <= 0:
        return 0.0
    variance = sum((v - mean) ** 2 for v in values) / len(values)
    return variance**0.5 / mean


def value_density_check(problem: Mapping[str, Any]) -> dict[str, Any] | None:
    """The spread of scores and sizes when scores are narrow while sizes vary a lot, else None.

    Running and mandatory work is left out: the optimiser does not choose it. The score is read
    from `x-score` when the problem already uses value density.
    """
    from .constants import DENSITY_SIZE_CV_ABOVE, DENSITY_VALUE_CV_BELOW
    from .translate import demand_hours

    chosen = [
        item
        for item in problem.get("initiatives", [])
        if not item.get("mandatory") and item.get("fixed_start") is None
    ]
    scores = [float(item.get(X_SCORE, item.get("value", 0.0))) for item in chosen]
    sizes = [demand_hours(item) for item in chosen]
    value_cv, size_cv = _cv(scores), _cv(sizes)
    if len(chosen) < 3 or value_cv >= DENSITY_VALUE_CV_BELOW or size_cv <= DENSITY_SIZE_CV_ABOVE:
        return None
    return {"value_cv": round(value_cv, 2), "size_cv": round(size_cv, 2), "count": len(chosen)}


# --- efficient frontier chart --------------------------------------------------------------

CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 480, 240, 48


def frontier_chart(points: list[Mapping[str, float]]) -> dict[str, Any] | None:
    """Coordinates for a small inline SVG line chart of value against extra FTE (or euros)."""
    if len(points) < 2:
        return None
    budget = "euro" in points[0]
    xs = [float(p["euro"] if budget else p["fte"]) for p in points]
    ys = [float(p["value"]) for p in points]
    x_max = max(xs) or 1.0
    y_min, y_max = min(ys), max(ys)
    if y_max - y_min < 1e-9:
        y_min, y_max = y_min - 1, y_max + 1
    inner_w = CHART_WIDTH - 2 * CHART_PAD
    inner_h = CHART_HEIGHT - 2 * CHART_PAD

    def at(x: float, y: float) -> tuple[float, float]:
        return (
            round(CHART_PAD + x / x_max * inner_w, 1),
            round(CHART_HEIGHT - CHART_PAD - (y - y_min) / (y_max - y_min) * inner_h, 1),
        )

    dots = [
        {
            "x": at(x, y)[0],
            "y": at(x, y)[1],
            "fte": x,
            "value": y,
            "label": f"+{x / 1000:.0f}k" if budget else f"+{x:g}",
        }
        for x, y in zip(xs, ys, strict=True)
    ]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_PAD,
        "right": CHART_WIDTH - CHART_PAD,
        "top": CHART_PAD,
        "bottom": CHART_HEIGHT - CHART_PAD,
        "points": " ".join(f"{d['x']},{d['y']}" for d in dots),
        "dots": dots,
        "y_min": y_min,
        "y_max": y_max,
        "x_max": x_max,
        "x_label": _("extra € per jaar") if budget else _("extra fte"),
    }
