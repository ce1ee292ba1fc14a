"""Kind "Fasemodel": a municipality's phases and the documents each phase gate asks.

The content is a ``koersvast.phases/1`` document (``monitoring/phase_exchange.py``). Adopting
replaces the municipality's phase model; a phase that its own recorded gates refer to is kept
(at its place), because the history of its projects must stay readable.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koersvast.monitoring.errors import MonitoringError
from koersvast.monitoring.phase_exchange import (
    FORMAT,
    PhaseFileError,
    phases_export,
    phases_validate,
)
from koersvast.monitoring.selectors.phases import PhaseStep, codes_in_use, is_custom, phase_model
from koersvast.monitoring.services.phases import phase_model_write
from koersvast.tenancy.models import Municipality

from . import ContentError, Item, Source, TemplateKind, WriteResult, register


def _with_phases_in_use(
    municipality: Municipality, steps: list[PhaseStep]
) -> tuple[list[PhaseStep], list[str]]:
    """The template's steps plus the municipality's phases that recorded gates refer to."""
    codes = {step.code for step in steps}
    in_use = codes_in_use(municipality.pk)
    result, kept = list(steps), []
    for index, step in enumerate(phase_model(municipality.pk)):
        if step.code in in_use and step.code not in codes:
            result.insert(min(index, len(result)), step)
            kept.append(step.name)
    return result, kept


class PhaseModelKind(TemplateKind):
    key = "phases"
    label = gettext_lazy("Fasemodel")
    order = 40
    preview_template = "library/kinds/phases.html"
    adopt_explanation = gettext_lazy(
        "Het fasemodel van het sjabloon vervangt dat van uw gemeente; fasen waarnaar uw eigen "
        "fasebesluiten verwijzen, blijven bestaan."
    )
    section_labels = {"phases": gettext_lazy("Fasen")}
    field_labels = {
        "name": gettext_lazy("naam"),
        "documents": gettext_lazy("vereiste documenten"),
        "position": gettext_lazy("volgorde"),
    }
    quiet_fields = frozenset({"code"})

    def sources(self, municipality: Municipality) -> list[Source]:
        label = _("Het fasemodel van %(name)s") % {"name": municipality.name}
        return [Source("model", label)] if is_custom(municipality.pk) else []

    def export(self, municipality: Municipality, source_key: str) -> dict[str, Any]:
        if not is_custom(municipality.pk):
            raise ContentError([_("Uw gemeente gebruikt nog het standaard fasemodel.")])
        return phases_export(municipality)

    def validate(self, content: Any, municipality: Municipality | None = None) -> None:
        try:
            phases_validate(content)
        except PhaseFileError as error:
            raise ContentError(error.problems) from None

    def write(
        self,
        municipality: Municipality,
        content: dict[str, Any],
        *,
        merge: bool,
        target: models.Model | None = None,
    ) -> WriteResult:
        try:
            steps, kept = _with_phases_in_use(municipality, phases_validate(content))
            phase_model_write(municipality_id=municipality.pk, steps=steps)
        except PhaseFileError as error:
            raise ContentError(error.problems) from None
        except MonitoringError as error:
            raise ContentError([str(error)]) from None
        summary = _("Fasemodel met %(count)s fasen.") % {"count": len(steps)}
        if kept:
            summary += " " + _("Behouden omdat fasebesluiten ernaar verwijzen: %(names)s.") % {
                "names": ", ".join(kept)
            }
        return WriteResult(None, _("fasemodel"), summary, reverse("monitoring:phase_model"))

    def items(self, content: dict[str, Any]) -> dict[str, Item]:
        return {
            f"phase:{p.get('code')}": Item(
                "phases",
                str(p.get("name", "")),
                {
                    "code": p.get("code"),
                    "name": p.get("name"),
                    "documents": "\n".join(p.get("documents") or []),
                    "position": position,
                },
            )
            for position, p in enumerate(content.get("phases") or [], start=1)
            if isinstance(p, dict)
        }

    def rebuild(self, base: dict[str, Any], items: dict[str, Item]) -> dict[str, Any]:
        ordered = sorted(items.values(), key=lambda item: item.fields.get("position") or 99)
        return {
            "format": FORMAT,
            "phases": [
                {
                    "code": item.fields["code"],
                    "name": item.fields["name"],
                    "documents": [d for d in str(item.fields["documents"]).splitlines() if d],
                }
                for item in ordered
            ],
        }

    def current(self, municipality: Municipality, target: models.Model | None) -> dict | None:
        return phases_export(municipality)

    def adopt_notes(self, municipality: Municipality, content: dict[str, Any]) -> list[str]:
        try:
            steps = phases_validate(content)
        except PhaseFileError:
            return []
        notes = [_("Uw fasemodel wordt: %(names)s.") % {"names": " → ".join(s.name for s in steps)}]
        _steps, kept = _with_phases_in_use(municipality, steps)
        if kept:
            notes.append(
                _("Behouden omdat fasebesluiten ernaar verwijzen: %(names)s.")
                % {"names": ", ".join(kept)}
            )
        return notes

    def preview(self, content: dict[str, Any]) -> dict[str, Any]:
        return {
            "phases": [
                {"name": p.get("name"), "documents": p.get("documents") or []}
                for p in content.get("phases") or []
                if isinstance(p, dict)
            ]
        }

    def summary(self, content: dict[str, Any]) -> str:
        return _("%(count)s fasen") % {"count": len(content.get("phases") or [])}


register(PhaseModelKind())
