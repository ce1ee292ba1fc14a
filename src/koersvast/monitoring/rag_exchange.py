"""Sharing the meaning of the RAG colours: the JSON format ``koersvast.rag/1``.

In the style of ``framework/exchange.py``: export writes no database ids; validation names
every problem with its JSON path before anything is written; the write is one transaction.
Documented in ``docs/template-format.md`` (the template library is its first user).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from koersvast.tenancy.models import Municipality

from .choices import Rag
from .models import RagDefinition

FORMAT = "koersvast.rag/1"
MAX_MEANING = 300  # RagDefinition.meaning


class RagFileError(ValueError):
    """A document that cannot be used; `problems` are Dutch messages with their path."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class RagWriteResult:
    added: list[str]
    replaced: list[str]
    removed: list[str]


def rag_export(municipality: Municipality) -> dict[str, Any]:
    """The municipality's own colour meanings (not the defaults) as a ``koersvast.rag/1`` dict."""
    order = {colour.value: index for index, colour in enumerate(Rag)}
    rows = RagDefinition.objects.filter(municipality=municipality).values_list("colour", "meaning")
    return {
        "format": FORMAT,
        "definitions": [
            {"colour": colour, "meaning": meaning}
            for colour, meaning in sorted(rows, key=lambda row: order.get(row[0], 99))
        ],
    }


def rag_validate(document: Any) -> list[dict[str, str]]:
    """The definitions of a ``koersvast.rag/1`` document, or RagFileError naming every problem."""
    if not isinstance(document, dict):
        raise RagFileError(["Het document moet een JSON-object zijn."])
    if document.get("format") != FORMAT:
        raise RagFileError(
            [f"format: onbekend formaat {document.get('format')!r}; verwacht {FORMAT!r}."]
        )
    items = document.get("definitions")
    if not isinstance(items, list):
        raise RagFileError(["definitions: moet een lijst zijn."])
    problems: list[str] = []
    result: list[dict[str, str]] = []
    seen: set[str] = set()
    colours = [c.value for c in Rag]
    for index, item in enumerate(items):
        path = f"definitions[{index}]"
        if not isinstance(item, dict):
            problems.append(f"{path}: moet een object zijn.")
            continue
        colour, meaning = item.get("colour"), item.get("meaning")
        if colour not in colours:
            problems.append(
                f"{path}.colour: {colour!r} is geen kleur (toegestaan: {', '.join(colours)})."
            )
        elif colour in seen:
            problems.append(f"{path}.colour: de kleur ‘{colour}’ komt twee keer voor.")
        seen.add(str(colour))
        if not isinstance(meaning, str) or not meaning.strip():
            problems.append(f"{path}.meaning: is verplicht en moet tekst zijn.")
        elif len(meaning.strip()) > MAX_MEANING:
            problems.append(f"{path}.meaning: is te lang (hoogstens {MAX_MEANING} tekens).")
        else:
            result.append({"colour": str(colour), "meaning": meaning.strip()})
    if problems:
        raise RagFileError(problems)
    return result


@transaction.atomic
def rag_write(
    municipality: Municipality, definitions: list[dict[str, str]], *, replace_all: bool
) -> RagWriteResult:
    """Set the meanings of the colours in `definitions` (validated by `rag_validate`).

    With `replace_all`, a colour the document leaves out loses its own meaning (the default
    applies again); without it, other colours stay as they are. Every save is audited.
    """
    existing = {d.colour: d for d in RagDefinition.objects.filter(municipality=municipality)}
    added, replaced, removed = [], [], []
    for item in definitions:
        current = existing.pop(item["colour"], None)
        if current is None:
            RagDefinition.objects.create(
                municipality=municipality, colour=item["colour"], meaning=item["meaning"]
            )
            added.append(item["colour"])
        elif current.meaning != item["meaning"]:
            current.meaning = item["meaning"]
            current.save()
            replaced.append(item["colour"])
    if replace_all:
        for colour, definition in existing.items():
            definition.delete()
            removed.append(colour)
    return RagWriteResult(added, replaced, removed)
