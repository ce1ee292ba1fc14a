"""Charts as inline SVG strings, drawn on the server from a report's data.

Inline SVG renders the same in the browser, when printed and in WeasyPrint's PDF, needs no
JavaScript and is frozen into a published report's HTML together with the figures. Every chart
has a title and description for screen readers; the tables of the report are the accessible
alternative with the exact figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

# Colours with at least 3:1 contrast on white (WCAG 1.4.11 for graphical objects).
BLUE = "#154273"
LIGHT_BLUE = "#5b8fc7"
GREY = "#767676"
RAG_COLOURS = {"groen": "#2b6a00", "oranje": "#c46200", "rood": "#b20000", "": GREY}

WIDTH = 680
LABEL_WIDTH = 230
VALUE_WIDTH = 90
MAX_BARS = 30  # beyond this a chart stops being readable; the table has every row


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    values: list[float]


def short_euro(value: float) -> str:
    """€ 1,2 mln / € 350k / € 900: compact amounts for chart labels (Dutch notation)."""
    sign = "−" if value < 0 else ""
    value = abs(value)
    if value >= 1_000_000:
        text = f"{value / 1_000_000:.1f}".replace(".", ",") + " mln"
    elif value >= 1_000:
        text = f"{value / 1_000:.0f}k"
    else:
        text = f"{value:.0f}"
    return f"{sign}€ {text}"


def _truncate(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _frame(chart_id: str, title: str, description: str, height: int, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        f'<g font-family="DejaVu Sans, Arial, sans-serif" font-size="11" fill="#1a1a1a">'
        f"{body}</g></svg>"
    )


def _legend(series: list[Series], y: int) -> str:
    parts, x = [], LABEL_WIDTH
    for item in series:
        parts.append(
            f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{item.colour}"/>'
            f'<text x="{x + 14}" y="{y}">{escape(item.label)}</text>'
        )
        x += 24 + 7 * len(item.label)
    return "".join(parts)


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: list[str],
    series: list[Series],
) -> str:
    """Horizontal grouped bars: one group per category, one bar per series (amounts in €)."""
    categories = categories[:MAX_BARS]
    bar, gap = 9, 8
    group_height = bar * len(series) + gap
    top = 24
    height = top + group_height * max(len(categories), 1) + 10
    biggest = max((abs(v) for s in series for v in s.values[:MAX_BARS]), default=0) or 1
    scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / biggest
    parts = [_legend(series, 12)]
    for index, category in enumerate(categories):
        y = top + index * group_height
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + group_height / 2}" text-anchor="end">'
            f"{escape(_truncate(category))}</text>"
        )
        for offset, item in enumerate(series):
            value = item.values[index]
            length = max(abs(value) * scale, 0.5 if value else 0)
            by = y + offset * bar
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{by}" width="{length:.1f}" height="{bar - 1}" '
                f'fill="{item.colour}"/>'
                f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{by + bar - 2}" font-size="9">'
                f"{escape(short_euro(value))}</text>"
            )
    parts.append(
        f'<line x1="{LABEL_WIDTH}" y1="{top - 4}" x2="{LABEL_WIDTH}" y2="{height - 8}" '
        f'stroke="#4a4a4a"/>'
    )
    return _frame(chart_id, title, description, height, "".join(parts))


def rag_chart(*, chart_id: str, title: str, counts: dict[str, int], labels: dict[str, str]) -> str:
    """The number of initiatives per colour of their latest frozen progress report."""
    total = sum(counts.values()) or 1
    row, top = 22, 6
    height = top + row * len(counts) + 6
    scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / max(max(counts.values(), default=0), 1)
    parts = []
    for index, (key, count) in enumerate(counts.items()):
        y = top + index * row
        share = round(100 * count / total)
        length = max(count * scale, 0.5 if count else 0)
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end">'
            f"{escape(labels[key])}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{length:.1f}"'
            f' height="15" fill="{RAG_COLOURS.get(key, GREY)}"/>'
            f'<text x="{LABEL_WIDTH + length + 5:.1f}" y="{y + 13}">'
            f"{count} ({share}%)</text>"
        )
    description = ", ".join(f"{labels[k]}: {v}" for k, v in counts.items())
    return _frame(chart_id, title, description, height, "".join(parts))
