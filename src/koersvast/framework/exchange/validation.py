"""Sharing an afwegingskader between municipalities: the JSON format ``koersvast.framework/1``.

The format is documented, with a JSON Schema, in ``docs/framework-format.md``. Export writes
no database ids, so a file can be imported into any municipality; import validates the whole
file first (every problem names its path, e.g. ``objectives[3].parent``) and then writes in one
transaction, so nothing is written for a bad file.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from koersvast.core.text import clean_strings
from koersvast.tenancy.models import Municipality

from .choices import AxisDirection, ComparisonGroup, EsgTheme, ObjectiveSource
from .models import MAX_OBJECTIVE_DEPTH, Comparison, Framework, ImpactAxis, Objective
from .services.common import _check_may_manage
from .services.versions import next_version

FORMAT = "koersvast.framework/1"
MAX_BYTES = 1024 * 1024
MAX_OBJECTIVES = 500
MAX_AXES = 50
MAX_WEIGHT = 999.9999  # Objective/ImpactAxis.weight: 7 digits, 4 decimals
MAX_PART_WEIGHT = 99.99  # Framework.value_weight/impact_weight: 4 digits, 2 decimals

#: Saaty's scale as written in the file, and as stored (signed whole numbers).
VALUE_TO_JUDGEMENT = {str(k): k for k in range(1, 10)} | {f"1/{k}": -k for k in range(2, 10)}
JUDGEMENT_TO_VALUE = {judgement: text for text, judgement in VALUE_TO_JUDGEMENT.items()}

_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


# --- Export ---------------------------------------------------------------------------------


def _number(value: Decimal) -> float | int:
    number = float(value)
    return int(number) if number.is_integer() else number


def criteria_export(municipality: Municipality) -> list[dict[str, Any]]:
    # Entry criteria live in the intake app (which builds on this one): imported lazily.
    from koersvast.intake.exchange import criteria_export as export

    return export(municipality)


def criteria_validate(
    check: _Checker, document: dict[str, Any], municipality: Municipality
) -> list[dict[str, Any]]:
    from koersvast.intake.exchange import criteria_validate as validate

    return validate(check, document, municipality)


def criteria_write(municipality: Municipality, items: list[dict[str, Any]]) -> int:
    from koersvast.intake.exchange import criteria_write as write

    return write(municipality, items)


def _in_tree_order(objectives: list[Objective]) -> list[Objective]:
    """The objectives depth first: each followed by its sub-objectives (no queries)."""
    children: dict[int | None, list[Objective]] = {}
    for objective in objectives:
        children.setdefault(objective.parent_id, []).append(objective)
    ordered: list[Objective] = []

    def walk(parent_id: int | None) -> None:
        for objective in children.get(parent_id, []):
            ordered.append(objective)
            walk(objective.pk)

    walk(None)
    return ordered


def _comparisons_export(
    framework: Framework, by_pk: dict[int, Objective], axis_codes: dict[int, str]
) -> list[dict[str, Any]]:
    """The judgements of `framework` by the codes of what they compare, in a stable order."""
    comparisons = []
    for comparison in framework.comparisons.order_by("group", "pk"):
        if comparison.group == ComparisonGroup.AXES:
            first = axis_codes[comparison.first_axis_id]  # type: ignore[index]
            second = axis_codes[comparison.second_axis_id]  # type: ignore[index]
        else:
            first = by_pk[comparison.first_objective_id].code  # type: ignore[index]
            second = by_pk[comparison.second_objective_id].code  # type: ignore[index]
        comparisons.append(
            {
                "group": comparison.group,
                "parent": by_pk[comparison.parent_id].code if comparison.parent_id else None,
                "first": first,
                "second": second,
                "value": JUDGEMENT_TO_VALUE[comparison.judgement],
            }
        )
    comparisons.sort(key=lambda c: (c["group"], c["parent"] or "", c["first"], c["second"]))
    return comparisons


def framework_export(*, framework: Framework) -> dict[str, Any]:
    """The framework version as a ``koersvast.framework/1`` document (a JSON-ready dict)."""
    objectives = list(framework.objectives.order_by("order", "code"))
    by_pk = {o.pk: o for o in objectives}
    ordered = _in_tree_order(objectives)
    axes = list(framework.axes.order_by("order", "code"))
    comparisons = _comparisons_export(framework, by_pk, {a.pk: a.code for a in axes})
    municipality = framework.municipality
    return {
        "format": FORMAT,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "origin": {
            "municipality": {"cbs_code": municipality.cbs_code, "name": municipality.name},
            "version": framework.version,
            "status": framework.status,
            "published_at": framework.published_at.isoformat(timespec="seconds")
            if framework.published_at
            else None,
        },
        "framework": {
            "name": framework.name,
            "description": framework.description,
            "value_weight": _number(framework.value_weight),
            "impact_weight": _number(framework.impact_weight),
        },
        "objectives": [
            {
                "code": o.code,
                "parent": by_pk[o.parent_id].code if o.parent_id else None,
                "name": o.name,
                "description": o.description,
                "source": o.source,
                "owner": o.owner,
                "esg_theme": o.esg_theme,
                "kpi": o.kpi,
                "weight": _number(o.weight),
                "order": o.order,
            }
            for o in ordered
        ],
        "axes": [
            {
                "code": a.code,
                "name": a.name,
                "description": a.description,
                "scale_min": a.scale_min,
                "scale_max": a.scale_max,
                "direction": a.direction,
                "weight": _number(a.weight),
                "order": a.order,
            }
            for a in axes
        ],
        "comparisons": comparisons,
        "criteria": criteria_export(framework.municipality),
    }


def framework_export_bytes(*, framework: Framework) -> bytes:
    return json.dumps(framework_export(framework=framework), ensure_ascii=False, indent=2).encode()


def export_filename(framework: Framework) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", framework.name.lower()).strip("-")[:60] or "afwegingskader"
    return f"{slug}-v{framework.version}.json"


# --- Validation -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an import file, at a JSON path such as ``objectives[2].code``."""

    path: str
    message_nl: str
    message_en: str

    def __str__(self) -> str:
        english = (get_language() or "nl").startswith("en")
        message = self.message_en if english else self.message_nl
        return f"{self.path}: {message}" if self.path else message


class FrameworkFileError(ValueError):
    """An import file that cannot be imported; `problems` says what and where."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.path}: {p.message_en}" for p in problems))


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, nl: str, en: str) -> None:
        self.problems.append(Problem(path, nl, en))

    def text(
        self, obj: dict[str, Any], key: str, path: str, *, max_length: int, required: bool
    ) -> str:
        value = obj.get(key, None if required else "")
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            self.add(f"{path}.{key}", "moet tekst zijn.", "must be a string.")
            return ""
        value = value.strip()
        if required and not value:
            self.add(f"{path}.{key}", "is verplicht en mag niet leeg zijn.", "is required.")
        if len(value) > max_length:
            self.add(
                f"{path}.{key}",
                f"is te lang ({len(value)} tekens, hoogstens {max_length}).",
                f"is too long ({len(value)} characters, at most {max_length}).",
            )
        return value

    def number(
        self, obj: dict[str, Any], key: str, path: str, *, maximum: float, default: Any = None
    ) -> Decimal:
        value = obj.get(key, default)
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
        ):
            self.add(f"{path}.{key}", "moet een getal zijn.", "must be a number.")
            return Decimal(0)
        if not 0 <= value <= maximum:
            self.add(
                f"{path}.{key}",
                f"moet tussen 0 en {maximum} liggen, niet {value}.",
                f"must lie between 0 and {maximum}, not {value}.",
            )
            return Decimal(0)
        return Decimal(str(value))

    def integer(
        self, obj: dict[str, Any], key: str, path: str, *, maximum: int, default: Any = None
    ) -> int:
        value = obj.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
            self.add(
                f"{path}.{key}",
                f"moet een geheel getal van 0 t/m {maximum} zijn.",
                f"must be a whole number from 0 to {maximum}.",
            )
            return 0
        return value

    def choice(
        self, obj: dict[str, Any], key: str, path: str, choices: list[str], default: Any = None
    ) -> str:
        value = obj.get(key, default)
        if value not in choices:
            allowed = ", ".join(repr(c) for c in choices)
            self.add(
                f"{path}.{key}",
                f"{value!r} is geen toegestane waarde (toegestaan: {allowed}).",
                f"{value!r} is not allowed (allowed: {allowed}).",
            )
            return choices[0]
        return value

    def items(self, document: dict[str, Any], key: str, limit: int) -> list[dict[str, Any]]:
        value = document.get(key)
        if not isinstance(value, list):
            self.add(key, "moet een lijst zijn.", "must be an array.")
            return []
        if len(value) > limit:
            self.add(
                key,
                f"bevat {len(value)} elementen; hoogstens {limit}.",
                f"has {len(value)} items; at most {limit}.",
            )
            return []
        result = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                result.append(item)
            else:
                self.add(f"{key}[{index}]", "moet een object zijn.", "must be an object.")
        return result if len(result) == len(value) else []


def parse_document(raw: bytes) -> dict[str, Any]:
    """Decode an uploaded file into a JSON object, or raise FrameworkFileError."""
    if len(raw) > MAX_BYTES:
        raise FrameworkFileError(
            [
                Problem(
                    "",
                    f"Het bestand is groter dan 1 MB ({len(raw)} bytes).",
                    f"The file is larger than 1 MB ({len(raw)} bytes).",
                )
            ]
        )
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FrameworkFileError(
            [Problem("", "Het bestand is geen UTF-8-tekst.", "The file is not UTF-8 text.")]
        ) from None
    except json.JSONDecodeError as error:
        raise FrameworkFileError(
            [
                Problem(
                    "",
                    f"Het bestand is geen geldige JSON (regel {error.lineno}, kolom "
                    f"{error.colno}: {error.msg}).",
                    f"The file is not valid JSON (line {error.lineno}, column {error.colno}: "
                    f"{error.msg}).",
                )
            ]
        ) from None
    if not isinstance(document, dict):
        raise FrameworkFileError(
            [Problem("", "Het bestand moet een JSON-object zijn.", "The file must be an object.")]
        )
    return clean_strings(document)  # no control characters in what is stored (core/text.py)


@dataclass
class _Plan:
    """A validated document, ready to be written."""

    framework: dict[str, Any]
    objectives: list[dict[str, Any]]
    axes: list[dict[str, Any]]
    comparisons: list[dict[str, Any]]


def validate_document(document: dict[str, Any]) -> _Plan:
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
    return _Plan(framework, objectives, axes, comparisons)


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
        if code and not _SLUG.match(code):
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


# --- Import ---------------------------------------------------------------------------------


def framework_import(*, municipality: Municipality, raw: bytes, by: Any) -> Framework:
    """Import a ``koersvast.framework/1`` file into `municipality` as a new draft version.

    Raises FrameworkFileError (naming every problem and its path) before anything is written;
    the writes happen in one transaction.
    """
    _check_may_manage(by, municipality.pk)
    document = parse_document(raw)
    plan = validate_document(document)
    check = _Checker()
    criteria = criteria_validate(check, document, municipality)
    if check.problems:
        raise FrameworkFileError(check.problems)
    with transaction.atomic():
        framework = _write(municipality, plan)
        criteria_write(municipality, criteria)
    return framework


@transaction.atomic
def _write(municipality: Municipality, plan: _Plan) -> Framework:
    name = plan.framework["name"]
    framework = Framework.objects.create(
        municipality=municipality,
        name=name,
        version=next_version(municipality=municipality, name=name),
        description=plan.framework["description"],
        value_weight=plan.framework["value_weight"],
        impact_weight=plan.framework["impact_weight"],
    )
    objectives: dict[str, Objective] = {}
    pending = list(plan.objectives)
    while pending:  # parents first; validation ruled out cycles and unknown parents
        rest = []
        for data in pending:
            if data["parent"] is not None and data["parent"] not in objectives:
                rest.append(data)
                continue
            objectives[data["code"]] = Objective.objects.create(
                municipality=municipality,
                framework=framework,
                **{**data, "parent": objectives.get(data["parent"] or "")},
            )
        pending = rest
    axes = {
        data["code"]: ImpactAxis.objects.create(
            municipality=municipality, framework=framework, **data
        )
        for data in plan.axes
    }
    for data in plan.comparisons:
        is_axes = data["group"] == ComparisonGroup.AXES
        Comparison.objects.create(
            municipality=municipality,
            framework=framework,
            group=data["group"],
            parent=objectives[data["parent"]] if data["parent"] else None,
            first_objective=None if is_axes else objectives[data["first"]],
            second_objective=None if is_axes else objectives[data["second"]],
            first_axis=axes[data["first"]] if is_axes else None,
            second_axis=axes[data["second"]] if is_axes else None,
            judgement=data["judgement"],
        )
    return framework
