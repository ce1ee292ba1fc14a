"""Kind "toelatingscriteria": a municipality's set of entry criteria.

The content is the `criteria` section of ``koersvast.framework/1`` (``{"criteria": [...]}``),
validated by the intake importer. Adopting adds the criteria whose code is new and replaces
(updates in place) those whose code the municipality already has; nothing is deleted. A
criterion that a newer version drops is switched off rather than deleted when merged, because
deleting it would also delete the checks already recorded against it.
"""

from __future__ import annotations

from typing import Any, cast

from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koersvast.core.numbers import format_integer
from koersvast.framework.exchange.document import _Checker
from koersvast.intake.choices import CriterionKind, DefaultAdviceKind, RequiredField
from koersvast.intake.exchange import criteria_export, criteria_validate
from koersvast.intake.models import EntryCriterion
from koersvast.tenancy.models import Municipality

from . import ContentError, Item, Source, TemplateKind, WriteResult, register

_FIELDS = (
    "name",
    "description",
    "kind",
    "required_field",
    "advice_kind",
    "if_domain",
    "if_budget_over",
    "if_political_urgency",
    "is_active",
    "order",
)


def _validated(content: Any, municipality: Municipality | None) -> list[dict[str, Any]]:
    if not isinstance(content, dict) or not isinstance(content.get("criteria"), list):
        raise ContentError([_("criteria: moet een lijst zijn.")])
    if municipality is None:
        # Without a municipality only the structure is checked: domain codes are the author's
        # and are resolved when a municipality adopts the set.
        for index, item in enumerate(content["criteria"]):
            domain = item.get("if_domain") if isinstance(item, dict) else None
            if domain is not None and not isinstance(domain, str):
                raise ContentError([f"criteria[{index}].if_domain: moet een code of null zijn."])
        content = {
            "criteria": [
                {**item, "if_domain": None} if isinstance(item, dict) else item
                for item in content["criteria"]
            ]
        }
    check = _Checker()
    items = criteria_validate(check, content, municipality or Municipality(pk=0))
    if check.problems:
        raise ContentError([str(problem) for problem in check.problems])
    return items


class CriteriaKind(TemplateKind):
    key = "toelatingscriteria"
    label = gettext_lazy("Toelatingscriteria")
    order = 20
    preview_template = "library/kinds/criteria.html"
    adopt_explanation = gettext_lazy(
        "Criteria met een nieuwe code worden toegevoegd; criteria met een code die uw gemeente "
        "al heeft, worden vervangen door die uit het sjabloon. Er wordt niets verwijderd."
    )
    section_labels = {"criteria": gettext_lazy("Toelatingscriteria")}
    field_labels = {
        "name": gettext_lazy("naam"),
        "description": gettext_lazy("toelichting"),
        "kind": gettext_lazy("soort toets"),
        "required_field": gettext_lazy("vereist gegeven"),
        "advice_kind": gettext_lazy("vereist advies"),
        "if_domain": gettext_lazy("alleen voor domein"),
        "if_budget_over": gettext_lazy("alleen bij budget boven"),
        "if_political_urgency": gettext_lazy("alleen bij bestuurlijke urgentie"),
        "is_active": gettext_lazy("actief"),
    }

    def sources(self, municipality: Municipality) -> list[Source]:
        count = EntryCriterion.objects.in_municipality(municipality).count()
        if not count:
            return []
        label = _("De toelatingscriteria van %(name)s (%(count)s)") % {
            "name": municipality.name,
            "count": count,
        }
        return [Source("set", label)]

    def export(self, municipality: Municipality, source_key: str) -> dict[str, Any]:
        criteria = criteria_export(municipality)
        if not criteria:
            raise ContentError([_("Uw gemeente heeft nog geen toelatingscriteria.")])
        return {"criteria": criteria}

    def validate(self, content: Any, municipality: Municipality | None = None) -> None:
        _validated(content, municipality)

    @transaction.atomic
    def write(
        self,
        municipality: Municipality,
        content: dict[str, Any],
        *,
        merge: bool,
        target: models.Model | None = None,
    ) -> WriteResult:
        items = _validated(content, municipality)
        existing = {c.code: c for c in EntryCriterion.objects.in_municipality(municipality)}
        added, replaced = [], []
        for data in items:
            criterion = existing.get(data["code"])
            if criterion is None:
                EntryCriterion.objects.create(municipality=municipality, **data)
                added.append(data["code"])
                continue
            changed = [k for k, v in data.items() if getattr(criterion, k) != v]
            if changed:
                for key in changed:
                    setattr(criterion, key, data[key])
                criterion.save()  # audited with the changed fields
                replaced.append(data["code"])
        summary = _("Toegevoegd: %(added)s. Vervangen: %(replaced)s.") % {
            "added": ", ".join(added) or _("geen"),
            "replaced": ", ".join(replaced) or _("geen"),
        }
        return WriteResult(None, _("toelatingscriteria"), summary, reverse("intake:criteria"))

    def items(self, content: dict[str, Any]) -> dict[str, Item]:
        return {
            f"criterion:{c.get('code')}": Item(
                "criteria",
                f"{c.get('code')} {c.get('name', '')}",
                {"code": c.get("code"), **{k: c.get(k) for k in _FIELDS}},
            )
            for c in content.get("criteria") or []
            if isinstance(c, dict)
        }

    def rebuild(self, base: dict[str, Any], items: dict[str, Item]) -> dict[str, Any]:
        return {"criteria": [dict(item.fields) for item in items.values()]}

    def remove(self, items: dict[str, Item], key: str) -> None:
        if key in items:
            items[key].fields["is_active"] = False

    def current(self, municipality: Municipality, target: models.Model | None) -> dict | None:
        return {"criteria": criteria_export(municipality)}

    def adopt_notes(self, municipality: Municipality, content: dict[str, Any]) -> list[str]:
        existing = set(
            EntryCriterion.objects.in_municipality(municipality).values_list("code", flat=True)
        )
        # Validated content (`validate`): every criterion has its code.
        codes = cast(
            "list[str]",
            [c.get("code") for c in content.get("criteria") or [] if isinstance(c, dict)],
        )
        new = [code for code in codes if code not in existing]
        known = [code for code in codes if code in existing]
        return [
            _("Wordt toegevoegd: %(codes)s.") % {"codes": ", ".join(new) or _("geen")},
            _("Wordt vervangen: %(codes)s.") % {"codes": ", ".join(known) or _("geen")},
        ]

    def preview(self, content: dict[str, Any]) -> dict[str, Any]:
        kinds = dict(CriterionKind.choices)
        fields = dict(RequiredField.choices)
        advice = dict(DefaultAdviceKind.choices)  # a municipality's own kinds show their code
        rows = []
        for c in content.get("criteria") or []:
            conditions = []
            if c.get("if_domain"):
                conditions.append(_("domein %(code)s") % {"code": c["if_domain"]})
            if c.get("if_budget_over") is not None:
                amount = format_integer(c["if_budget_over"])
                conditions.append(_("budget boven € %(amount)s") % {"amount": amount})
            if c.get("if_political_urgency"):
                conditions.append(_("bij bestuurlijke urgentie"))
            requirement = (
                fields.get(c.get("required_field"))
                or advice.get(c.get("advice_kind"))
                or c.get("advice_kind")
            )
            rows.append(
                {
                    "code": c.get("code"),
                    "name": c.get("name"),
                    "description": c.get("description", ""),
                    "kind": kinds.get(c.get("kind"), c.get("kind")),
                    "requirement": requirement or "",
                    "conditions": conditions,
                    "is_active": c.get("is_active", True),
                }
            )
        return {"criteria": rows}

    def summary(self, content: dict[str, Any]) -> str:
        return _("%(count)s criteria") % {"count": len(content.get("criteria") or [])}


register(CriteriaKind())
