"""Reads of the lessons-learned log: search with a tag filter, and suggestions for the intake."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from koersvast.portfolio.choices import LifecycleState
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality

from ..models import Lesson

#: States in which a project is closed: the moment to record its lessons.
CLOSED_STATES = (LifecycleState.COMPLETED, LifecycleState.BENEFITS)


def is_closing(initiative: Initiative, phase: str, phase_codes: list[str]) -> bool:
    """Whether the project is closing (completed, handed over, or in the last phase: nazorg
    with its evaluation), so its monitoring page offers to record lessons."""
    if initiative.state in CLOSED_STATES:
        return True
    return len(phase_codes) > 1 and phase == phase_codes[-1]


#: How many recent lessons the intake suggestion looks through (one query, bounded).
SUGGESTION_WINDOW = 500


def lesson_search(
    *, municipality: Municipality, text: str = "", tag: str = "", domain_id: int | None = None
) -> QuerySet[Lesson]:
    """The municipality's lessons, newest first, matching every word of `text` (in the title,
    the texts or the tags), carrying `tag` and in `domain_id`, when given."""
    lessons = Lesson.objects.in_municipality(municipality).select_related(
        "initiative", "domain", "recorded_by"
    )
    for word in text.split()[:10]:
        lessons = lessons.filter(
            Q(title__icontains=word)
            | Q(what_happened__icontains=word)
            | Q(to_repeat__icontains=word)
            | Q(to_avoid__icontains=word)
            | Q(tags__icontains=word)
        )
    tag = " ".join(tag.replace("|", " ").split()).lower()
    if tag:
        lessons = lessons.filter(tags__icontains=f"|{tag}|")
    if domain_id is not None:
        lessons = lessons.filter(domain_id=domain_id)
    return lessons.order_by("-created_at", "-pk")


def lesson_tags(*, municipality: Municipality) -> list[str]:
    """Every tag in use, alphabetically (for the filter)."""
    tags: set[str] = set()
    for value in Lesson.objects.in_municipality(municipality).values_list("tags", flat=True):
        tags.update(tag for tag in value.split("|") if tag)
    return sorted(tags)


@dataclass(frozen=True)
class Suggestion:
    lesson: Lesson
    same_domain: bool
    matched_tags: tuple[str, ...]


def _words(*texts: str) -> str:
    return " " + " ".join(re.sub(r"[^\w-]+", " ", t.lower()) for t in texts if t) + " "


def lessons_for_initiative(*, initiative: Initiative, limit: int = 5) -> list[Suggestion]:
    """Lessons worth reading before this initiative: those whose tags occur in its title,
    problem or intended result, and those of its domain; tag matches count most. Lessons of
    the initiative itself are left out. One query."""
    text = _words(initiative.title, initiative.problem, initiative.intended_result)
    candidates = (
        Lesson.objects.filter(municipality_id=initiative.municipality_id)
        .exclude(initiative_id=initiative.pk)
        .select_related("initiative")
        .order_by("-created_at", "-pk")[:SUGGESTION_WINDOW]
    )
    scored = []
    for lesson in candidates:
        matched = tuple(tag for tag in lesson.tag_list if f" {tag} " in text)
        same_domain = lesson.domain_id is not None and lesson.domain_id == initiative.domain_id
        if matched or same_domain:
            scored.append(
                ((len(matched) * 2 + same_domain), Suggestion(lesson, same_domain, matched))
            )
    scored.sort(key=lambda item: -item[0])  # stable: newest first within a score
    return [suggestion for _score, suggestion in scored[:limit]]
