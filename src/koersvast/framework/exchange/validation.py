"""Validating a ``koersvast.framework/1`` document into a plan to write, naming every problem."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..choices import AxisDirection, ComparisonGroup, EsgTheme, ObjectiveSource
from ..models import MAX_OBJECTIVE_DEPTH
from .document import (
    FORMAT,
    MAX_AXES,
    MAX_OBJECTIVES,
    MAX_PART_WEIGHT,
    MAX_WEIGHT,
    SLUG,
    VALUE_TO_JUDGEMENT,
    FrameworkFileError,
    Problem,
    _Checker,
)


@dataclass
class Plan:
    """A validated document, ready to be written."""

    framework: dict[str, Any]
    objectives: list[dict[str, Any]]
    axes: list[dict[str, Any]]
    comparisons: list[dict[str, Any]]


def validate_document(document: dict[str, Any]) -> Plan:
    """Check a ``koersvast.framework/1`` document; raise FrameworkFileError with every problem."""
    check = _Checker()
    if document.get("format") != FORMAT:
        raise FrameworkFileError(
            [
                Problem(
                    "format",
                    f"onbekend formaat {document.get('format')!r}; verwacht {FORMAT!r}.",
                    f"unknown format {document.get('format')!r}; expected {FORMAT!r}.",
                )
            ]
        )
    head = document.get("framework")
    framework: dict[str, Any] = {}
    if not isinstance(head, dict):
        check.add("framework", "moet een object zijn.", "must be an object.")
    else:
        framework = {
            "name": check.text(head, "name", "framework", max_length=200, required=True),
            "description": check.text(
                head, "description", "framework", max_length=10_000, required=False
            ),
            "value_weight": check.number(
                head, "value_weight", "framework", maximum=MAX_PART_WEIGHT, default=0.7
            ),
            "impact_weight": check.number(
                head, "impact_weight", "framework", maximum=MAX_PART_WEIGHT, default=0.3
            ),
        }
        if framework["value_weight"] + framework["impact_weight"] <= 0:
            check.add(
                "framework.value_weight",
                "value_weight en impact_weight zijn samen 0; geef een verdeling.",
                "value_weight and impact_weight add up to 0.",
            )
    objectives = _validate_objectives(check, check.items(document, "objectives", MAX_OBJECTIVES))
    axes = _validate_axes(check, check.items(document, "axes", MAX_AXES))
    comparisons = _validate_comparisons(
        check, check.items(document, "comparisons", 10_000), objectives, axes
    )
    if check.problems:
        raise FrameworkFileError(check.problems)
    return Plan(framework, objectives, axes, comparisons)


# Long on purpose: one check per field of an objective and of the tree, in the schema's order.
def _validate_objectives(check: _Checker, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    result = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        path = f"objectives[{index}]"
        code = check.text(item, "code", path, max_length=20, required=True)
        if code in seen:
            check.add(
                f"{path}.code",
                f"de code ‘{code}’ komt al voor bij objectives[{seen[code]}].",
                f"the code '{code}' already occurs at objectives[{seen[code]}].",
            )
        seen.setdefault(code, index)
        parent = item.get("parent")
        if parent is not None and not isinstance(parent, str):
            check.add(f"{path}.parent", "moet een code of null zijn.", "must be a code or null.")
            parent = None
        result.append(
            {
                "code": code,
                "parent": parent or None,
                "name": check.text(item, "name", path, max_length=200, required=True),
                "description": check.text(
                    item, "description", path, max_length=10_000, required=False
                ),
                "source": check.choice(item, "source", path, list(ObjectiveSource.values)),
                "owner": check.text(item, "owner", path, max_length=200, required=False),
                "esg_theme": check.choice(
                    item, "esg_theme", path, ["", *EsgTheme.values], default=""
                ),
                "kpi": check.text(item, "kpi", path, max_length=200, required=False),
                "weight": check.number(item, "weight", path, maximum=MAX_WEIGHT),
                "order": check.integer(item, "order", path, maximum=1_000_000, default=index),
            }
        )
    by_code = {o["code"]: o for o in result}
    for index, objective in enumerate(result):
        parent = objective["parent"]
        if parent is None:
            continue
        if parent not in by_code:
            check.add(
                f"objectives[{index}].parent",
                f"verwijst naar ‘{parent}’, maar die doelstelling staat niet in het bestand.",
                f"refers to '{parent}', which is not an objective in the file.",
            )
            continue
        depth, node, visited = 1, by_code[parent], {objective["code"]}
        while node["parent"] is not None and node["code"] not in visited:
            visited.add(node["code"])
            depth += 1
            node = by_code.get(node["parent"], {"parent": None, "code": ""})
        if node["code"] in visited:
            check.add(
                f"objectives[{index}].parent",
                "de doelstellingen verwijzen in een kring naar elkaar.",
                "the objectives refer to each other in a cycle.",
            )
        elif depth >= MAX_OBJECTIVE_DEPTH:
            check.add(
                f"objectives[{index}].parent",
                "de boom heeft hoogstens drie niveaus (thema → doelstelling → subdoelstelling).",
                "the tree has at most three levels (theme → objective → sub-objective).",
            )
    return result


def _validate_axes(check: _Checker, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    result = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        path = f"axes[{index}]"
        code = check.text(item, "code", path, max_length=30, required=True)
        if code and not SLUG.match(code):
            check.add(
                f"{path}.code",
                "mag alleen letters, cijfers, - en _ bevatten.",
                "may only contain letters, digits, - and _.",
            )
        if code in seen:
            check.add(f"{path}.code", f"de code ‘{code}’ komt twee keer voor.", "duplicate code.")
        seen.add(code)
        scale_min = check.integer(item, "scale_min", path, maximum=32767, default=1)
        scale_max = check.integer(item, "scale_max", path, maximum=32767, default=5)
        if scale_max <= scale_min:
            check.add(
                f"{path}.scale_max",
                f"moet groter zijn dan scale_min ({scale_min}).",
                f"must be greater than scale_min ({scale_min}).",
            )
        result.append(
            {
                "code": code,
                "name": check.text(item, "name", path, max_length=100, required=True),
                "description": check.text(
                    item, "description", path, max_length=10_000, required=False
                ),
                "scale_min": scale_min,
                "scale_max": scale_max,
                "direction": check.choice(item, "direction", path, list(AxisDirection.values)),
                "weight": check.number(item, "weight", path, maximum=MAX_WEIGHT),
                "order": check.integer(item, "order", path, maximum=1_000_000, default=index),
            }
        )
    return result


# Long on purpose: one check per rule of a judgement (group, members, value), in that order.
def _validate_comparisons(
    check: _Checker,
    items: list[dict[str, Any]],
    objectives: list[dict[str, Any]],
    axes: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    parents = {o["code"]: o["parent"] for o in objectives}
    axis_codes = {a["code"] for a in axes}
    result = []
    pairs: set[tuple[str, frozenset[str]]] = set()
    for index, item in enumerate(items):
        path = f"comparisons[{index}]"
        group = check.choice(item, "group", path, list(ComparisonGroup.values))
        parent = item.get("parent")
        first, second = item.get("first"), item.get("second")
        value = check.choice(item, "value", path, list(VALUE_TO_JUDGEMENT))
        if group == ComparisonGroup.AXES:
            if parent is not None:
                check.add(f"{path}.parent", "moet null zijn bij impactassen.", "must be null.")
            for key, code in (("first", first), ("second", second)):
                if code not in axis_codes:
                    check.add(
                        f"{path}.{key}",
                        f"{code!r} is geen impactas in het bestand.",
                        f"{code!r} is not an impact axis in the file.",
                    )
        else:
            if parent is not None and parent not in parents:
                check.add(
                    f"{path}.parent",
                    f"{parent!r} is geen doelstelling in het bestand.",
                    f"{parent!r} is not an objective in the file.",
                )
            for key, code in (("first", first), ("second", second)):
                if code not in parents:
                    check.add(
                        f"{path}.{key}",
                        f"{code!r} is geen doelstelling in het bestand.",
                        f"{code!r} is not an objective in the file.",
                    )
                elif parents[code] != parent:
                    where_nl = f"‘{parent}’" if parent else "het hoogste niveau"
                    where_en = f"'{parent}'" if parent else "the top level"
                    check.add(
                        f"{path}.{key}",
                        f"‘{code}’ valt niet onder {where_nl}; alleen doelstellingen met "
                        "dezelfde bovenliggende doelstelling worden vergeleken.",
                        f"'{code}' is not at {where_en}; only siblings are compared.",
                    )
        if first == second:
            check.add(
                f"{path}.second",
                "een element wordt niet met zichzelf vergeleken.",
                "an item is not compared with itself.",
            )
        pair = (group, frozenset((str(first), str(second))))
        if pair in pairs:
            check.add(path, "dit paar is al eerder beoordeeld.", "this pair is judged twice.")
        pairs.add(pair)
        result.append(
            {
                "group": group,
                "parent": parent,
                "first": first,
                "second": second,
                "judgement": VALUE_TO_JUDGEMENT[value],
            }
        )
    return result
