"""Dependants move along: when an initiative starts or ends later, what waits for it follows.

One pure function (`push_along`) shared by plan drift (quarters) and the urgency options
(periods of the problem), and the read of the drift's dependants (decision 0404).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from koersvast.portfolio.choices import DependencyKind
from koersvast.portfolio.models import Dependency

from ..documents import X_TOGETHER


@dataclass(frozen=True)
class Link:
    before: str
    after: str
    lag: int = 0  # periods between the end of `before` and the start of `after`
    together: bool = False  # `after` starts when `before` starts


def push_along(
    starts: Mapping[str, int],
    durations: Mapping[str, int],
    links: Iterable[Link],
    changed: Mapping[str, int],
) -> dict[str, int]:
    """The new starts of the dependants of `changed` (key → its new start) that must move
    later, transitively; each moves as little as its predecessors require."""
    links = list(links)
    current = {**starts, **changed}
    moved: dict[str, int] = {}
    for _round in range(len(links) + 1):
        progress = False
        for link in links:
            if link.before not in current or link.after not in current:
                continue
            if link.together:
                ready = current[link.before]
            else:
                ready = current[link.before] + durations.get(link.before, 1) + link.lag
            if current[link.after] < ready:
                current[link.after] = moved[link.after] = ready
                progress = True
        if not progress:
            break
    return moved


def problem_links(problem: Mapping[str, object]) -> list[Link]:
    """The precedences of a problem document (after, after_lag and x-together)."""
    result = []
    for item in problem.get("initiatives", []):  # type: ignore[attr-defined]
        lags = item.get("after_lag") or {}
        for pred in item.get("after", []):
            result.append(Link(pred, item["id"], int(lags.get(pred, 0))))
        for partner in item.get(X_TOGETHER, []):
            result.append(Link(partner, item["id"], together=True))
    return result


def dependency_links(municipality_id: int) -> list[Link]:
    """Every dependency of the municipality as a link between references (one query)."""
    rows = Dependency.objects.filter(municipality_id=municipality_id).values_list(
        "predecessor__reference", "successor__reference", "kind", "lag_quarters"
    )
    return [
        Link(
            before,
            after,
            lag if kind == DependencyKind.FINISH_TO_START else 0,
            together=kind == DependencyKind.START_TOGETHER,
        )
        for before, after, kind, lag in rows
    ]
