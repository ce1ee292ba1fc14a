"""Dependencies between initiatives and groups of alternatives: writes and reads.

Every door (the initiative page, the Excel import, the API) enters them through
`dependency_add` and `alternative_add`, which refuse another municipality's initiative, a
cycle, a chain that cannot fit a latest start, and an alternative its own group needs, each
with a message that names the initiatives (decision 0404). The audit trail is the usual one:
both models are tenant models, audited on create and delete.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from koersvast.core.errors import DomainError
from koersvast.core.periods import Quarter, quarter_index
from koersvast.tenancy.policy import Action, require

from .choices import DependencyKind, LifecycleState
from .dependency_graph import Edge, Finding, Node, findings
from .models import Alternative, AlternativeGroup, Dependency, Initiative

#: Work whose end is behind it: a dependency on it is met and no longer constrains anything.
DONE_STATES = (LifecycleState.COMPLETED, LifecycleState.BENEFITS)
#: Work that will not happen: a successor that needs it cannot be planned.
DROPPED_STATES = (LifecycleState.REJECTED, LifecycleState.STOPPED)
MAX_LAG_QUARTERS = 20


class DependencyError(DomainError):
    """A dependency or alternative that cannot be entered, with a Dutch message."""


def edge_of(dependency: Dependency) -> Edge:
    """The graph edge of a dependency (start-together is symmetric; the rest orders)."""
    if dependency.kind == DependencyKind.START_TOGETHER:
        return Edge(dependency.predecessor.reference, dependency.successor.reference, "together")
    lag = dependency.lag_quarters if dependency.kind == DependencyKind.FINISH_TO_START else 0
    return Edge(dependency.predecessor.reference, dependency.successor.reference, "order", lag)


def finding_message(finding: Finding) -> str:
    """The Dutch sentence for a finding of `dependency_graph.findings`."""
    refs = list(finding.refs)
    if finding.kind == "cycle":
        return _(
            "Deze afhankelijkheid maakt een kring: %(chain)s. Een initiatief kan niet (indirect) "
            "op zichzelf wachten."
        ) % {"chain": " → ".join(refs)}
    if finding.kind == "alternative":
        return _(
            "%(ref)s heeft %(other)s nodig, maar beide zijn alternatieven in ‘%(group)s’, waarvan "
            "er hoogstens één wordt gekozen."
        ) % {"ref": refs[0], "other": refs[1], "group": finding.group}
    return _(
        "De keten %(chain)s past niet: %(ref)s moet uiterlijk %(latest)s starten, maar kan op "
        "zijn vroegst %(earliest)s starten."
    ) % {
        "chain": " → ".join(refs),
        "ref": refs[-1],
        "latest": Quarter.from_ordinal(finding.latest or 0).label,
        "earliest": Quarter.from_ordinal(finding.earliest or 0).label,
    }


def node_of(initiative: Initiative) -> Node:
    start = quarter_index(initiative.start_year, initiative.start_quarter)
    latest = quarter_index(initiative.latest_year, initiative.latest_quarter)
    if initiative.state in (LifecycleState.IN_PROGRESS, LifecycleState.PAUSED):
        latest = start  # running work keeps its actual start
    return Node(
        ref=initiative.reference,
        duration=max(1, initiative.duration_quarters),
        earliest=start,
        latest=latest,
    )


def municipality_findings(
    municipality_id: int,
    extra: Iterable[Dependency] = (),
    extra_groups: dict[str, str] | None = None,
) -> list[Finding]:
    """The findings for a municipality's dependencies plus `extra` (not yet saved)."""
    dependencies = [
        *Dependency.objects.filter(municipality_id=municipality_id).select_related(
            "predecessor", "successor"
        ),
        *extra,
    ]
    groups = dict(
        Alternative.objects.filter(municipality_id=municipality_id).values_list(
            "initiative__reference", "group__name"
        )
    )
    groups.update(extra_groups or {})
    # Done work constrains nothing any more; its node is left out with its edges.
    live = [
        d
        for d in dependencies
        if d.predecessor.state not in DONE_STATES and d.successor.state not in DONE_STATES
    ]
    nodes: dict[str, Node] = {}
    for dependency in live:
        for initiative in (dependency.predecessor, dependency.successor):
            nodes[initiative.reference] = node_of(initiative)
    return findings(nodes, [edge_of(d) for d in live], groups)


@transaction.atomic
def dependency_add(
    *,
    successor: Initiative,
    predecessor: Initiative,
    kind: str = DependencyKind.FINISH_TO_START,
    lag_quarters: int = 0,
    note: str = "",
    by: Any,
) -> Dependency:
    """Record that `successor` depends on `predecessor` (B on A), after every check."""
    require(by, successor.municipality_id, Action.INITIATIVE_MANAGE)
    if predecessor.municipality_id != successor.municipality_id:
        raise DependencyError(_("Een afhankelijkheid kan alleen binnen dezelfde gemeente."))
    if predecessor.pk == successor.pk:
        raise DependencyError(_("Een initiatief kan niet van zichzelf afhangen."))
    if kind not in DependencyKind.values:
        raise DependencyError(_("Onbekende soort afhankelijkheid."))
    if kind != DependencyKind.FINISH_TO_START:
        lag_quarters = 0
    if not 0 <= lag_quarters <= MAX_LAG_QUARTERS:
        raise DependencyError(
            _("De wachttijd is 0 tot en met %(max)s kwartalen.") % {"max": MAX_LAG_QUARTERS}
        )
    pair = Q(predecessor=predecessor, successor=successor) | Q(
        predecessor=successor, successor=predecessor
    )
    if Dependency.objects.filter(pair).exists():
        raise DependencyError(
            _("Tussen %(a)s en %(b)s bestaat al een afhankelijkheid.")
            % {"a": predecessor.reference, "b": successor.reference}
        )
    dependency = Dependency(
        municipality_id=successor.municipality_id,
        predecessor=predecessor,
        successor=successor,
        kind=kind,
        lag_quarters=lag_quarters,
        note=note.strip()[:200],
    )
    problems = municipality_findings(successor.municipality_id, extra=[dependency])
    if problems:
        raise DependencyError(finding_message(problems[0]))
    dependency.save()
    return dependency


@transaction.atomic
def dependency_remove(*, dependency: Dependency, by: Any) -> None:
    require(by, dependency.municipality_id, Action.INITIATIVE_MANAGE)
    dependency.delete()


@transaction.atomic
def alternative_add(
    *, initiative: Initiative, group_name: str = "", other: Initiative | None = None, by: Any
) -> Alternative:
    """Put `initiative` in a group of alternatives: the group named `group_name` (made when
    new), or the group of `other` (made, with `other` in it, when `other` has none)."""
    require(by, initiative.municipality_id, Action.INITIATIVE_MANAGE)
    municipality_id = initiative.municipality_id
    if other is not None and other.municipality_id != municipality_id:
        raise DependencyError(_("Alternatieven kunnen alleen binnen dezelfde gemeente."))
    if other is not None and other.pk == initiative.pk:
        raise DependencyError(_("Een initiatief kan geen alternatief van zichzelf zijn."))
    if Alternative.objects.filter(initiative=initiative).exists():
        raise DependencyError(
            _("%(ref)s hoort al bij een groep alternatieven; haal het daar eerst uit.")
            % {"ref": initiative.reference}
        )
    name = group_name.strip()[:200]
    other_membership = (
        Alternative.objects.filter(initiative=other).select_related("group").first()
        if other is not None
        else None
    )
    if other_membership is not None:
        group = other_membership.group
    elif name or other is not None:
        name = name or _("Alternatieven voor %(ref)s") % {"ref": other.reference if other else ""}
        group, _created = AlternativeGroup.objects.get_or_create(
            municipality_id=municipality_id, name=name
        )
    else:
        raise DependencyError(_("Kies een initiatief of geef de groep een naam."))
    members = {initiative.reference: group.name}
    if other is not None and other_membership is None:
        members[other.reference] = group.name
    problems = [
        f
        for f in municipality_findings(municipality_id, extra_groups=members)
        if f.kind == "alternative"
    ]
    if problems:
        raise DependencyError(finding_message(problems[0]))
    if other is not None and other_membership is None:
        Alternative.objects.create(municipality_id=municipality_id, group=group, initiative=other)
    return Alternative.objects.create(
        municipality_id=municipality_id, group=group, initiative=initiative
    )


@transaction.atomic
def alternative_remove(*, alternative: Alternative, by: Any) -> None:
    """Take an initiative out of its group; a group left with one member or none goes too."""
    require(by, alternative.municipality_id, Action.INITIATIVE_MANAGE)
    group = alternative.group
    alternative.delete()
    rest = list(group.members.all())
    if len(rest) <= 1:
        for member in rest:
            member.delete()
        group.delete()


# --- reads ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InitiativeLinks:
    """What one initiative waits for, what waits for it, and its alternatives."""

    needs: list[Dependency]
    needed_by: list[Dependency]
    alternative: Alternative | None
    others: list[Initiative]


def initiative_links(*, initiative: Initiative) -> InitiativeLinks:
    """The dependencies of both directions and the alternatives of one initiative (4 queries)."""
    needs = list(Dependency.objects.filter(successor=initiative).select_related("predecessor"))
    needed_by = list(Dependency.objects.filter(predecessor=initiative).select_related("successor"))
    alternative = Alternative.objects.filter(initiative=initiative).select_related("group").first()
    others = (
        [
            member.initiative
            for member in alternative.group.members.select_related("initiative")
            if member.initiative_id != initiative.pk
        ]
        if alternative
        else []
    )
    return InitiativeLinks(needs, needed_by, alternative, others)


def dependency_rows(*, municipality_id: int) -> list[Dependency]:
    """Every dependency of a municipality with both initiatives (one query)."""
    return list(
        Dependency.objects.filter(municipality_id=municipality_id).select_related(
            "predecessor", "successor"
        )
    )


def alternative_groups(*, municipality_id: int) -> dict[str, list[str]]:
    """Group name → the references of its alternatives (one query)."""
    result: dict[str, list[str]] = {}
    for name, ref in Alternative.objects.filter(municipality_id=municipality_id).values_list(
        "group__name", "initiative__reference"
    ):
        result.setdefault(name, []).append(ref)
    return result
