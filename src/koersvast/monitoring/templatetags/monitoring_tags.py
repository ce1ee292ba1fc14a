"""The traffic-light badge, written once here instead of an `{% include %}` per table cell.

The monitoring overview shows five badges for each of 50 rows; an `{% include %}` costs tens of
microseconds each, a tag a few. `monitoring/_rag.html` renders this same tag.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from koersvast.monitoring.choices import Rag

register = template.Library()


@register.simple_tag
def rag_badge(colour: str | None) -> SafeString:
    """`<span class="rag rag--groen">Groen</span>`; no colour: "geen rapportage"."""
    if not colour:
        return format_html('<span class="rag rag--none">{}</span>', _("geen rapportage"))
    if colour == Rag.GREEN:
        label = _("Groen")
    elif colour == Rag.ORANGE:
        label = _("Oranje")
    else:
        label = _("Rood")
    return format_html('<span class="rag rag--{}">{}</span>', colour, label)
