"""The server-side SVG charts: valid, labelled for screen readers, escaped, in proportion."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from koersvast.reports import charts

SVG = "{http://www.w3.org/2000/svg}"


def test_bar_chart_is_accessible_svg_with_bars_in_proportion() -> None:
    svg = charts.bar_chart(
        chart_id="c1",
        title="Budget per taakveld",
        description="Staafdiagram",
        categories=["2.1 Verkeer <en> vervoer", "5.6 Media"],
        series=[
            charts.Series("Begroot 2026", charts.BLUE, [2_000_000, 500_000]),
            charts.Series("Werkelijk 2026", charts.LIGHT_BLUE, [1_000_000, 0]),
        ],
    )
    root = ET.fromstring(svg)  # noqa: S314 - our own output; well-formed, so labels are escaped
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "Budget per taakveld"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "2.1 Verkeer <en> vervoer" in texts
    assert "€ 2,0 mln" in texts
    assert "€ 500k" in texts
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect") if r.get("height") == "8"]
    assert widths[0] == 2 * widths[1] == 4 * widths[2]  # 2 mln, 1 mln, 0.5 mln
    assert widths[3] == 0


def test_rag_chart_counts_and_shares() -> None:
    svg = charts.rag_chart(
        chart_id="r",
        title="Kleuren",
        counts={"groen": 3, "oranje": 1, "rood": 0, "": 0},
        labels={"groen": "Groen", "oranje": "Oranje", "rood": "Rood", "": "Geen rapportage"},
    )
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "3 (75%)" in texts
    assert "0 (0%)" in texts
    assert "Groen: 3" in root.find(f"{SVG}desc").text


def test_short_euro() -> None:
    assert charts.short_euro(1_340_000) == "€ 1,3 mln"
    assert charts.short_euro(-2_600) == "−€ 3k"
    assert charts.short_euro(900) == "€ 900"
