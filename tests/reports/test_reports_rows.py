"""The long report tables are written by tags; they give the markup the template loops gave.

The loops below are the ones the report templates had before the rows moved into
`report_tags`; every value goes through both and must come out the same, escaped alike.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template
from django.utils import translation

from koersvast.reports.templatetags.report_tags import portfolio_rows, raad_rows

PORTFOLIO_LOOP = """{% load report_tags %}{% for item in items %}
      <tr><td>{{ item.reference }}</td><th scope="row">{{ item.title }}</th><td>{{ item.state_label }}</td>
      <td><span class="rag rag--{{ item.rag|default:'none' }}">{{ item.rag_label }}</span></td>
      {% for column in columns %}<td class="num">{{ item.budget|get:column.key|euro }}</td>{% endfor %}
      <td class="num">{{ item.risks }}</td>
      <td>{% if item.top_risk %}{{ item.top_risk.title }} <span class="meta">({{ item.top_risk.score }})</span>{% else %}—{% endif %}</td>
      <td class="num">{% if item.benefits %}{{ item.benefits }} ({{ item.benefits_realised }}){% else %}—{% endif %}</td></tr>
    {% endfor %}"""  # noqa: E501

RAAD_LOOP = """{% load i18n report_tags %}{% for p in items %}
      <tr><td>{{ p.reference }}</td><th scope="row">{{ p.title }}<br><span class="meta">{{ p.state_label }}</span></th>
      <td>{{ p.phase_label }}</td><td>{{ p.start|default:"—" }}</td><td>{{ p.end|default:"—" }}</td>
      <td class="num">{{ p.total|euro }}</td>
      {% for column in columns %}<td class="num">{{ p.budget|get:column.key|euro }}</td>{% endfor %}
      <td><span class="rag rag--{{ p.rag|default:'none' }}">{{ p.rag_label }}</span></td>
      <td>{% if p.top_risks %}<ul class="pc-report__risks">{% for risk in p.top_risks %}<li>{{ risk.title }} <span class="meta">({{ risk.score }})</span></li>{% endfor %}</ul>{% else %}<span class="meta">{% translate "geen actieve risico's" %}</span>{% endif %}</td></tr>
    {% endfor %}"""  # noqa: E501

COLUMNS = [{"key": "planned"}, {"key": "actual"}, {"key": "variance"}]
HOSTILE = "<script>alert('x')</script> & \"quotes\""


def _budget(**values: int) -> dict[str, int]:
    return {"planned": 0, "actual": 0, "forecast": 0, "variance": 0, **values}


ITEMS: list[dict[str, Any]] = [
    {
        "reference": "KV-001",
        "title": "Vervanging Zuidbrug",
        "state_label": "In uitvoering",
        "rag": "rood",
        "rag_label": "Rood",
        "budget": _budget(planned=2_500_000, actual=2_600_000, variance=100_000),
        "risks": 2,
        "top_risk": {"title": "Stikstof", "score": 20},
        "benefits": 3,
        "benefits_realised": 1,
    },
    {
        "reference": HOSTILE,
        "title": HOSTILE,
        "state_label": "Opgenomen",
        "rag": "",
        "rag_label": "geen rapportage",
        "budget": _budget(planned=-2_500, variance=2_500),
        "risks": 0,
        "top_risk": None,
        "benefits": 0,
        "benefits_realised": 0,
    },
    {
        "reference": "KV-003",
        "title": "Bibliotheek",
        "state_label": "Gepland",
        "rag": "groen",
        "rag_label": "Groen",
        "budget": {},
        "risks": 1,
        "top_risk": {"title": HOSTILE, "score": 4},
        "benefits": 1,
        "benefits_realised": 0,
    },
]

PROJECTS: list[dict[str, Any]] = [
    {
        "reference": "KV-001",
        "title": HOSTILE,
        "state_label": "In uitvoering",
        "phase_label": "Realisatie",
        "start": "2026-Q2",
        "end": "2027-Q3",
        "total": 2_800_000,
        "rag": "oranje",
        "rag_label": "Oranje",
        "budget": _budget(planned=1_000_000, actual=900_000, variance=-100_000),
        "top_risks": [{"title": HOSTILE, "score": 20}, {"title": "Planning", "score": 9}],
    },
    {
        "reference": "KV-002",
        "title": "Zwembad",
        "state_label": "Gepland",
        "phase_label": HOSTILE,
        "start": "",
        "end": "",
        "total": 1_000_000,
        "rag": "",
        "rag_label": "geen rapportage",
        "budget": _budget(),
        "top_risks": [],
    },
]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_portfolio_rows_are_the_template_loop(language: str) -> None:
    with translation.override(language):
        expected = Template(PORTFOLIO_LOOP).render(Context({"items": ITEMS, "columns": COLUMNS}))
        assert portfolio_rows(ITEMS, COLUMNS) == expected


@pytest.mark.parametrize("language", ["nl", "en"])
def test_raad_rows_are_the_template_loop(language: str) -> None:
    with translation.override(language):
        expected = Template(RAAD_LOOP).render(Context({"items": PROJECTS, "columns": COLUMNS}))
        assert raad_rows(PROJECTS, COLUMNS) == expected


def test_text_is_escaped() -> None:
    html = portfolio_rows(ITEMS, COLUMNS) + raad_rows(PROJECTS, COLUMNS)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quotes&quot;" in html
