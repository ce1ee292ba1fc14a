"""From the dashboard's aggregates to what the page needs: drill-down links and chart data.

Every link carries the scope (domain, programme, opgave, owner, period) plus the tile's own
filter, so the list it opens shows exactly the items the tile counted. Chart data is a plain
dict that the template embeds with `json_script`; `static/koersvast/js/dashboard.js` draws it
with ECharts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from koersvast.monitoring.selectors.benefits import NO_OBJECTIVE
from koersvast.monitoring.selectors.reports import NO_REPORT

from .selectors import Dashboard, GroupRow, Scope, as_params

#: Fill colours of the RAG chart; the table next to it carries the same information as text.
RAG_COLOURS = {"groen": "#2e7d32", "oranje": "#b85c00", "rood": "#b71c1c", "": "#767676"}


def link(url_name: str, scope: Scope, **extra: Any) -> str:
    """URL of a list page with the scope and the extra filters in its query string."""
    params = as_params(scope, **extra)
    url = reverse(url_name)
    return f"{url}?{urlencode(sorted(params.items()))}" if params else url


@dataclass
class Tile:
    key: str
    value: Any
    label: str
    url: str
    kind: str = "count"


@dataclass
class DashboardPage:
    """The dashboard with a drill-down URL next to every figure."""

    data: Dashboard
    tiles: list[Tile]
    states: list[tuple[GroupRow, str]]
    work_forms: list[tuple[GroupRow, str]]
    domains: list[tuple[GroupRow, str]]
    programmes: list[tuple[GroupRow, str]]
    opgaven: list[tuple[Any, str]]
    rag: list[tuple[GroupRow, str]]
    rollup: list[tuple[Any, str]]
    benefits: list[tuple[Any, str]]
    risks_url: str
    overdue_url: str
    charts: dict[str, Any]


def present(data: Dashboard) -> DashboardPage:
    scope = data.scope
    states = [
        (row, link("portfolio:list", scope, state=row.key)) for row in data.composition.by_state
    ]
    forms = [
        (row, link("portfolio:list", scope, work_form=row.key))
        for row in data.composition.by_work_form
    ]
    domains = [(row, link("portfolio:list", scope, domain=row.key)) for row in data.domains]
    programmes = [
        (row, link("portfolio:list", scope, programme=row.key) if row.key else "")
        for row in data.programmes
    ]
    opgaven = [(row, link("portfolio:list", scope, opgave=row.key)) for row in data.opgaven]
    rag = [(row, link("monitoring:index", scope, rag=row.key or NO_REPORT)) for row in data.rag]
    rollup = [(row, link("portfolio:list", scope, work_form=row.key)) for row in data.rollup]
    benefits = [
        (row, link("monitoring:benefits", scope, objective=row.code or NO_OBJECTIVE))
        for row in data.benefits
    ]
    risks_url = link("monitoring:risks", scope, status="active")
    overdue_url = link("monitoring:index", scope, overdue=1)
    tiles = [
        Tile("total", data.composition.total, _("initiatieven"), link("portfolio:list", scope)),
        Tile(
            "budget",
            data.composition.budget,
            _("totaal begroot"),
            link("portfolio:list", scope),
            kind="euro",
        ),
        Tile("running", data.running, _("in uitvoering"), _url_of(states, "in_uitvoering")),
        Tile("red", data.red, _("rood in de laatste rapportage"), _url_of(rag, "rood")),
        Tile("overdue", data.overdue.count, _("rapportages te laat"), overdue_url),
        Tile("risks", data.risks.active, _("actieve risico's"), risks_url),
    ]
    return DashboardPage(
        data=data,
        tiles=tiles,
        states=states,
        work_forms=forms,
        domains=domains,
        programmes=programmes,
        opgaven=opgaven,
        rag=rag,
        rollup=rollup,
        benefits=benefits,
        risks_url=risks_url,
        overdue_url=overdue_url,
        charts=charts(data, states, forms, domains, rag, benefits),
    )


def _url_of(rows: list[tuple[GroupRow, str]], key: str) -> str:
    return next(url for row, url in rows if row.key == key)


def _bar(title: str, rows: list[tuple[GroupRow, str]], series: str) -> dict[str, Any]:
    return {
        "kind": "bar",
        "title": title,
        "labels": [row.label for row, _url in rows],
        "series": [{"name": series, "data": [row.count for row, _url in rows]}],
        "links": [url for _row, url in rows],
    }


def charts(
    data: Dashboard,
    states: list[tuple[GroupRow, str]],
    forms: list[tuple[GroupRow, str]],
    domains: list[tuple[GroupRow, str]],
    rag: list[tuple[GroupRow, str]],
    benefits: list[tuple[Any, str]],
) -> dict[str, Any]:
    """Data of each chart, keyed by the id its container names in `data-chart`."""
    count = _("Aantal")
    result: dict[str, Any] = {
        "states": _bar(_("Initiatieven per fase"), [r for r in states if r[0].count], count),
        "domains": _bar(_("Initiatieven per domein"), domains, count),
        "work_forms": {
            "kind": "pie",
            "title": _("Initiatieven per werkvorm"),
            "labels": [row.label for row, _url in forms],
            "series": [{"name": count, "data": [row.count for row, _url in forms]}],
            "links": [url for _row, url in forms],
        },
        "rag": {
            "kind": "pie",
            "title": _("Lopend werk per kleur"),
            "labels": [row.label or _("geen rapportage") for row, _url in rag],
            "series": [{"name": count, "data": [row.count for row, _url in rag]}],
            "colours": [RAG_COLOURS[row.key] for row, _url in rag],
            "links": [url for _row, url in rag],
        },
        "benefits": {
            "kind": "bar",
            "title": _("Baten per doelstelling"),
            "labels": [row.code or _("Zonder doelstelling") for row, _url in benefits],
            "series": [
                {"name": _("Gepland tot nu"), "data": [row.due for row, _url in benefits]},
                {"name": _("Gerealiseerd"), "data": [row.realised for row, _url in benefits]},
            ],
            "links": [url for _row, url in benefits],
        },
    }
    if data.capacity is not None:
        result["capacity"] = {
            "kind": "bar",
            "title": _("Benutting per capaciteitspool"),
            "unit": "%",
            "labels": [pool.name for pool in data.capacity.pools],
            "series": [
                {"name": _("Benutting"), "data": [pool.pct for pool in data.capacity.pools]},
                {"name": _("Piek"), "data": [pool.peak_pct for pool in data.capacity.pools]},
            ],
            "links": [reverse("planning:capacity_map")] * len(data.capacity.pools),
        }
    return result
