"""The dossier of one initiative: its way into the portfolio and the steps this user may take
next, with the advice still open and since when paused work is paused."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from koersvast.core import figures
from koersvast.framework.models import Framework, ImpactAxis, Objective
from koersvast.portfolio import custom_fields
from koersvast.portfolio.choices import INTAKE_STATES, RUNNING_WORK_STATES, LifecycleState
from koersvast.portfolio.models import CustomField, Initiative
from koersvast.tenancy.policy import Action, can, roles_by_municipality

from .. import criteria, lifecycle
from ..choices import GovernanceKind, ProposalStatus
from ..models import (
    Advice,
    AdviceKind,
    Contribution,
    CriterionCheck,
    Decision,
    EntryCriterion,
    GovernanceProposal,
    ImpactScore,
    PriorityScore,
)
from ..services.advice import may_respond
from ..services.governance import governance_bodies, may_propose
from ..services.scoring import published_framework
from ..services.submission import may_edit


@dataclass
class Dossier:
    """Everything about one initiative's way into the portfolio, for its page."""

    initiative: Initiative
    criteria: list[criteria.CriterionResult]
    advices: list[Advice]
    framework: Framework | None
    score: PriorityScore | None
    contributions: dict[int, Contribution]
    impacts: dict[int, ImpactScore]
    objectives: list[Objective]
    axes: list[ImpactAxis]
    decisions: list[Decision]
    transitions: list[Any]
    attachments: list[Any]
    actions: list[lifecycle.Rule] = field(default_factory=list)
    may_edit: bool = False
    may_manage: bool = False
    may_decide: bool = False
    may_advise: bool = False
    # Codes of the advice kinds this user may give (their role gives that kind).
    advisable: frozenset[str] = frozenset()
    may_respond: bool = False
    advice_kinds: list[AdviceKind] = field(default_factory=list)  # active: may be requested
    own_fields: list[custom_fields.Shown] = field(default_factory=list)
    # Governance of running work: proposals (each with `may_decide` for this user), whether
    # this user may propose, and since when the work is paused.
    proposals: list[GovernanceProposal] = field(default_factory=list)
    may_propose: bool = False
    paused_since: Any = None

    @property
    def open_advice(self) -> list[str]:
        """The kinds of advice asked and not yet given (a warning before the agenda)."""
        return [advice.kind_label for advice in self.advices if not advice.is_given]


@dataclass
class DossierSettings:
    """What every dossier of a municipality shares: its entry criteria and scoring framework."""

    criteria: list[EntryCriterion]
    framework: Framework | None
    objectives: list[Objective]  # the leaves, which are scored
    axes: list[ImpactAxis]
    advice_kinds: list[AdviceKind] = field(default_factory=list)  # all, also retired ones
    custom_fields: list[CustomField] = field(default_factory=list)  # all, also retired ones


def dossier_settings(municipality_id: int) -> DossierSettings:
    """The entry criteria and the published framework's leaves and axes (four queries)."""
    framework = published_framework(municipality_id)
    objectives: list[Objective] = []
    axes: list[ImpactAxis] = []
    if framework is not None:
        objectives = list(Objective.objects.filter(framework=framework).order_by("order", "code"))
        parents = {o.parent_id for o in objectives}
        objectives = [o for o in objectives if o.pk not in parents]  # only leaves are scored
        axes = list(ImpactAxis.objects.filter(framework=framework).order_by("order", "code"))
    return DossierSettings(
        criteria=list(
            EntryCriterion.objects.filter(municipality_id=municipality_id)
            .with_advice_kind_names()
            .select_related("if_domain", "custom_field")
        ),
        framework=framework,
        objectives=objectives,
        axes=axes,
        advice_kinds=list(AdviceKind.objects.filter(municipality_id=municipality_id)),
        custom_fields=custom_fields.definitions(municipality_id, include_retired=True),
    )


def _advices(initiative: Initiative, advice_kinds: list[AdviceKind]) -> list[Advice]:
    """The initiative's advice, each marked whether a negative one asks for a response."""
    advices = list(
        Advice.objects.with_kind_names()
        .filter(initiative=initiative)
        .select_related("adviser", "responded_by")
    )
    kinds = {kind.code: kind for kind in advice_kinds}
    for advice in advices:
        kind = kinds.get(advice.kind)
        advice.needs_response = bool(  # type: ignore[attr-defined]
            kind and kind.negative_needs_response and advice.verdict == "negative"
        )
    return advices


def _scores(
    initiative: Initiative, framework: Framework | None
) -> tuple[dict[int, Contribution], dict[int, ImpactScore], PriorityScore | None]:
    """The initiative's contributions, impact scores and priority score under `framework`."""
    contributions: dict[int, Contribution] = {}
    impacts: dict[int, ImpactScore] = {}
    score = None
    if framework is not None:
        contributions = {
            c.objective_id: c
            for c in Contribution.objects.filter(
                initiative=initiative, objective__framework=framework
            )
        }
        impacts = {
            s.axis_id: s
            for s in ImpactScore.objects.filter(initiative=initiative, axis__framework=framework)
        }
        score = PriorityScore.objects.filter(initiative=initiative, framework=framework).first()
    return contributions, impacts, score


def initiative_dossier(*, initiative: Initiative, user: Any) -> Dossier:
    """The dossier with the steps this user may take next."""
    municipality_id = initiative.municipality_id
    # The same for every initiative of the municipality: cached with a shared cache.
    shared = figures.cached(
        "dossier-settings", municipality_id, (), lambda: dossier_settings(municipality_id)
    )
    advices = _advices(initiative, shared.advice_kinds)
    roles = roles_by_municipality(user).get(municipality_id, frozenset())
    results = criteria.evaluate(
        initiative=initiative,
        criteria=shared.criteria,
        advices=advices,
        checks=CriterionCheck.objects.filter(initiative=initiative),
        has_demand=bool(initiative.demands.all()),
    )
    framework, objectives, axes = shared.framework, shared.objectives, shared.axes
    contributions, impacts, score = _scores(initiative, framework)
    manage = can(user, municipality_id, Action.INITIATIVE_MANAGE)
    actions = [
        rule
        for rule in lifecycle.rules_from(initiative.state)
        if not rule.by_decision
        and can(user, municipality_id, rule.action)
        and (manage or not rule.own_only or initiative.submitted_by_id == user.pk)
    ]
    return Dossier(
        initiative=initiative,
        criteria=results,
        advices=advices,
        framework=framework,
        score=score,
        contributions=contributions,
        impacts=impacts,
        objectives=objectives,
        axes=axes,
        decisions=list(
            Decision.objects.filter(initiative=initiative).select_related("body", "framework")
        ),
        transitions=list(initiative.transitions.select_related("by")),
        attachments=list(initiative.attachments.all()),
        actions=actions,
        may_edit=may_edit(user, initiative),
        may_manage=manage,
        may_decide=initiative.state == LifecycleState.DECISION
        and can(user, municipality_id, Action.DECISION_RECORD),
        may_advise=can(user, municipality_id, Action.ADVICE_GIVE),
        advisable=frozenset(kind.code for kind in shared.advice_kinds if kind.role in roles),
        may_respond=may_respond(user, initiative),
        advice_kinds=[kind for kind in shared.advice_kinds if not kind.is_retired],
        own_fields=custom_fields.shown(initiative, shared.custom_fields),
        **_governance(initiative, user),
    )


# States in which an initiative never had running work, so has no proposals to show.
_NEVER_RAN = frozenset({*INTAKE_STATES, LifecycleState.RETURNED, LifecycleState.PARKED})


def _governance(initiative: Initiative, user: Any) -> dict[str, Any]:
    """The proposals about running work on the initiative page, and who may act on them."""
    if initiative.state in _NEVER_RAN or initiative.state == LifecycleState.REJECTED:
        return {}
    proposals = list(
        initiative.governance_proposals.select_related("proposed_by", "decided_by", "body")
    )
    municipality_id = initiative.municipality_id
    decider = any(p.is_open for p in proposals) and (
        can(user, municipality_id, Action.DECISION_RECORD)
        and (
            initiative.official_sponsor_id == user.pk
            or governance_bodies(user, municipality_id).exists()
        )
    )
    for proposal in proposals:
        proposal.may_decide = decider and proposal.is_open and proposal.proposed_by_id != user.pk  # type: ignore[attr-defined]
        proposal.may_withdraw = proposal.is_open and (  # type: ignore[attr-defined]
            proposal.proposed_by_id == user.pk
            or can(user, municipality_id, Action.INITIATIVE_MANAGE)
        )
    paused_since = None
    if initiative.state == LifecycleState.PAUSED:
        paused_since = next(
            (
                p.effective_date
                for p in proposals
                if p.kind == GovernanceKind.PAUSE and p.status == ProposalStatus.APPROVED
            ),
            None,
        )
    return {
        "proposals": proposals,
        "may_propose": initiative.state in RUNNING_WORK_STATES and may_propose(user, initiative),
        "paused_since": paused_since,
    }


def pause_dates(municipality_id: int) -> dict[int, Any]:
    """Since when each paused initiative of the municipality is paused (the effective date of
    the approved pause decision that paused it), in one query."""
    rows = (
        GovernanceProposal.objects.filter(
            municipality_id=municipality_id,
            kind=GovernanceKind.PAUSE,
            status=ProposalStatus.APPROVED,
            initiative__state=LifecycleState.PAUSED,
        )
        .order_by("initiative_id", "decided_at", "pk")
        .values_list("initiative_id", "effective_date")
    )
    return dict(rows)  # the latest decision per initiative wins


def open_advice(initiatives: Any) -> dict[int, list[str]]:
    """Advice asked and not yet given per initiative (kind names), in one query."""
    found: dict[int, list[str]] = {}
    for advice in Advice.objects.with_kind_names().filter(initiative__in=initiatives, verdict=""):
        found.setdefault(advice.initiative_id, []).append(advice.kind_label)
    return found


def score_terms(
    score: PriorityScore, objectives: list[Objective], axes: list[ImpactAxis]
) -> list[dict[str, Any]]:
    """The stored explanation with names instead of ids ("waarom staat dit hier?").

    A term is named by its kind *and* id: objectives and impact axes are different tables whose
    ids overlap, so an axis must never lend its name to the objective with the same id.
    """
    names = {("objective", str(o.pk)): str(o) for o in objectives} | {
        ("impact", str(a.pk)): a.name for a in axes
    }
    return [
        {**term, "name": names.get((term.get("kind", ""), term["ref"]), term["ref"])}
        for term in score.terms
    ]
