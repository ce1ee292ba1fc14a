"""Lessons learned: recorded per initiative (usually at closing) or for the whole portfolio."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koersvast.portfolio.models import Domain, Initiative
from koersvast.tenancy.models import Municipality

from ..models import Lesson
from ..rules import may_edit_lesson, may_manage, may_report, require

MAX_TAGS = 10
MAX_TAG_LENGTH = 40


def parse_tags(raw: str | Iterable[str]) -> list[str]:
    """Trefwoorden from "Aanbesteding, communicatie" (commas or semicolons): lower case, unique,
    in the order given, at most ten of at most 40 characters."""
    parts = raw.replace(";", ",").split(",") if isinstance(raw, str) else list(raw)
    tags: list[str] = []
    for part in parts:
        tag = " ".join(str(part).replace("|", " ").split()).lower()[:MAX_TAG_LENGTH].strip()
        if tag and tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ValidationError(
            {"tags": _("Geef hoogstens %(count)s trefwoorden.") % {"count": MAX_TAGS}},
            code="too_many_tags",
        )
    return tags


def _tags_field(tags: list[str]) -> str:
    return f"|{'|'.join(tags)}|" if tags else ""


def _check_text(what_happened: str, to_repeat: str, to_avoid: str) -> None:
    if not what_happened.strip():
        raise ValidationError({"what_happened": _("Beschrijf wat er gebeurde.")}, code="required")
    if not (to_repeat.strip() or to_avoid.strip()):
        raise ValidationError(
            _("Geef aan wat u de volgende keer herhaalt of juist vermijdt."), code="advice"
        )


@transaction.atomic
def lesson_create(
    *,
    municipality: Municipality,
    by: Any,
    title: str,
    what_happened: str,
    to_repeat: str = "",
    to_avoid: str = "",
    tags: str | Iterable[str] = "",
    initiative: Initiative | None = None,
    domain: Domain | None = None,
) -> Lesson:
    """Record a lesson of an initiative (who may report on it) or of the portfolio (manager).

    A lesson of an initiative takes the initiative's domain, so the intake of a new initiative
    in that domain finds it.
    """
    if initiative is not None:
        if initiative.municipality_id != municipality.pk:
            raise ValidationError(_("Dit initiatief hoort bij een andere gemeente."))
        if by is not None:
            require(may_report(by, initiative))
        domain = initiative.domain
    elif by is not None:
        require(may_manage(by, municipality.pk))
    if domain is not None and domain.municipality_id != municipality.pk:
        raise ValidationError({"domain": _("Kies een domein van de eigen gemeente.")})
    _check_text(what_happened, to_repeat, to_avoid)
    return Lesson.objects.create(
        municipality=municipality,
        initiative=initiative,
        domain=domain,
        title=" ".join(title.split())[:200],
        what_happened=what_happened.strip(),
        to_repeat=to_repeat.strip(),
        to_avoid=to_avoid.strip(),
        tags=_tags_field(parse_tags(tags)),
        recorded_by=by,
    )


@transaction.atomic
def lesson_update(
    *,
    lesson: Lesson,
    by: Any,
    title: str,
    what_happened: str,
    to_repeat: str = "",
    to_avoid: str = "",
    tags: str | Iterable[str] = "",
    domain: Domain | None = None,
) -> Lesson:
    """Change a lesson (who recorded it, who may report on its initiative, or the manager)."""
    require(may_edit_lesson(by, lesson))
    _check_text(what_happened, to_repeat, to_avoid)
    if lesson.initiative_id is None:
        if domain is not None and domain.municipality_id != lesson.municipality_id:
            raise ValidationError({"domain": _("Kies een domein van de eigen gemeente.")})
        lesson.domain = domain
    lesson.title = " ".join(title.split())[:200]
    lesson.what_happened = what_happened.strip()
    lesson.to_repeat = to_repeat.strip()
    lesson.to_avoid = to_avoid.strip()
    lesson.tags = _tags_field(parse_tags(tags))
    lesson.save()
    return lesson
