"""Dependencies and alternatives of the portfolio in the optimiser's problem (decision 0404).

* *start na afronding van* (with a wachttijd) and *heeft het resultaat nodig van*: the
  successor's ``after`` (and ``after_lag``): it is planned only with its predecessor and starts
  once that has ended (running work: its actual or expected end, so a drifting predecessor moves
  its successors along).
* *start gelijk met*: a together group (``together_with``): both or neither are planned, in the
  same period (exact in every solver). A running partner has started already: it fixes the
  other's start (that one may still stay out).
* alternatives: one ``exclusive_group`` per group: at most one variant is chosen.

A predecessor that is done no longer constrains anything; one that is not in the problem (not
admitted, stopped) keeps its successor out of the plan, with a warning naming both. A cycle or a
mandatory successor whose chain cannot fit is refused with a `TranslationError` naming them.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from koersvast.portfolio.choices import DependencyKind
from koersvast.portfolio.dependencies import (
    DONE_STATES,
    alternative_groups,
    dependency_rows,
    edge_of,
    finding_message,
)
from koersvast.portfolio.dependency_graph import Edge, Node, findings
from koersvast.tenancy.models import Municipality

from ..documents import X_AFTER_KIND, X_TOGETHER, ProblemItem
from .base import Translation, TranslationError

#: Prefix of the optimiser's exclusive group of a group of alternatives.
GROUP_PREFIX = "alternatief:"


def apply_dependencies(
    municipality: Municipality,
    items: list[ProblemItem],
    translation: Translation,
    horizon: int,
) -> list[ProblemItem]:
    """The items with their dependencies and alternatives (two queries); a successor that
    waits for work outside the problem is left out."""
    rows = dependency_rows(municipality_id=municipality.pk)
    groups = alternative_groups(municipality_id=municipality.pk)
    if not rows and not groups:
        return items
    by_id = {item["id"]: item for item in items}
    left_out: dict[str, str] = {}
    live = []
    for dep in rows:
        a, b = dep.predecessor.reference, dep.successor.reference
        if dep.predecessor.state in DONE_STATES or b not in by_id:
            continue
        if _fixed(by_id[b]) is not None and dep.kind != DependencyKind.START_TOGETHER:
            continue  # the successor has started: what it waited for is history
        if a not in by_id:
            if dep.kind != DependencyKind.START_TOGETHER:
                left_out[b] = a
            continue
        live.append(dep)
    _leave_out(items, by_id, live, left_out, translation)
    live = [d for d in live if d.successor.reference in by_id and d.predecessor.reference in by_id]
    _refuse_cycles(live, by_id)
    for dep in live:
        before, after = by_id[dep.predecessor.reference], by_id[dep.successor.reference]
        if dep.kind == DependencyKind.START_TOGETHER:
            _together(before, after, translation)
            continue
        after.setdefault("after", []).append(before["id"])
        lag = dep.lag_quarters if dep.kind == DependencyKind.FINISH_TO_START else 0
        if lag:
            after.setdefault("after_lag", {})[before["id"]] = lag
        # Extension: how the app names the precedence in explanations.
        after.setdefault(X_AFTER_KIND, {})[before["id"]] = dep.kind
    for name, refs in groups.items():
        members = [by_id[ref] for ref in refs if ref in by_id]
        musts = [m["id"] for m in members if m.get("mandatory") or _fixed(m) is not None]
        if len(musts) > 1:
            raise TranslationError(
                _(
                    "%(refs)s zijn alternatieven in ‘%(group)s’ (hoogstens één wordt gekozen), "
                    "maar moeten allemaal in het plan (wettelijk, lopend of vastgezet)."
                )
                % {"refs": ", ".join(musts), "group": name}
            )
        for member in members:
            member["exclusive_group"] = GROUP_PREFIX + name
    _refuse_impossible_chains(items, by_id, horizon)
    return items


def _fixed(item: ProblemItem) -> int | None:
    fixed = item.get("fixed_start")
    return None if fixed is None else int(fixed)


def _leave_out(
    items: list[ProblemItem],
    by_id: dict[str, ProblemItem],
    live: list[Any],
    left_out: dict[str, str],
    translation: Translation,
) -> None:
    """Drop successors of work outside the problem, and (transitively) what waits for them."""
    changed = bool(left_out)
    while changed:
        changed = False
        for dep in live:
            a, b = dep.predecessor.reference, dep.successor.reference
            waits = a in left_out and b not in left_out
            if waits and dep.kind != DependencyKind.START_TOGETHER and _fixed(by_id[b]) is None:
                left_out[b] = a
                changed = True
    for ref, waits_for in sorted(left_out.items()):
        item = by_id.pop(ref, None)
        if item is None:
            continue
        if item.get("mandatory"):
            raise TranslationError(
                _(
                    "%(ref)s moet in het plan, maar wacht op %(other)s, dat niet in de planning "
                    "zit. Haal de afhankelijkheid weg of neem %(other)s op."
                )
                % {"ref": ref, "other": waits_for}
            )
        items.remove(item)
        translation.initiatives.pop(ref, None)
        translation.warnings.append(
            _("%(ref)s wacht op %(other)s, dat niet in de planning zit, en is niet meegenomen.")
            % {"ref": ref, "other": waits_for}
        )


def _together(a: ProblemItem, b: ProblemItem, translation: Translation) -> None:
    """Both or neither, in the same period: a together group (``together_with``); the
    optimiser gives the group its common window, so each keeps its own (a delay to wait for
    the partner is then explained, and costs value like any delay). A running partner has
    started already: it fixes the other's start, without making that one must-run."""
    fixed = _fixed(a) if _fixed(a) is not None else _fixed(b)
    if fixed is not None:
        for item in (a, b):
            if _fixed(item) is None:
                item["earliest_start"] = fixed
                item["latest_start"] = fixed
        return
    b.setdefault("together_with", []).append(a["id"])
    for item in (a, b):
        # Extension: the partner it should start with (the roadmap checks old runs with it).
        item.setdefault(X_TOGETHER, []).append(b["id"] if item is a else a["id"])


def _refuse_cycles(live: list[Any], by_id: dict[str, ProblemItem]) -> None:
    nodes = {
        ref: Node(ref=ref, duration=int(by_id[ref]["duration"]))
        for dep in live
        for ref in (dep.predecessor.reference, dep.successor.reference)
    }
    found = [f for f in findings(nodes, [edge_of(d) for d in live]) if f.kind == "cycle"]
    if found:
        raise TranslationError(finding_message(found[0]))


def _refuse_impossible_chains(
    items: list[ProblemItem], by_id: dict[str, ProblemItem], horizon: int
) -> None:
    """A mandatory successor whose predecessors cannot end in time makes every plan
    impossible: refused here, naming the chain (an optional one is left out by the optimiser
    and its explanation says why)."""
    nodes: dict[str, Node] = {}
    edges = []
    for item in items:
        for pred in item.get("after", []):
            lag = int(item.get("after_lag", {}).get(pred, 0))
            edges.append(Edge(pred, item["id"], "order", lag))
            for ref in (pred, item["id"]):
                nodes[ref] = _window_node(by_id[ref], horizon)
    for finding in findings(nodes, edges):
        last = by_id[finding.refs[-1]]
        if finding.kind == "chain" and (last.get("mandatory") or _fixed(last) is not None):
            raise TranslationError(
                _(
                    "De keten %(chain)s past niet: %(ref)s moet in het plan, maar kan pas "
                    "%(late)s periode(n) na zijn uiterlijke start beginnen."
                )
                % {
                    "chain": " → ".join(finding.refs),
                    "ref": finding.refs[-1],
                    "late": (finding.earliest or 0) - (finding.latest or 0),
                }
            )


def _window_node(item: ProblemItem, horizon: int) -> Node:
    duration = int(item["duration"])
    fixed = _fixed(item)
    latest = horizon - duration if item.get("latest_start") is None else item["latest_start"]
    return Node(
        ref=item["id"],
        duration=duration,
        earliest=int(item.get("earliest_start", 0)) if fixed is None else fixed,
        latest=int(latest) if fixed is None else fixed,
    )
