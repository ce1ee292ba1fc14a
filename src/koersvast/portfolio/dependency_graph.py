"""The pure check of a set of dependencies and alternatives (no Django, no queries).

Used when a dependency is entered (`portfolio.dependencies`) and again when a scenario is
translated for the optimiser (`planning.translate.dependencies`), so a cycle or a chain that
cannot fit is refused at both doors with the same finding. Periods are whole quarters counted
from any fixed origin (year * 4 + quarter - 1 at entry, period indices at run time).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

#: ``order``: the successor starts at least ``gap`` quarters after the predecessor's start and
#: needs it in the plan; ``together``: both start in the same quarter, or neither is planned.
EdgeKind = Literal["order", "together"]


@dataclass(frozen=True)
class Node:
    """One initiative: its duration and the window in which it may start (None: open)."""

    ref: str
    duration: int
    earliest: int | None = None
    latest: int | None = None


@dataclass(frozen=True)
class Edge:
    before: str
    after: str
    kind: EdgeKind = "order"
    lag: int = 0


@dataclass(frozen=True)
class Finding:
    """What is wrong: a cycle, a chain that does not fit, or a needed alternative."""

    kind: Literal["cycle", "chain", "alternative"]
    refs: tuple[str, ...]
    # chain: the successor's latest start and the earliest the chain lets it start
    latest: int | None = None
    earliest: int | None = None
    group: str = ""


def findings(
    nodes: Mapping[str, Node],
    edges: Iterable[Edge],
    groups: Mapping[str, str] | None = None,
) -> list[Finding]:
    """Cycles, chains that cannot fit their windows and alternatives that need each other."""
    edges = list(edges)
    groups = groups or {}
    cls = _together_classes(nodes, edges)
    result: list[Finding] = []
    for edge in edges:
        if edge.kind == "order" and cls[edge.before] == cls[edge.after]:
            result.append(Finding("cycle", (edge.before, edge.after, edge.before)))
    if result:
        return result
    cycle = _cycle(nodes, edges, cls)
    if cycle:
        return [Finding("cycle", cycle)]
    result.extend(_alternatives(nodes, edges, groups))
    result.extend(_chains(nodes, edges))
    return result


def _together_classes(nodes: Mapping[str, Node], edges: list[Edge]) -> dict[str, str]:
    parent = {ref: ref for ref in nodes}

    def root(ref: str) -> str:
        while parent[ref] != ref:
            parent[ref] = parent[parent[ref]]
            ref = parent[ref]
        return ref

    for edge in edges:
        if edge.kind == "together":
            a, b = root(edge.before), root(edge.after)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {ref: root(ref) for ref in nodes}


def _cycle(
    nodes: Mapping[str, Node], edges: list[Edge], cls: Mapping[str, str]
) -> tuple[str, ...] | None:
    """The initiatives of one ordering cycle (the first repeated at the end), or None."""
    succ: dict[str, list[tuple[str, str, str]]] = {}
    for edge in edges:
        if edge.kind == "order":
            succ.setdefault(cls[edge.before], []).append((cls[edge.after], edge.before, edge.after))
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[tuple[str, str, str]]) -> tuple[str, ...] | None:
        state[node] = 1
        for nxt, via_from, via_to in succ.get(node, []):
            if state.get(nxt) == 1:
                begin = (
                    next(k for k, step in enumerate(path) if step[0] == nxt)
                    if any(step[0] == nxt for step in path)
                    else len(path)
                )
                refs = [ref for step in path[begin:] for ref in step[1:]] + [via_from, via_to]
                return tuple(_dedupe_adjacent(refs))
            if not state.get(nxt):
                found = visit(nxt, [*path, (node, via_from, via_to)])
                if found:
                    return found
        state[node] = 2
        return None

    for start in sorted(set(cls.values())):
        if not state.get(start):
            found = visit(start, [])
            if found:
                return found
    return None


def _dedupe_adjacent(refs: list[str]) -> list[str]:
    result: list[str] = []
    for ref in refs:
        if not result or result[-1] != ref:
            result.append(ref)
    return result


def _required(edges: list[Edge]) -> dict[str, set[str]]:
    """Per initiative: what it needs in the plan (transitively; together works both ways)."""
    direct: dict[str, set[str]] = {}
    for edge in edges:
        direct.setdefault(edge.after, set()).add(edge.before)
        if edge.kind == "together":
            direct.setdefault(edge.before, set()).add(edge.after)
    closure: dict[str, set[str]] = {}
    for ref in direct:
        seen: set[str] = set()
        stack = list(direct[ref])
        while stack:
            other = stack.pop()
            if other in seen or other == ref:
                continue
            seen.add(other)
            stack.extend(direct.get(other, ()))
        closure[ref] = seen
    return closure


def _alternatives(
    nodes: Mapping[str, Node], edges: list[Edge], groups: Mapping[str, str]
) -> list[Finding]:
    result = []
    for ref, needs in sorted(_required(edges).items()):
        group = groups.get(ref)
        if group is None:
            continue
        for other in sorted(needs):
            if groups.get(other) == group:
                result.append(Finding("alternative", (ref, other), group=group))
    return result


def _chains(nodes: Mapping[str, Node], edges: list[Edge]) -> list[Finding]:
    """Successors whose latest start comes before the earliest their predecessors allow."""
    earliest = {ref: node.earliest for ref, node in nodes.items()}
    came_from: dict[str, str] = {}
    # Longest path by relaxation; the graph is acyclic here (checked first), so |nodes| rounds.
    for _round in range(len(nodes)):
        changed = False
        for edge in edges:
            start = earliest.get(edge.before)
            if start is None:
                continue
            if edge.kind == "together":
                pairs = [(edge.before, edge.after, 0), (edge.after, edge.before, 0)]
            else:
                pairs = [(edge.before, edge.after, nodes[edge.before].duration + edge.lag)]
            for a, b, gap in pairs:
                if earliest.get(a) is None:
                    continue
                bound = earliest[a] + gap  # type: ignore[operator]
                if earliest.get(b) is None or bound > earliest[b]:  # type: ignore[operator]
                    earliest[b] = bound
                    came_from[b] = a
                    changed = True
        if not changed:
            break
    result = []
    for ref, node in sorted(nodes.items()):
        start = earliest.get(ref)
        if node.latest is not None and start is not None and start > node.latest:
            chain = [ref]
            while chain[-1] in came_from and len(chain) <= len(nodes):
                chain.append(came_from[chain[-1]])
            result.append(
                Finding("chain", tuple(reversed(chain)), latest=node.latest, earliest=start)
            )
    return result
