"""Direct weights and the weights of the objective tree (doelenboom) of an afwegingskader.

* :func:`normalise_weights` turns entered weights (any non-negative numbers, e.g. 3, 2, 1 or
  50 %, 30 %, 20 %) into fractions that sum to 1.
* :func:`percentages` shows them as whole percentages that add up to exactly 100
  (largest-remainder rounding), so a screen never shows a total of 99 % or 101 %.
* :func:`global_weights` computes the weights in a tree theme → doelstelling → subdoelstelling: each
  node's weight is normalised among its siblings (local weight) and its global weight is the
  product of the local weights on the path from the root. Only leaves are scored, and the global
  weights of the leaves sum to 1 (:func:`leaf_weights`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from koersvast.weighing.errors import WeightError


@dataclass(frozen=True)
class ObjectiveWeight:
    """One node of the objective tree as entered: its id, parent and weight among its siblings.

    ``parent_id`` is ``None`` for a theme (root). ``weight`` is any non-negative number; it is
    normalised among the siblings (direct weights, or the result of an AHP comparison).
    """

    id: str
    weight: float
    parent_id: str | None = None


@dataclass(frozen=True)
class NodeWeight:
    """The computed weight of a node in the objective tree (gewicht van een doelstelling).

    ``local_weight`` is the share among siblings; ``global_weight`` the share of the whole
    framework. ``depth`` is 0 for a theme.
    """

    id: str
    parent_id: str | None
    depth: int
    local_weight: float
    global_weight: float
    is_leaf: bool


def normalise_weights(raw: Mapping[str, float]) -> dict[str, float]:
    """Scale non-negative weights to sum to 1, keeping their order.

    Raises :class:`WeightError` for an empty mapping, a negative or non-finite weight, or when all
    weights are zero.
    """
    total = _validated_total(raw)
    return {key: float(value) / total for key, value in raw.items()}


def percentages[K](weights: Mapping[K, float]) -> dict[K, int]:
    """Whole percentages that add up to exactly 100 (largest-remainder method).

    Each item first gets the floor of its exact share; the points left over go to the items with
    the largest remainders, ties going to the item listed first. ``weights`` need not be
    normalised. Computed in exact rational arithmetic, so 1/3, 1/3, 1/3 gives 34, 33, 33.
    """
    _validated_total(weights)
    exact = {key: Fraction(float(value)) for key, value in weights.items()}
    total = sum(exact.values(), Fraction(0))
    quotas = {key: value * 100 / total for key, value in exact.items()}
    result = {key: math.floor(quota) for key, quota in quotas.items()}
    left_over = 100 - sum(result.values())
    order = sorted(
        enumerate(quotas),
        key=lambda pair: (-(quotas[pair[1]] - result[pair[1]]), pair[0]),
    )
    for _, key in order[:left_over]:
        result[key] += 1
    return result


def global_weights(objectives: Sequence[ObjectiveWeight]) -> tuple[NodeWeight, ...]:
    """Local and global weights of every node of the objective tree, in pre-order.

    Siblings (including the roots) are normalised among themselves; a node's global weight is the
    product of the local weights down its path. Raises :class:`WeightError` for duplicate ids, an
    unknown parent, a cycle, a negative weight, or a group of siblings whose weights are all zero.
    """
    children = _children_by_parent(objectives)
    result: list[NodeWeight] = []
    _weigh_siblings(None, children, depth=0, parent_weight=1.0, out=result)
    if len(result) != len(objectives):
        placed = {node.id for node in result}
        stray = next(o.id for o in objectives if o.id not in placed)
        raise WeightError(
            f"De doelstelling ‘{stray}’ zit in een kring van bovenliggende doelstellingen.",
            f"The objective '{stray}' is part of a cycle of parents.",
            subject=stray,
        )
    return tuple(result)


def leaf_weights(objectives: Sequence[ObjectiveWeight]) -> dict[str, float]:
    """Global weights of the leaves only (the objectives that are scored); they sum to 1."""
    return {node.id: node.global_weight for node in global_weights(objectives) if node.is_leaf}


def _children_by_parent(
    objectives: Sequence[ObjectiveWeight],
) -> dict[str | None, list[ObjectiveWeight]]:
    if not objectives:
        raise WeightError(
            "Het afwegingskader heeft geen doelstellingen.",
            "The framework has no objectives.",
        )
    ids: set[str] = set()
    for objective in objectives:
        if objective.id in ids:
            raise WeightError(
                f"De doelstelling ‘{objective.id}’ komt twee keer voor.",
                f"The objective '{objective.id}' occurs twice.",
                subject=objective.id,
            )
        ids.add(objective.id)
    children: dict[str | None, list[ObjectiveWeight]] = {}
    for objective in objectives:
        if objective.parent_id is not None and objective.parent_id not in ids:
            raise WeightError(
                f"De doelstelling ‘{objective.id}’ verwijst naar een onbekende bovenliggende "
                f"doelstelling ‘{objective.parent_id}’.",
                f"The objective '{objective.id}' refers to an unknown parent "
                f"'{objective.parent_id}'.",
                subject=objective.id,
            )
        children.setdefault(objective.parent_id, []).append(objective)
    return children


def _weigh_siblings(
    parent_id: str | None,
    children: Mapping[str | None, list[ObjectiveWeight]],
    *,
    depth: int,
    parent_weight: float,
    out: list[NodeWeight],
) -> None:
    siblings = children.get(parent_id, [])
    if not siblings:
        return
    try:
        local = normalise_weights({node.id: node.weight for node in siblings})
    except WeightError as error:
        where_nl = f"onder ‘{parent_id}’" if parent_id is not None else "op het hoogste niveau"
        where_en = f"under '{parent_id}'" if parent_id is not None else "at the top level"
        raise WeightError(
            f"{error.message_nl} (doelstellingen {where_nl})",
            f"{error.message_en} (objectives {where_en})",
            subject=error.subject or (parent_id or ""),
        ) from error
    for node in siblings:
        global_weight = parent_weight * local[node.id]
        out.append(
            NodeWeight(
                id=node.id,
                parent_id=parent_id,
                depth=depth,
                local_weight=local[node.id],
                global_weight=global_weight,
                is_leaf=node.id not in children,
            )
        )
        _weigh_siblings(node.id, children, depth=depth + 1, parent_weight=global_weight, out=out)


def _validated_total(raw: Mapping[Any, float]) -> float:
    if not raw:
        raise WeightError("Er zijn geen gewichten opgegeven.", "No weights were given.")
    for key, value in raw.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise WeightError(
                f"Het gewicht van ‘{key}’ moet een getal zijn, niet {value!r}.",
                f"The weight of '{key}' must be a number, not {value!r}.",
                subject=key,
            )
        if not math.isfinite(value) or value < 0:
            raise WeightError(
                f"Het gewicht van ‘{key}’ moet nul of positief zijn, niet {value}.",
                f"The weight of '{key}' must be zero or positive, not {value}.",
                subject=key,
            )
    try:
        total = math.fsum(float(value) for value in raw.values())
    except OverflowError:
        total = math.inf
    if not math.isfinite(total):
        raise WeightError(
            "De gewichten zijn samen te groot om mee te rekenen.",
            "The weights are too large to add up.",
        )
    if total <= 0:
        raise WeightError(
            "Alle gewichten zijn nul; geef ten minste één gewicht groter dan nul.",
            "All weights are zero; give at least one weight above zero.",
        )
    return total
