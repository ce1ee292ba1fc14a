"""Kind "afwegingskader": one framework version, in the ``koersvast.framework/1`` format.

The template holds the framework itself (objectives, axes, AHP comparisons); the file format's
optional `criteria` list is left out, because entry criteria are a kind of their own and refer
to the author's domains. Adopting (and merging) writes a new draft version through the
framework importer, so the same validation guards both doors.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koersvast.framework.choices import AxisDirection, EsgTheme, ObjectiveSource
from koersvast.framework.exchange.document import FORMAT, FrameworkFileError
from koersvast.framework.exchange.export import framework_export
from koersvast.framework.exchange.importing import framework_import
from koersvast.framework.exchange.validation import validate_document
from koersvast.framework.models import Framework
from koersvast.tenancy.models import Municipality

from . import ContentError, Item, Source, TemplateKind, WriteResult, register

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_HEAD = ("name", "description", "value_weight", "impact_weight")
_OBJECTIVE = (
    "parent",
    "name",
    "description",
    "source",
    "owner",
    "esg_theme",
    "kpi",
    "weight",
    "order",
)
_AXIS = ("name", "description", "scale_min", "scale_max", "direction", "weight", "order")


def _problems(error: FrameworkFileError) -> ContentError:
    return ContentError([str(problem) for problem in error.problems])


def _share(weight: float, total: float) -> float | None:
    return weight / total if total else None


class FrameworkKind(TemplateKind):
    key = "afwegingskader"
    label = gettext_lazy("Afwegingskader")
    order = 10
    preview_template = "library/kinds/framework.html"
    adopt_explanation = gettext_lazy(
        "Het afwegingskader wordt een nieuwe conceptversie in uw gemeente. U kunt het daarna "
        "aanpassen en zelf vaststellen; uw vastgestelde versie blijft ongewijzigd."
    )
    quiet_fields = frozenset({"code", "order", "group", "first", "second"})
    section_labels = {
        "framework": gettext_lazy("Kader"),
        "objectives": gettext_lazy("Doelstellingen"),
        "axes": gettext_lazy("Impactassen"),
        "comparisons": gettext_lazy("Paarsgewijze vergelijkingen"),
    }
    field_labels = {
        "name": gettext_lazy("naam"),
        "description": gettext_lazy("toelichting"),
        "value_weight": gettext_lazy("gewicht bijdrage aan doelen"),
        "impact_weight": gettext_lazy("gewicht impactassen"),
        "parent": gettext_lazy("valt onder"),
        "source": gettext_lazy("bron"),
        "owner": gettext_lazy("eigenaar"),
        "esg_theme": gettext_lazy("ESG-thema"),
        "kpi": gettext_lazy("KPI"),
        "weight": gettext_lazy("gewicht"),
        "scale_min": gettext_lazy("schaal van"),
        "scale_max": gettext_lazy("schaal tot"),
        "direction": gettext_lazy("richting"),
        "value": gettext_lazy("oordeel"),
    }

    # --- publishing --------------------------------------------------------------------

    def sources(self, municipality: Municipality) -> list[Source]:
        frameworks = Framework.objects.in_municipality(municipality).order_by("name", "-version")
        return [
            Source(str(f.pk), f"{f.name} v{f.version} ({f.get_status_display()})")
            for f in frameworks
        ]

    def export(self, municipality: Municipality, source_key: str) -> dict[str, Any]:
        framework = Framework.objects.in_municipality(municipality).filter(pk=source_key).first()
        if framework is None:
            raise ContentError([_("Kies een afwegingskader van uw eigen gemeente.")])
        return self._content(framework)

    @staticmethod
    def _content(framework: Framework) -> dict[str, Any]:
        document = framework_export(framework=framework)
        # Only the framework itself: no export time, no origin, no criteria (own kind).
        return {key: document[key] for key in ("format", "framework", *_LISTS)}

    def validate(self, content: Any, municipality: Municipality | None = None) -> None:
        if not isinstance(content, dict):
            raise ContentError([_("De inhoud moet een JSON-object zijn.")])
        if "criteria" in content:
            raise ContentError([_("criteria: hoort niet in een sjabloon voor een afwegingskader.")])
        try:
            validate_document(content)
        except FrameworkFileError as error:
            raise _problems(error) from None

    def write(
        self,
        municipality: Municipality,
        content: dict[str, Any],
        *,
        merge: bool,
        target: models.Model | None = None,
    ) -> WriteResult:
        raw = json.dumps(content, ensure_ascii=False).encode()
        try:
            # by=None: the library checked the right to adopt; the result is only a draft.
            framework = framework_import(municipality=municipality, raw=raw, by=None)
        except FrameworkFileError as error:
            raise _problems(error) from None
        label = f"{framework.name} v{framework.version}"
        summary = _("Nieuwe conceptversie %(label)s") % {"label": label}
        return WriteResult(
            framework,
            label,
            summary,
            reverse("framework:framework_detail", args=[framework.pk]),
        )

    # --- comparing ---------------------------------------------------------------------

    def items(self, content: dict[str, Any]) -> dict[str, Item]:
        head = content.get("framework") or {}
        items = {
            "framework": Item(
                "framework", str(head.get("name", "")), {k: head.get(k) for k in _HEAD}
            )
        }
        for objective in content.get("objectives") or []:
            code = objective.get("code")
            items[f"objective:{code}"] = Item(
                "objectives",
                f"{code} {objective.get('name', '')}",
                {"code": code, **{k: objective.get(k) for k in _OBJECTIVE}},
            )
        for axis in content.get("axes") or []:
            code = axis.get("code")
            items[f"axis:{code}"] = Item(
                "axes",
                str(axis.get("name", code)),
                {"code": code, **{k: axis.get(k) for k in _AXIS}},
            )
        for c in content.get("comparisons") or []:
            pair = (c.get("group"), c.get("parent"), c.get("first"), c.get("second"))
            items["comparison:" + "|".join(str(part or "") for part in pair)] = Item(
                "comparisons",
                f"{c.get('first')} ↔ {c.get('second')}",
                {
                    "group": c.get("group"),
                    "parent": c.get("parent"),
                    "first": c.get("first"),
                    "second": c.get("second"),
                    "value": c.get("value"),
                },
            )
        return items

    def rebuild(self, base: dict[str, Any], items: dict[str, Item]) -> dict[str, Any]:
        head = items.get("framework")
        by_section: dict[str, list[dict[str, Any]]] = {name: [] for name in _LISTS}
        for item in items.values():
            if item.section in by_section:
                by_section[item.section].append(dict(item.fields))
        for index, objective in enumerate(by_section["objectives"]):
            objective.setdefault("order", index)
        return {
            "format": FORMAT,
            "framework": dict(head.fields) if head else dict(base.get("framework") or {}),
            **by_section,
        }

    def current(self, municipality: Municipality, target: models.Model | None) -> dict | None:
        if not isinstance(target, Framework) or target.municipality_id != municipality.pk:
            return None
        return self._content(target)

    # --- showing -----------------------------------------------------------------------

    def preview(self, content: dict[str, Any]) -> dict[str, Any]:
        objectives = content.get("objectives") or []
        children: dict[str | None, list[dict[str, Any]]] = {}
        for objective in objectives:
            children.setdefault(objective.get("parent"), []).append(objective)
        sources: dict[str | None, StrOrPromise] = dict(ObjectiveSource.choices)
        themes: dict[str | None, StrOrPromise] = dict(EsgTheme.choices)
        rows: list[dict[str, Any]] = []

        def walk(parent: str | None, depth: int, parent_share: float) -> None:
            siblings = sorted(
                children.get(parent, []), key=lambda o: (o.get("order", 0), o.get("code"))
            )
            total = sum(float(o.get("weight") or 0) for o in siblings)
            for objective in siblings:
                local = _share(float(objective.get("weight") or 0), total)
                global_share = parent_share * (local or 0)
                rows.append(
                    {
                        "code": objective.get("code"),
                        "name": objective.get("name"),
                        "depth": depth,
                        "source": sources.get(objective.get("source"), objective.get("source")),
                        "esg": themes.get(objective.get("esg_theme"), ""),
                        "kpi": objective.get("kpi", ""),
                        "weight": objective.get("weight"),
                        "local": local,
                        "global": global_share,
                    }
                )
                if depth < 3:
                    walk(objective.get("code"), depth + 1, global_share)

        walk(None, 0, 1.0)
        axes = content.get("axes") or []
        axis_total = sum(float(a.get("weight") or 0) for a in axes)
        directions = dict(AxisDirection.choices)
        head = content.get("framework") or {}
        split_total = float(head.get("value_weight") or 0) + float(head.get("impact_weight") or 0)
        return {
            "head": head,
            "value_share": _share(float(head.get("value_weight") or 0), split_total),
            "impact_share": _share(float(head.get("impact_weight") or 0), split_total),
            "rows": rows,
            "axes": [
                {
                    **axis,
                    "share": _share(float(axis.get("weight") or 0), axis_total),
                    "direction_label": directions.get(axis.get("direction"), ""),
                }
                for axis in sorted(axes, key=lambda a: (a.get("order", 0), a.get("code")))
            ],
            "comparisons": len(content.get("comparisons") or []),
        }

    def summary(self, content: dict[str, Any]) -> str:
        return _("%(objectives)s doelstellingen, %(axes)s impactassen") % {
            "objectives": len(content.get("objectives") or []),
            "axes": len(content.get("axes") or []),
        }


_LISTS = ("objectives", "axes", "comparisons")

register(FrameworkKind())
