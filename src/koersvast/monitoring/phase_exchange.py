"""Sharing a phase model: the JSON format ``koersvast.phases/1``.

In the style of ``rag_exchange.py``: export writes no database ids; validation names every
problem with its JSON path before anything is written. Documented in ``docs/template-format.md``.
"""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify

from koersvast.tenancy.models import Municipality

from .selectors import phases

FORMAT = "koersvast.phases/1"
MAX_NAME = 80  # PhaseDefinition.name


class PhaseFileError(ValueError):
    """A document that cannot be used; `problems` are Dutch messages with their path."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


def phases_export(municipality: Municipality) -> dict[str, Any]:
    """The municipality's phase model (its own, or the standard one) as a document."""
    return {
        "format": FORMAT,
        "phases": [
            {"code": step.code, "name": step.name, "documents": list(step.documents)}
            for step in phases.phase_model(municipality.pk)
        ],
    }


def phases_validate(document: Any) -> list[phases.PhaseStep]:
    """The steps of a ``koersvast.phases/1`` document, or PhaseFileError naming every problem."""
    if not isinstance(document, dict):
        raise PhaseFileError(["Het document moet een JSON-object zijn."])
    if document.get("format") != FORMAT:
        raise PhaseFileError(
            [f"format: onbekend formaat {document.get('format')!r}; verwacht {FORMAT!r}."]
        )
    items = document.get("phases")
    if not isinstance(items, list) or not 2 <= len(items) <= phases.MAX_PHASES:
        raise PhaseFileError([f"phases: een lijst van 2 tot {phases.MAX_PHASES} fasen."])
    problems: list[str] = []
    steps: list[phases.PhaseStep] = []
    codes: set[str] = set()
    for index, item in enumerate(items):
        path = f"phases[{index}]"
        if not isinstance(item, dict):
            problems.append(f"{path}: moet een object zijn.")
            continue
        code, name, documents = item.get("code"), item.get("name"), item.get("documents", [])
        if not isinstance(code, str) or code != slugify(code) or not code or len(code) > 40:
            problems.append(f"{path}.code: {code!r} is geen geldige code (a-z, 0-9, -).")
        elif code in codes:
            problems.append(f"{path}.code: de code ‘{code}’ komt twee keer voor.")
        codes.add(str(code))
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
            problems.append(f"{path}.name: een naam van 1 tot {MAX_NAME} tekens.")
        if (
            not isinstance(documents, list)
            or len(documents) > phases.MAX_DOCUMENTS
            or not all(
                isinstance(d, str) and 0 < len(d.strip()) <= phases.MAX_DOCUMENT_LENGTH
                for d in documents
            )
        ):
            problems.append(
                f"{path}.documents: een lijst van hoogstens {phases.MAX_DOCUMENTS} namen van "
                f"1 tot {phases.MAX_DOCUMENT_LENGTH} tekens."
            )
        if not problems:
            steps.append(
                phases.PhaseStep(str(code), str(name).strip(), [d.strip() for d in documents])
            )
    if problems:
        raise PhaseFileError(problems)
    return steps
