"""`{% lesson_suggestions initiative %}`: lessons of earlier projects shown to the intake."""

from __future__ import annotations

from typing import Any

from django import template

from koersvast.portfolio.choices import INTAKE_STATES

from ..selectors.lessons import lessons_for_initiative

register = template.Library()


@register.inclusion_tag("monitoring/_lesson_suggestions.html", takes_context=True)
def lesson_suggestions(context: Any, initiative: Any) -> dict[str, Any]:
    """Lessons with the initiative's domain or tags found in its text, while it is in intake."""
    suggestions = (
        lessons_for_initiative(initiative=initiative)
        if initiative is not None and initiative.pk and initiative.state in INTAKE_STATES
        else []
    )
    return {"suggestions": suggestions, "request": context.get("request")}
