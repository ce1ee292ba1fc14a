"""The dependency columns of the portfolio list: "Na (codes)" and "Alternatieven (groep)".

"Na (codes)" lists what the row's initiative starts after (*start na afronding van*), as
references with an optional wachttijd: ``KV-014, KV-020+2``. "Alternatieven (groep)" names the
group of alternatives it belongs to; rows with the same name are each other's alternatives.
A mapped column sets exactly what it lists (an empty cell removes), for the rows of the sheet;
other kinds of dependency are left alone. The whole sheet is checked at once (a cycle, a chain
that cannot fit, an alternative its own group needs) before anything is written (decision 0404).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from koersvast.portfolio.choices import DependencyKind
from koersvast.portfolio.dependencies import (
    DONE_STATES,
    MAX_LAG_QUARTERS,
    edge_of,
    finding_message,
    node_of,
)
from koersvast.portfolio.dependency_graph import Edge, findings
from koersvast.portfolio.models import Alternative, AlternativeGroup, Dependency, Initiative
from koersvast.tenancy.models import Municipality

from . import fields as F

AFTER = "after"
ALTERNATIVE = "alternative"
KEYS = (AFTER, ALTERNATIVE)
_ITEM = re.compile(r"^(?P<ref>[^+\s]+)\s*(?:\+\s*(?P<lag>\d+))?$")


def parse_after(value: Any) -> list[tuple[str, int]]:
    """'KV-014, KV-020+2' → [('KV-014', 0), ('KV-020', 2)]."""
    result: list[tuple[str, int]] = []
    for part in re.split(r"[,;\n]", F.parse_text(value)):
        part = part.strip()
        if not part:
            continue
        match = _ITEM.match(part)
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


def parse_group(value: Any) -> str:
    return F.parse_text(value, 200)


def after_cell(initiative: Initiative) -> str:
    """The export's "Na (codes)" (from `dependencies` prefetched with their predecessor)."""
    return ", ".join(
        d.predecessor.reference + (f"+{d.lag_quarters}" if d.lag_quarters else "")
        for d in initiative.dependencies.all()
        if d.kind == DependencyKind.FINISH_TO_START
    )


def group_cell(initiative: Initiative) -> str:
    alternative = getattr(initiative, "alternative", None)
    return alternative.group.name if alternative is not None else ""


@dataclass
class SheetLinks:
    """What the sheet's rows say about dependencies and groups, by reference."""

    after: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # reference → row number


def check(
    municipality: Municipality,
    links: SheetLinks,
    sheet_refs: dict[str, Initiative],
    problem: Any,
) -> None:
    """Report (through `problem(row, key, value, message)`) unknown references, and the
    cycles, chains and alternatives the sheet would make with what is already recorded."""
    if not links.after and not links.groups:
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
    for ref, items in links.after.items():
        for before, _lag in items:
            if before not in known:
                problem(
                    links.rows[ref],
                    AFTER,
                    before,
                    _("Onbekend kenmerk: %(ref)s.") % {"ref": before},
                )
            elif before == ref:
                problem(
                    links.rows[ref],
                    AFTER,
                    before,
                    _("Een initiatief kan niet van zichzelf afhangen."),
                )
    existing = list(
        Dependency.objects.filter(municipality=municipality).select_related(
            "predecessor", "successor"
        )
    )
    edges = [
        edge_of(d)
        for d in existing
        if not (d.successor.reference in links.after and d.kind == DependencyKind.FINISH_TO_START)
    ]
    for ref, items in links.after.items():
        edges.extend(Edge(before, ref, "order", lag) for before, lag in items if before in known)
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
        e
        for e in edges
        if e.before in known
        and e.after in known
        and known[e.before].state not in DONE_STATES
        and known[e.after].state not in DONE_STATES
    ]
    nodes = {ref: node_of(known[ref]) for e in live for ref in (e.before, e.after)}
    for finding in findings(nodes, live, groups):
        # The row that needs (an alternative) or waits (a chain, a cycle) carries the error.
        order = finding.refs if finding.kind == "alternative" else tuple(reversed(finding.refs))
        target = next((r for r in order if r in links.rows), None)
        if target is None:
            target = next(iter(links.rows))
        key = ALTERNATIVE if finding.kind == "alternative" and target in links.groups else AFTER
        problem(links.rows[target], key, ", ".join(finding.refs), finding_message(finding))


def apply(municipality: Municipality, links: SheetLinks, saved: Iterable[Initiative]) -> None:
    """Write the sheet's dependencies and groups (after its initiatives are saved)."""
    if not links.after and not links.groups:
        return
    by_ref = {i.reference: i for i in Initiative.objects.in_municipality(municipality)}
    by_ref.update({i.reference: i for i in saved})
    for ref, items in links.after.items():
        successor = by_ref[ref]
        wanted = dict(items)
        for dep in Dependency.objects.filter(
            successor=successor, kind=DependencyKind.FINISH_TO_START
        ).select_related("predecessor"):
            lag = wanted.pop(dep.predecessor.reference, None)
            if lag is None:
                dep.delete()
            elif lag != dep.lag_quarters:
                dep.lag_quarters = lag
                dep.save()
        for before, lag in wanted.items():
            Dependency.objects.update_or_create(
                predecessor=by_ref[before],
                successor=successor,
                defaults={
                    "municipality": municipality,
                    "kind": DependencyKind.FINISH_TO_START,
                    "lag_quarters": lag,
                },
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
