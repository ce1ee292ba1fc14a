"""The objectives as a tree with local (among siblings) and global weights."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from koersvast import weighing

from ..models import Framework, Objective


def objective_depth(objective: Objective) -> int:
    """0 for a theme, 1 for an objective, 2 for a sub-objective (follows loaded parents)."""
    depth, node = 0, objective
    while node.parent_id is not None:
        depth += 1
        node = node.parent  # type: ignore[assignment]
    return depth


# --- Objective tree -------------------------------------------------------------------------


@dataclass
class ObjectiveNode:
    """An objective with its share among its siblings and of the whole framework."""

    objective: Objective
    depth: int
    global_weight: float
    children: list[ObjectiveNode]
    local_weight: float = 0.0
    local_percent: int = 0


def objective_tree(
    *, framework: Framework, objectives: Sequence[Objective] | None = None
) -> list[ObjectiveNode]:
    """The objectives as a tree with local (among siblings) and global weights.

    Uses :func:`koersvast.weighing.global_weights`; a sibling group whose weights are all zero
    (possible in a draft) gets zero shares instead of an error, and readiness reports it.
    """
    if objectives is None:
        objectives = list(Objective.objects.filter(framework=framework).order_by("order", "code"))
    children: dict[int | None, list[Objective]] = {}
    for objective in objectives:
        children.setdefault(objective.parent_id, []).append(objective)

    def build(parent_id: int | None, depth: int, parent_weight: float) -> list[ObjectiveNode]:
        siblings = children.get(parent_id, [])
        raw = {str(o.pk): float(o.weight) for o in siblings}
        try:
            local = weighing.normalise_weights(raw) if raw else {}
            percents = weighing.percentages(raw) if raw else {}
        except weighing.WeightError:
            local = dict.fromkeys(raw, 0.0)
            percents = dict.fromkeys(raw, 0)
        nodes = []
        for objective in siblings:
            key = str(objective.pk)
            share = parent_weight * local[key]
            nodes.append(
                ObjectiveNode(
                    objective=objective,
                    depth=depth,
                    global_weight=share,
                    children=build(objective.pk, depth + 1, share),
                    local_weight=local[key],
                    local_percent=percents[key],
                )
            )
        return nodes

    return build(None, 0, 1.0)


def flatten(nodes: list[ObjectiveNode]) -> list[ObjectiveNode]:
    """Depth-first list of the tree, for rendering as an indented table."""
    result: list[ObjectiveNode] = []
    for node in nodes:
        result.append(node)
        result.extend(flatten(node.children))
    return result
