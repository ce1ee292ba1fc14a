"""Rounds of judgements: who may take part, a participant's own judgements, and the round's
result per group (AIJ, consistency, consensus, the pairs most disagreed on)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from koersvast import weighing
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action
from koersvast.weighing.ahp import format_judgement

from ..choices import CONSENSUS_WORDS, FrameworkStatus, RoundStatus
from ..models import ComparisonRound, Framework, RoundParticipant
from .weights import Member, WeightGroup, flipped, judgement_ratio, member_label, weight_groups

# --- Group comparison rounds (groepsvergelijking) -------------------------------------------


def group_key(group: WeightGroup) -> str:
    """The key of a sibling group in a participant's stored judgements."""
    if group.is_axes:
        return "axes"
    return "objectives" if group.parent is None else f"objectives:{group.parent.pk}"


def comparable_groups(*, framework: Framework) -> list[WeightGroup]:
    """The sibling groups a participant judges: every group with two members or more."""
    return [g for g in weight_groups(framework=framework) if len(g.members) >= 2]


def round_get(*, user: Any, pk: int, action: Action | None = None) -> ComparisonRound:
    """A round the user may manage (default) in their municipality; else 404."""
    return get_for_user_or_404(
        ComparisonRound.objects.select_related("framework"),
        user,
        action or Action.FRAMEWORK_MANAGE,
        pk=pk,
    )


def round_for_participant(*, user: Any, pk: int) -> tuple[ComparisonRound, RoundParticipant]:
    """A round and the user's own place in it: 404 outside the municipality, 403 uninvited."""
    comparison_round = round_get(user=user, pk=pk, action=Action.FRAMEWORK_VIEW)
    participant = comparison_round.participants.filter(user=user).first()
    if participant is None:
        raise PermissionDenied(_("U bent niet uitgenodigd voor deze groepsvergelijking."))
    return comparison_round, participant


def open_rounds_for(*, user: Any, municipality_id: int) -> list[RoundParticipant]:
    """The user's invitations to open rounds on draft versions of the municipality, so that
    every framework page (the index shows the adopted version) leads to them."""
    return list(
        RoundParticipant.objects.filter(
            user=user,
            municipality_id=municipality_id,
            round__status=RoundStatus.OPEN,
            round__framework__status=FrameworkStatus.DRAFT,
        )
        .select_related("round", "round__framework")
        .order_by("-round__pk")
    )


def invitable_users(*, municipality: Municipality) -> QuerySet[Any]:
    """Members who may see the framework (and so take part): wethouders, MT, managers, …"""
    from koersvast.tenancy.models import Membership
    from koersvast.tenancy.policy import GRANTS

    roles = [role for role, grants in GRANTS.items() if Action.FRAMEWORK_VIEW in grants]
    user_ids = (
        Membership.objects.current()
        .filter(municipality=municipality, role__in=roles)
        .values_list("user_id", flat=True)
    )
    return (
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .order_by("first_name", "last_name", "username")
    )


def person_name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else "—"


def participant_judgements(participant: RoundParticipant, group: WeightGroup) -> dict:
    """A participant's judgements of one group keyed by (first pk, second pk), both ways."""
    result: dict[tuple[int, int], int] = {}
    for key, value in (participant.judgements or {}).get(group_key(group), {}).items():
        first, _sep, second = key.partition("-")
        if first.isdigit() and second.isdigit():
            result[(int(first), int(second))] = int(value)
            result[(int(second), int(first))] = flipped(int(value))
    return result


@dataclass
class ParticipantResult:
    """One participant's own weights and consistency for one group (None: not complete)."""

    participant: RoundParticipant
    name: str
    ahp: weighing.AhpResult | None
    percents: dict[int, int] = field(default_factory=dict)


@dataclass
class DivergentPair:
    """A pair on which the participants disagree most, with each one's judgement."""

    first: Member
    second: Member
    judgements: list[tuple[str, str]]
    group_value: str
    spread: float


@dataclass
class GroupRoundResult:
    """One sibling group in a round: the group's weights (AIJ), each CR, consensus, spread."""

    group: WeightGroup
    key: str
    participants: list[ParticipantResult]
    result: weighing.GroupAhpResult | None = None
    percents: dict[int, int] = field(default_factory=dict)
    divergent: list[DivergentPair] = field(default_factory=list)

    @property
    def consensus_percent(self) -> float | None:
        return None if self.result is None else self.result.consensus * 100

    @property
    def consensus_words(self) -> str:
        return "" if self.result is None else str(CONSENSUS_WORDS[self.result.consensus_band])

    @property
    def member_rows(self) -> list[tuple[Member, int | None, list[int | None]]]:
        """Per member: the group's percentage and each participant's own percentage."""
        return [
            (
                member,
                self.percents.get(member.pk),
                [p.percents.get(member.pk) for p in self.participants],
            )
            for member in self.group.members
        ]


@dataclass
class RoundOverview:
    round: ComparisonRound
    participants: list[RoundParticipant]
    groups: list[GroupRoundResult]

    @property
    def submitted(self) -> int:
        return sum(1 for p in self.participants if p.submitted_at)

    @property
    def can_apply(self) -> bool:
        return any(g.result is not None for g in self.groups)

    @property
    def pending(self) -> list[RoundParticipant]:
        """Who has not judged every group yet (never saved, or a group added since)."""
        incomplete = {
            row.participant.pk for g in self.groups for row in g.participants if row.ahp is None
        }
        return [p for p in self.participants if p.submitted_at is None or p.pk in incomplete]


def _ratios(
    group: WeightGroup, stored: dict[tuple[int, int], int], labels: dict[int, str]
) -> dict[tuple[str, str], float] | None:
    judgements = {}
    for first, second in group.pairs():
        value = stored.get((first.pk, second.pk))
        if value is None:
            return None
        judgements[(labels[first.pk], labels[second.pk])] = judgement_ratio(value)
    return judgements


def _percents(members: Sequence[Member], weights: Sequence[float]) -> dict[int, int]:
    return weighing.percentages({m.pk: w for m, w in zip(members, weights, strict=True)})


def round_overview(*, comparison_round: ComparisonRound, divergent: int = 3) -> RoundOverview:
    """Everything the round page shows: per group the group result over the participants who
    judged every pair, each participant's CR, the consensus and the most divergent pairs."""
    participants = list(comparison_round.participants.select_related("user").order_by("pk"))
    groups = []
    for group in comparable_groups(framework=comparison_round.framework):
        labels = {m.pk: member_label(m, group.members) for m in group.members}
        items = [labels[m.pk] for m in group.members]
        rows: list[ParticipantResult] = []
        complete: list[tuple[ParticipantResult, dict[tuple[str, str], float]]] = []
        for participant in participants:
            ratios = _ratios(group, participant_judgements(participant, group), labels)
            row = ParticipantResult(participant, person_name(participant.user), None)
            if ratios is not None:
                row.ahp = weighing.ahp_weights(items, ratios)
                row.percents = _percents(group.members, row.ahp.weights)
                complete.append((row, ratios))
            rows.append(row)
        entry = GroupRoundResult(group=group, key=group_key(group), participants=rows)
        if complete:
            entry.result = weighing.group_ahp(items, [ratios for _row, ratios in complete])
            entry.percents = _percents(group.members, entry.result.aggregate.weights)
            by_label = {labels[m.pk]: m for m in group.members}
            for spread in entry.result.most_divergent(divergent):
                entry.divergent.append(
                    DivergentPair(
                        first=by_label[spread.first],
                        second=by_label[spread.second],
                        judgements=[
                            (row.name, format_judgement(value))
                            for (row, _r), value in zip(complete, spread.judgements, strict=True)
                        ],
                        group_value=f"{spread.group:.2f}".replace(".", ","),
                        spread=spread.spread,
                    )
                )
        groups.append(entry)
    return RoundOverview(round=comparison_round, participants=participants, groups=groups)


def framework_rounds(*, framework: Framework) -> list[ComparisonRound]:
    return list(
        ComparisonRound.objects.filter(framework=framework)
        .prefetch_related("participants")
        .order_by("-pk")
    )
