"""Entry criteria in the `koersvast.framework/1` exchange file (the `criteria` list).

Criteria belong to the municipality, not to one framework version; an import adds the criteria
whose code the municipality does not have yet and leaves existing ones untouched.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from koersvast.portfolio.models import Domain
from koersvast.tenancy.models import Municipality

from .choices import CriterionKind, RequiredField
from .models import AdviceKind, EntryCriterion

if TYPE_CHECKING:
    from koersvast.framework.exchange.document import _Checker

MAX_CRITERIA = 200
MAX_BUDGET = 10**12


def criteria_export(municipality: Municipality) -> list[dict[str, Any]]:
    """The municipality's entry criteria as plain data (domains by code)."""
    return [
        {
            "code": c.code,
            "name": c.name,
            "description": c.description,
            "kind": c.kind,
            "required_field": c.required_field or None,
            "advice_kind": c.advice_kind or None,
            "if_domain": c.if_domain.code if c.if_domain else None,
            "if_budget_over": float(c.if_budget_over) if c.if_budget_over is not None else None,
            "if_political_urgency": c.if_political_urgency,
            "is_active": c.is_active,
            "order": c.order,
        }
        # A criterion on an own intake field is left out: the field is this municipality's
        # own, and a template or another municipality does not have it.
        for c in EntryCriterion.objects.filter(municipality=municipality, custom_field=None)
        .select_related("if_domain")
        .order_by("order", "code")
    ]


# Long on purpose: one check per field of a criterion, in the order of the document's schema.
def criteria_validate(
    check: _Checker, document: dict[str, Any], municipality: Municipality
) -> list[dict[str, Any]]:
    """Validate the `criteria` list for this municipality; problems go to `check`."""
    if "criteria" not in document:
        return []
    items = check.items(document, "criteria", MAX_CRITERIA)
    domains = {d.code: d for d in Domain.objects.filter(municipality=municipality)}
    # Advice kinds are the municipality's own; without a municipality (a template's structure
    # check) any code is accepted and resolved when a municipality adopts it.
    advice_kinds = (
        set(
            AdviceKind.objects.filter(municipality=municipality)
            .active()
            .values_list("code", flat=True)
        )
        if municipality.pk
        else None
    )
    result = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        path = f"criteria[{index}]"
        code = check.text(item, "code", path, max_length=40, required=True)
        if code in seen:
            check.add(f"{path}.code", f"‘{code}’ komt twee keer voor.", f"'{code}' occurs twice.")
        seen.add(code)
        kind = check.choice(item, "kind", path, list(CriterionKind.values))
        data: dict[str, Any] = {
            "code": code,
            "name": check.text(item, "name", path, max_length=200, required=True),
            "description": check.text(item, "description", path, max_length=5000, required=False),
            "kind": kind,
            "required_field": "",
            "advice_kind": "",
            "if_domain": None,
            "if_budget_over": None,
            "if_political_urgency": bool(item.get("if_political_urgency", False)),
            "is_active": bool(item.get("is_active", True)),
            "order": check.integer(item, "order", path, maximum=10_000, default=0),
        }
        if kind == CriterionKind.FIELD:
            data["required_field"] = check.choice(
                item, "required_field", path, list(RequiredField.values)
            )
        if kind == CriterionKind.ADVICE:
            data["advice_kind"] = check.text(
                item, "advice_kind", path, max_length=20, required=True
            )
            kind_code = data["advice_kind"]
            if advice_kinds is not None and kind_code and kind_code not in advice_kinds:
                check.add(
                    f"{path}.advice_kind",
                    f"adviessoort ‘{data['advice_kind']}’ bestaat niet in uw gemeente; maak haar "
                    "eerst aan (Beheer › Adviessoorten) of laat het criterium weg.",
                    f"advice kind '{data['advice_kind']}' does not exist in your municipality.",
                )
        domain_code = item.get("if_domain")
        if domain_code is not None:
            if domain_code not in domains:
                check.add(
                    f"{path}.if_domain",
                    f"domein ‘{domain_code}’ bestaat niet in uw gemeente; maak het eerst aan "
                    "of laat de voorwaarde weg.",
                    f"domain '{domain_code}' does not exist in your municipality.",
                )
            else:
                data["if_domain"] = domains[domain_code]
        if item.get("if_budget_over") is not None:
            data["if_budget_over"] = Decimal(
                check.number(item, "if_budget_over", path, maximum=MAX_BUDGET)
            )
        result.append(data)
    return result


def criteria_write(municipality: Municipality, items: list[dict[str, Any]]) -> int:
    """Add the criteria whose code is new to the municipality; returns how many were added."""
    existing = set(
        EntryCriterion.objects.filter(municipality=municipality).values_list("code", flat=True)
    )
    added = 0
    for data in items:
        if data["code"] in existing:
            continue
        EntryCriterion.objects.create(municipality=municipality, **data)
        added += 1
    return added
