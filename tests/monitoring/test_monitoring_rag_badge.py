"""The traffic-light badge tag gives the markup the `_rag.html` include had."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from koersvast.monitoring.templatetags.monitoring_tags import rag_badge

# The include as it was before the tag (monitoring/_rag.html).
INCLUDE = (
    '{% load i18n %}{% if colour %}<span class="rag rag--{{ colour }}">{% if colour == "groen" %}'
    '{% translate "Groen" %}{% elif colour == "oranje" %}{% translate "Oranje" %}{% else %}'
    '{% translate "Rood" %}{% endif %}</span>{% else %}<span class="rag rag--none">'
    '{% translate "geen rapportage" %}</span>{% endif %}'
)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("colour", ["groen", "oranje", "rood", "", None])
def test_badge_is_the_old_include(colour: str | None, language: str) -> None:
    with translation.override(language):
        expected = Template(INCLUDE).render(Context({"colour": colour}))
        assert rag_badge(colour) == expected
        assert render_to_string("monitoring/_rag.html", {"colour": colour}) == expected + "\n"


def test_an_unknown_colour_is_escaped() -> None:
    assert rag_badge('"><script>') == (
        '<span class="rag rag--&quot;&gt;&lt;script&gt;">Rood</span>'
    )
