"""`{% adoption_notice obj %}`: on an adopted object's page, where it came from and whether
the template has a newer version (for the framework, criteria and RAG pages to include)."""

from __future__ import annotations

from typing import Any

from django import template

from koersvast.library.selectors import adoption_of

register = template.Library()


@register.inclusion_tag("library/_adoption_notice.html")
def adoption_notice(obj: Any) -> dict[str, Any]:
    return {"row": adoption_of(obj) if obj is not None and obj.pk else None}
