"""The dependency columns of the portfolio list: one per kind of dependency, and the group of
alternatives.

- "Na (codes)" lists what the row's initiative starts after (*start na afronding van*), as
  references with an optional wachttijd: ``KV-014, KV-020+2``;
- "Heeft resultaat nodig van (codes)" lists the initiatives whose result it needs
  (*heeft het resultaat nodig van*): ``KV-014, KV-020``;
- "Samen met (codes)" lists the initiatives it starts together with (*start gelijk met*). That
  kind works both ways, so the export shows the pair on both rows and the import keeps a pair
  that either row names (to remove it, empty both cells);
- "Alternatieven (groep)" names the group of alternatives it belongs to; rows with the same
  name are each other's alternatives.

A mapped column sets exactly what it lists (an empty cell removes) for the rows of the sheet;
a kind whose column is not in the sheet is left alone. Two initiatives have at most one
dependency, so a pair named in two columns, or one that already has a dependency of a kind the
sheet does not set, is refused. The whole sheet is checked at once with what is recorded (a
cycle, a chain that cannot fit, an alternative its own group needs) before anything is written
(decision 0404).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from django.utils.translation import gettext as _

from koersvast.portfolio.choices import DependencyKind
from koersvast.portfolio.dependencies import (
    DONE_STATES,
    MAX_LAG_QUARTERS,
    finding_message,
    node_of,
)
from koersvast.portfolio.dependency_graph import Edge, Finding, findings
from koersvast.portfolio.models import Alternative, AlternativeGroup, Dependency, Initiative
from koersvast.tenancy.models import Municipality

from . import fields as F

AFTER = "after"
NEEDS = "needs"
TOGETHER = "together"
ALTERNATIVE = "alternative"
#: The columns that list references, with the kind of dependency each sets.
LINK_KINDS = {
    AFTER: DependencyKind.FINISH_TO_START,
    NEEDS: DependencyKind.NEEDS_RESULT,
    TOGETHER: DependencyKind.START_TOGETHER,
}
KEYS = (*LINK_KINDS, ALTERNATIVE)
_ITEM = re.compile(r"^(?P<ref>[^+\s]+)\s*(?:\+\s*(?P<lag>\d+))?$")


def _items(value: Any) -> list[tuple[str, re.Match[str] | None]]:
    """The parts of a cell of codes ('KV-014, KV-020+2'), each with its match (None: unreadable)."""
    parts = (part.strip() for part in re.split(r"[,;\n]", F.parse_text(value)))
    return [(part, _ITEM.match(part)) for part in parts if part]


def parse_after(value: Any) -> list[tuple[str, int]]:
    """'KV-014, KV-020+2' → [('KV-014', 0), ('KV-020', 2)]."""
    result: list[tuple[str, int]] = []
    for part, match in _items(value):
        if match is None:
            raise ValueError(
                _(
                    "Onleesbaar: ‘%(part)s’. Schrijf kenmerken, gescheiden door komma's, met "
                    "eventueel een wachttijd in kwartalen: KV-014, KV-020+2."
                )
                % {"part": part}
            )
        lag = int(match["lag"] or 0)
        if lag > MAX_LAG_QUARTERS:
            raise ValueError(
                _("De wachttijd is 0 tot en met %(max)s kwartalen.") % {"max": MAX_LAG_QUARTERS}
            )
        result.append((match["ref"], lag))
    return result


def parse_codes(value: Any) -> list[tuple[str, int]]:
    """'KV-014, KV-020' → [('KV-014', 0), ('KV-020', 0)]: references without a wachttijd."""
    result: list[tuple[str, int]] = []
    for part, match in _items(value):
        if match is None or match["lag"] is not None:
            raise ValueError(
                _(
                    "Onleesbaar: ‘%(part)s’. Schrijf kenmerken, gescheiden door komma's: "
                    "KV-014, KV-020 (een wachttijd hoort alleen in “Na (codes)”)."
                )
                % {"part": part}
            )
        result.append((match["ref"], 0))
    return result


def parse_group(value: Any) -> str:
    return F.parse_text(value, 200)


def after_cell(initiative: Initiative) -> str:
    """The export's "Na (codes)" (from `dependencies` prefetched with their predecessor)."""
    return ", ".join(
        d.predecessor.reference + (f"+{d.lag_quarters}" if d.lag_quarters else "")
        for d in initiative.dependencies.all()
        if d.kind == DependencyKind.FINISH_TO_START
    )


def needs_cell(initiative: Initiative) -> str:
    """The export's "Heeft resultaat nodig van (codes)"."""
    return ", ".join(
        d.predecessor.reference
        for d in initiative.dependencies.all()
        if d.kind == DependencyKind.NEEDS_RESULT
    )


def together_cell(initiative: Initiative) -> str:
    """The export's "Samen met (codes)": the pair on both rows (from `dependencies` and
    `dependants` prefetched with the other initiative)."""
    partners = [
        d.predecessor.reference
        for d in initiative.dependencies.all()
        if d.kind == DependencyKind.START_TOGETHER
    ] + [
        d.successor.reference
        for d in initiative.dependants.all()
        if d.kind == DependencyKind.START_TOGETHER
    ]
    return ", ".join(sorted(partners))


def group_cell(initiative: Initiative) -> str:
    alternative = getattr(initiative, "alternative", None)
    return alternative.group.name if alternative is not None else ""


@dataclass
class SheetLinks:
    """What the sheet's rows say about dependencies and groups, by reference."""

    # column key (AFTER, NEEDS, TOGETHER) → reference → [(reference, wachttijd)]
    lists: dict[str, dict[str, list[tuple[str, int]]]] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # reference → row number

    def __bool__(self) -> bool:
        return bool(self.lists or self.groups)

    def add(self, reference: str, key: str, value: Any) -> None:
        if key == ALTERNATIVE:
            self.groups[reference] = value
        else:
            self.lists.setdefault(key, {})[reference] = value

    @property
    def after(self) -> dict[str, list[tuple[str, int]]]:
        return self.lists.get(AFTER, {})


@dataclass(frozen=True)
class _Link:
    """One dependency as the sheet would leave it; `key` is the column that sets it (None:
    recorded and not set by the sheet)."""

    before: str
    after: str
    kind: str
    lag: int = 0
    key: str | None = None

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.before, self.after))

    def edge(self) -> Edge:
        if self.kind == DependencyKind.START_TOGETHER:
            return Edge(self.before, self.after, "together")
        return Edge(self.before, self.after, "order", self.lag)


def _set_by_sheet(links: SheetLinks, kind: str, predecessor: str, successor: str) -> bool:
    """Whether a recorded dependency is one the sheet sets (and so replaces)."""
    if kind == DependencyKind.START_TOGETHER:
        rows = links.lists.get(TOGETHER, {})
        return predecessor in rows or successor in rows
    key = AFTER if kind == DependencyKind.FINISH_TO_START else NEEDS
    return successor in links.lists.get(key, {})


def _wanted(links: SheetLinks, known: Iterable[str]) -> list[_Link]:
    """The dependencies the sheet lists (one per pair and column; unknown and self-references
    left out, they are reported by `check`)."""
    known = set(known)
    result: dict[tuple[Any, ...], _Link] = {}
    for key, per_row in links.lists.items():
        for ref, items in per_row.items():
            for before, lag in items:
                if before not in known or before == ref:
                    continue
                link = _Link(before, ref, LINK_KINDS[key], lag if key == AFTER else 0, key)
                # A start-together pair named on both rows is one dependency.
                identity = (key, link.pair) if key == TOGETHER else (key, before, ref)
                result.setdefault(identity, link)
    return list(result.values())


def check(
    municipality: Municipality,
    links: SheetLinks,
    sheet_refs: dict[str, Initiative],
    problem: Any,
) -> None:
    """Report (through `problem(row, key, value, message)`) unknown references and
    self-references, pairs with two dependencies, and the cycles, chains and alternatives the
    sheet would make with what is already recorded."""
    if not links:
        return
    known = {
        i.reference: i
        for i in Initiative.objects.in_municipality(municipality).only(
            "pk",
            "reference",
            "state",
            "start_year",
            "start_quarter",
            "latest_year",
            "latest_quarter",
            "duration_quarters",
        )
    }
    known.update(sheet_refs)
    for key, per_row in links.lists.items():
        for ref, items in per_row.items():
            for before, _lag in items:
                if before not in known:
                    problem(
                        links.rows[ref],
                        key,
                        before,
                        _("Onbekend kenmerk: %(ref)s.") % {"ref": before},
                    )
                elif before == ref:
                    problem(
                        links.rows[ref],
                        key,
                        before,
                        _("Een initiatief kan niet van zichzelf afhangen."),
                    )
    recorded = [
        _Link(d.predecessor.reference, d.successor.reference, d.kind, d.lag_quarters)
        for d in Dependency.objects.filter(municipality=municipality).select_related(
            "predecessor", "successor"
        )
    ]
    wanted = _wanted(links, known)
    final = [r for r in recorded if not _set_by_sheet(links, r.kind, r.before, r.after)] + wanted
    if _pair_conflicts(final, links, problem):
        return
    groups = dict(
        Alternative.objects.filter(municipality=municipality).values_list(
            "initiative__reference", "group__name"
        )
    )
    for ref, name in links.groups.items():
        if name:
            groups[ref] = name
        else:
            groups.pop(ref, None)
    live = [
        link
        for link in final
        if known[link.before].state not in DONE_STATES
        and known[link.after].state not in DONE_STATES
    ]
    nodes = {ref: node_of(known[ref]) for link in live for ref in (link.before, link.after)}
    for finding in findings(nodes, [link.edge() for link in live], groups):
        row, key = _where(finding, wanted, links)
        problem(row, key, ", ".join(finding.refs), finding_message(finding))


def _pair_conflicts(final: list[_Link], links: SheetLinks, problem: Any) -> bool:
    """Report a pair of initiatives that would have two dependencies (a pair has at most one,
    as on the initiative page). Two orderings in opposite directions are left to the cycle
    check, which names them better."""
    by_pair: dict[frozenset[str], list[_Link]] = {}
    for link in final:
        by_pair.setdefault(link.pair, []).append(link)
    found = False
    for pair_links in by_pair.values():
        if len(pair_links) < 2:
            continue
        opposite = len(pair_links) == 2 and pair_links[0].before != pair_links[1].before
        if opposite and DependencyKind.START_TOGETHER not in {link.kind for link in pair_links}:
            continue
        sheet = [link for link in pair_links if link.key is not None]
        if not sheet:
            continue
        link = sheet[-1]
        other = next(o for o in pair_links if o is not link)
        a, b = sorted(link.pair)
        if other.key is None:
            message = _(
                "Tussen %(a)s en %(b)s bestaat al een afhankelijkheid (%(kind)s) die dit bestand "
                "niet zet; twee initiatieven hebben er hoogstens één."
            ) % {"a": a, "b": b, "kind": DependencyKind(other.kind).label}
        else:
            message = _(
                "%(a)s en %(b)s staan in twee kolommen met afhankelijkheden; twee initiatieven "
                "hebben er hoogstens één."
            ) % {"a": a, "b": b}
        problem(links.rows[link.after], link.key, link.before, message)
        found = True
    return found


def _where(finding: Finding, wanted: list[_Link], links: SheetLinks) -> tuple[int, str]:
    """The row and column that carry a finding: the sheet's dependency on the finding's path
    that closes it (the row that waits), else the row of a named initiative."""
    refs = finding.refs
    if finding.kind == "alternative" and refs[0] in links.groups:
        return links.rows[refs[0]], ALTERNATIVE
    steps = list(pairwise(refs))
    for before, after in reversed(steps):
        for link in wanted:
            same = link.before == before and link.after == after
            together = link.kind == DependencyKind.START_TOGETHER
            if same or (together and link.pair == {before, after}):
                assert link.key is not None
                return links.rows[link.after], link.key
    for ref in refs:
        for link in wanted:
            if ref in link.pair:
                assert link.key is not None
                return links.rows[link.after], link.key
    order = refs if finding.kind == "alternative" else tuple(reversed(refs))
    target = next((r for r in order if r in links.rows), next(iter(links.rows)))
    key = ALTERNATIVE if target in links.groups else next(iter(links.lists), ALTERNATIVE)
    return links.rows[target], key


def apply(municipality: Municipality, links: SheetLinks, saved: Iterable[Initiative]) -> None:
    """Write the sheet's dependencies and groups (after its initiatives are saved)."""
    if not links:
        return
    by_ref = {i.reference: i for i in Initiative.objects.in_municipality(municipality)}
    by_ref.update({i.reference: i for i in saved})
    wanted = {link.pair: link for link in _wanted(links, by_ref)}
    for dep in Dependency.objects.filter(municipality=municipality).select_related(
        "predecessor", "successor"
    ):
        before, after = dep.predecessor.reference, dep.successor.reference
        if not _set_by_sheet(links, dep.kind, before, after):
            continue
        link = wanted.get(frozenset((before, after)))
        kept = (
            link is not None
            and link.kind == dep.kind
            and (link.kind == DependencyKind.START_TOGETHER or link.before == before)
        )
        if not kept:
            dep.delete()
            continue
        assert link is not None
        del wanted[link.pair]
        if link.lag != dep.lag_quarters:
            dep.lag_quarters = link.lag
            dep.save()
    for link in wanted.values():
        Dependency.objects.create(
            municipality=municipality,
            predecessor=by_ref[link.before],
            successor=by_ref[link.after],
            kind=link.kind,
            lag_quarters=link.lag,
        )
    for ref, name in links.groups.items():
        initiative = by_ref[ref]
        current = Alternative.objects.filter(initiative=initiative).select_related("group").first()
        if current is not None and current.group.name == name:
            continue
        if current is not None:
            group = current.group
            current.delete()
            if not group.members.exists():
                group.delete()
        if name:
            group, _created = AlternativeGroup.objects.get_or_create(
                municipality=municipality, name=name
            )
            Alternative.objects.create(
                municipality=municipality, group=group, initiative=initiative
            )
