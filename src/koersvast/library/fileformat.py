"""The file format ``koersvast.template/1``: one template version, for another instance.

It wraps the kind's own document (``content``) with the template's title, description,
author and version number. Documented in ``docs/template-format.md``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from koersvast.core.text import clean_strings

from .kinds import ContentError, get_kind
from .models import TemplateVersion

FORMAT = "koersvast.template/1"
MAX_BYTES = 1024 * 1024


def version_document(version: TemplateVersion) -> dict[str, Any]:
    template = version.template
    author = template.municipality
    return {
        "format": FORMAT,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "kind": template.kind,
        "title": template.title,
        "description": template.description,
        "author": template.original_author or f"{author.name} ({author.cbs_code})",
        "version": version.number,
        "published_at": version.created_at.isoformat(timespec="seconds"),
        "note": version.note,
        "content": version.content,
    }


def version_bytes(version: TemplateVersion) -> bytes:
    return json.dumps(version_document(version), ensure_ascii=False, indent=2).encode()


def filename(version: TemplateVersion) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", version.template.title.lower()).strip("-")[:60]
    return f"sjabloon-{slug or version.template.kind}-v{version.number}.json"


@dataclass(frozen=True)
class TemplateFile:
    """A validated ``koersvast.template/1`` file."""

    kind: str
    title: str
    description: str
    author: str
    version: int
    note: str
    content: dict[str, Any]


def _text(document: dict[str, Any], key: str, limit: int, problems: list[str]) -> str:
    value = document.get(key, "")
    if not isinstance(value, str):
        problems.append(f"{key}: " + _("moet tekst zijn."))
        return ""
    if len(value.strip()) > limit:
        problems.append(
            f"{key}: " + _("is te lang (hoogstens %(limit)s tekens).") % {"limit": limit}
        )
    return value.strip()


def parse(raw: bytes) -> TemplateFile:
    """Decode and validate a file (the content by its kind); ContentError lists every problem."""
    if len(raw) > MAX_BYTES:
        raise ContentError([_("Het bestand is groter dan 1 MB.")])
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ContentError([_("Het bestand is geen UTF-8-tekst.")]) from None
    except json.JSONDecodeError as error:
        raise ContentError(
            [
                _("Het bestand is geen geldige JSON (regel %(line)s, kolom %(col)s).")
                % {"line": error.lineno, "col": error.colno}
            ]
        ) from None
    if not isinstance(document, dict):
        raise ContentError([_("Het bestand moet een JSON-object zijn.")])
    document = clean_strings(document)  # no control characters in what is stored
    if document.get("format") != FORMAT:
        raise ContentError(
            [
                "format: "
                + _("onbekend formaat %(found)r; verwacht %(expected)r.")
                % {"found": document.get("format"), "expected": FORMAT}
            ]
        )
    kind = get_kind(str(document.get("kind")))
    problems: list[str] = []
    title = _text(document, "title", 200, problems)
    if not title:
        problems.append("title: " + _("is verplicht."))
    description = _text(document, "description", 10_000, problems)
    author = _text(document, "author", 200, problems)
    note = _text(document, "note", 10_000, problems)
    version = document.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        problems.append("version: " + _("moet een geheel getal vanaf 1 zijn."))
    content = document.get("content")
    try:
        kind.validate(content)
    except ContentError as error:
        problems.extend(f"content.{problem}" for problem in error.problems)
    if problems:
        raise ContentError(problems)
    return TemplateFile(kind.key, title, description, author, version, note, content)
