"""Kind "RAG-definities": what green, orange and red mean in a municipality's progress reports.

The content is a ``koersvast.rag/1`` document (``monitoring/rag_exchange.py``). Adopting sets
the colours the template defines and leaves the others; merging writes the merged set, so a
colour the newer version no longer defines falls back to the standard meaning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koersvast.monitoring.choices import Rag
from koersvast.monitoring.models import RagDefinition
from koersvast.monitoring.rag_exchange import (
    FORMAT,
    RagFileError,
    rag_export,
    rag_validate,
    rag_write,
)
from koersvast.tenancy.models import Municipality

from . import ContentError, Item, Source, TemplateKind, WriteResult, register

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class RagKind(TemplateKind):
    key = "rag"
    label = gettext_lazy("RAG-definities")
    order = 30
    preview_template = "library/kinds/rag.html"
    adopt_explanation = gettext_lazy(
        "De betekenis van de kleuren in het sjabloon vervangt die van uw gemeente; kleuren "
        "die het sjabloon niet beschrijft, houden hun huidige betekenis."
    )
    section_labels = {"definitions": gettext_lazy("Kleuren")}
    field_labels = {"meaning": gettext_lazy("betekenis")}
    quiet_fields = frozenset({"colour"})

    def sources(self, municipality: Municipality) -> list[Source]:
        if not RagDefinition.objects.in_municipality(municipality).exists():
            return []
        label = _("De RAG-definities van %(name)s") % {"name": municipality.name}
        return [Source("set", label)]

    def export(self, municipality: Municipality, source_key: str) -> dict[str, Any]:
        document = rag_export(municipality)
        if not document["definitions"]:
            raise ContentError(
                [_("Uw gemeente heeft de kleuren nog geen eigen betekenis gegeven.")]
            )
        return document

    def validate(self, content: Any, municipality: Municipality | None = None) -> None:
        try:
            rag_validate(content)
        except RagFileError as error:
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
            definitions = rag_validate(content)
        except RagFileError as error:
            raise ContentError(error.problems) from None
        result = rag_write(municipality, definitions, replace_all=merge)
        labels = dict(Rag.choices)

        def names(colours: list[str]) -> str:
            return ", ".join(str(labels[c]) for c in colours) or _("geen")

        summary = _("Toegevoegd: %(added)s. Vervangen: %(replaced)s.") % {
            "added": names(result.added),
            "replaced": names(result.replaced),
        }
        if result.removed:
            summary += " " + _("Terug naar de standaardbetekenis: %(removed)s.") % {
                "removed": names(result.removed)
            }
        return WriteResult(None, _("RAG-definities"), summary, reverse("monitoring:settings"))

    def items(self, content: dict[str, Any]) -> dict[str, Item]:
        labels: dict[str | None, StrOrPromise] = dict(Rag.choices)
        return {
            f"rag:{d.get('colour')}": Item(
                "definitions",
                str(labels.get(d.get("colour"), d.get("colour"))),
                {"colour": d.get("colour"), "meaning": d.get("meaning")},
            )
            for d in content.get("definitions") or []
            if isinstance(d, dict)
        }

    def rebuild(self, base: dict[str, Any], items: dict[str, Item]) -> dict[str, Any]:
        order = {f"rag:{colour.value}": index for index, colour in enumerate(Rag)}
        ordered = sorted(items.items(), key=lambda pair: order.get(pair[0], 99))
        return {"format": FORMAT, "definitions": [dict(item.fields) for _k, item in ordered]}

    def current(self, municipality: Municipality, target: models.Model | None) -> dict | None:
        return rag_export(municipality)

    def adopt_notes(self, municipality: Municipality, content: dict[str, Any]) -> list[str]:
        labels = dict(Rag.choices)
        colours = [str(labels.get(d.get("colour"), "")) for d in content.get("definitions") or []]
        return [
            _("Krijgt de betekenis uit het sjabloon: %(colours)s.")
            % {"colours": ", ".join(colours)}
        ]

    def preview(self, content: dict[str, Any]) -> dict[str, Any]:
        labels = dict(Rag.choices)
        return {
            "definitions": [
                {
                    "colour": d.get("colour"),
                    "label": labels.get(d.get("colour")),
                    "meaning": d.get("meaning"),
                }
                for d in content.get("definitions") or []
            ]
        }

    def summary(self, content: dict[str, Any]) -> str:
        return _("%(count)s kleuren") % {"count": len(content.get("definitions") or [])}


register(RagKind())
