"""Turning a report's data into HTML: charts first, then the report template."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from . import charts
from .choices import ReportKind


def _rag_labels() -> dict[str, str]:
    return {
        "groen": _("Groen"),
        "oranje": _("Oranje"),
        "rood": _("Rood"),
        "": _("Geen rapportage"),
    }


def _budget_series(data: dict[str, Any], rows: list[dict[str, Any]]) -> list[charts.Series]:
    keys = [c["key"] for c in data["columns"] if c["key"] in {"planned", "actual"}]
    labels = {c["key"]: c["label"] for c in data["columns"]}
    colours = {"planned": charts.BLUE, "actual": charts.LIGHT_BLUE}
    key_of = "totals" if data["kind"] == ReportKind.PORTFOLIO else "budget"
    return [
        # A project without budget lines has None (missing): drawn as no bar.
        charts.Series(labels[key], colours[key], [(row[key_of] or {}).get(key, 0) for row in rows])
        for key in keys
    ]


def report_charts(data: dict[str, Any]) -> dict[str, str | bool]:
    """SVG of the budget chart and the RAG distribution of a report."""
    if data["kind"] == ReportKind.PORTFOLIO:
        rows = data["groups"]
        categories = [g["name"] for g in rows]
        title = _("Budget per %(group)s") % {"group": data["group_label"].lower()}
    else:
        rows = data["projects"]
        categories = [f"{p['reference']} {p['title']}" for p in rows]
        title = _("Budget per groot project")
    budget = charts.bar_chart(
        chart_id=f"chart-budget-{data['kind']}",
        title=title,
        description=_("Staafdiagram; de bedragen staan ook in de tabellen van deze rapportage."),
        categories=categories,
        series=_budget_series(data, rows),
    )
    rag = charts.rag_chart(
        chart_id=f"chart-rag-{data['kind']}",
        title=_("Verdeling naar stoplichtkleur van de laatste voortgangsrapportage"),
        counts=data["rag"],
        labels=_rag_labels(),
    )
    return {"budget": budget, "rag": rag, "truncated": len(categories) > charts.MAX_BARS}


def render_report(data: dict[str, Any]) -> str:
    """The report as an HTML fragment (the part that is frozen when published)."""
    template = (
        "reports/_raad.html" if data["kind"] == ReportKind.RAAD else "reports/_portfolio.html"
    )
    return render_to_string(
        template,
        {
            "r": data,
            "charts": report_charts(data),
            "rag_labels": _rag_labels(),
            "max_bars": charts.MAX_BARS,
        },
    )
