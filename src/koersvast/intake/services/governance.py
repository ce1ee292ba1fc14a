"""Intake workflows: saving, transitions, advice, scoring and decisions — each one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from koersvast.capacity.models import Demand
from koersvast.core.concurrency import EditConflict, check_version, version_token
from koersvast.core.errors import DomainError
from koersvast.core.numbers import format_integer
from koersvast.framework import selectors as framework_selectors
from koersvast.framework.models import Framework, ImpactAxis, Objective
from koersvast.notifications.services import notify
from koersvast.portfolio import custom_fields
from koersvast.portfolio.choices import CustomFieldStage
from koersvast.portfolio.choices import LifecycleState as S
from koersvast.portfolio.models import Initiative
from koersvast.portfolio.references import save_with_new_reference
from koersvast.tenancy.choices import Role
from koersvast.tenancy.models import Membership
from koersvast.tenancy.policy import Action, can, require, roles_by_municipality
from koersvast.weighing import InitiativeScores, RankingDiff, rank, ranking_diff
from koersvast.weighing import priority_score as compute_priority

from . import criteria, lifecycle, signals
from .choices import DecisionOutcome, GovernanceKind, ProposalStatus, RankingMethod, Verdict
from .models import (
    Advice,
    AdviceKind,
    Contribution,
    CriterionCheck,
    Decision,
    DecisionBody,
    EntryCriterion,
    GovernanceProposal,
    ImpactScore,
    IntakeSettings,
    Meeting,
    PriorityScore,
    Transition,
    WsjfEstimate,
)


class IntakeError(DomainError):
    """A workflow step that cannot be taken, with a message for the user."""


def _people_involved(initiative: Initiative) -> list[Any]:
    return [
        initiative.submitted_by,
        initiative.official_sponsor,
        initiative.political_sponsor,
        initiative.contractor,
    ]


def _members_with_role(initiative: Initiative, role: Role | str) -> list[Any]:
    memberships = (
        Membership.objects.current()
        .filter(municipality_id=initiative.municipality_id, role=role)
        .select_related("user")
    )
    return [membership.user for membership in memberships if membership.user.is_active]


# --- saving ------------------------------------------------------------------------------


@transaction.atomic
def initiative_save(
    *,
    initiative: Initiative,
    by: Any,
    demand: Mapping[int, list[Decimal]] | None = None,
    expected_version: str | None = None,
) -> Initiative:
    """Save a new or edited initiative with its capacity demand (pool id → hours per quarter).

    A new initiative gets the next reference number of its municipality and starts as an idea
    (a draft the submitter can keep editing). With `expected_version` (the version the edit
    started from) an edit of a record someone saved meanwhile raises `EditConflict`.
    """
    if initiative.pk is not None:
        check_version(initiative, expected_version)
    if initiative.pk is None:
        if not can(by, initiative.municipality_id, Action.INITIATIVE_SUBMIT):
            raise PermissionDenied
        initiative.submitted_by = by
        initiative.state = S.IDEA
        save_with_new_reference(initiative)
    elif not may_edit(by, initiative):
        raise PermissionDenied
    else:
        initiative.full_clean()
        initiative.save()
    if demand is not None:
        initiative.demands.all().delete()
        Demand.objects.bulk_create(
            Demand(
                municipality_id=initiative.municipality_id,
                initiative=initiative,
                pool_id=pool_id,
                offset=offset,
                hours=hours,
            )
            for pool_id, hours_per_quarter in demand.items()
            for offset, hours in enumerate(hours_per_quarter)
            if hours
        )
    return initiative


def may_edit(user: Any, initiative: Initiative) -> bool:
    """Portfolio managers edit any initiative; a submitter edits their own until it is in intake."""
    if can(user, initiative.municipality_id, Action.INITIATIVE_MANAGE):
        return True
    own_draft = initiative.submitted_by_id == user.pk and initiative.state in (S.IDEA, S.RETURNED)
    return own_draft and can(user, initiative.municipality_id, Action.INITIATIVE_SUBMIT)


# --- lifecycle ---------------------------------------------------------------------------


def criteria_results(initiative: Initiative) -> list[criteria.CriterionResult]:
    """Every active entry criterion of the municipality, evaluated for the initiative."""
    return criteria.evaluate(
        initiative=initiative,
        criteria=EntryCriterion.objects.filter(municipality_id=initiative.municipality_id)
        .with_advice_kind_names()
        .select_related("custom_field"),
        advices=Advice.objects.filter(initiative=initiative),
        checks=CriterionCheck.objects.filter(initiative=initiative),
        has_demand=initiative.demands.exists(),
    )


def transition_blockers(*, initiative: Initiative, target: str) -> list[str]:
    """What still stands in the way of moving the initiative to `target` (empty: nothing)."""
    blockers: list[str] = []
    if target == S.SUBMITTED:
        if not initiative.problem.strip():
            blockers.append(_("Beschrijf het probleem of de behoefte."))
        if not initiative.intended_result.strip():
            blockers.append(_("Beschrijf het beoogde resultaat."))
        blockers += _missing_own_fields(initiative, CustomFieldStage.SUBMISSION)
    if target == S.ADVICE:
        blockers += _missing_own_fields(initiative, CustomFieldStage.INTAKE)
    if target in (S.ADVICE, S.DECISION):
        for result in criteria_results(initiative):
            advice_pending = result.criterion.kind == "advice" and target == S.ADVICE
            if result.blocking and not advice_pending:
                blockers.append(f"{result.criterion.name}: {result.reason}")
    if target == S.DECISION:
        blockers += _unanswered_negative_advice(initiative)
        framework = published_framework(initiative.municipality_id)
        score = (
            PriorityScore.objects.filter(initiative=initiative, framework=framework).first()
            if framework
            else None
        )
        if framework is None:
            blockers.append(_("Er is geen vastgesteld afwegingskader om tegen te scoren."))
        elif score is None or score.incomplete:
            blockers.append(
                _("Scoor de bijdrage aan elke doelstelling en elke impactas van '%(fw)s'.")
                % {"fw": framework}
            )
    return blockers


def _missing_own_fields(initiative: Initiative, stage: str) -> list[str]:
    """The municipality's required own fields of `stage` that the initiative lacks."""
    fields = custom_fields.definitions(initiative.municipality_id)
    return [
        _("Vul ‘%(field)s’ in.") % {"field": field.name}
        for field in custom_fields.missing_required(initiative, fields, stage)
    ]


def _unanswered_negative_advice(initiative: Initiative) -> list[str]:
    """Negative advice of a kind that asks for a response, not yet answered by the owner."""
    needing = AdviceKind.objects.filter(
        municipality_id=initiative.municipality_id, negative_needs_response=True
    ).values("code")
    advices = Advice.objects.with_kind_names().filter(
        initiative=initiative, verdict=Verdict.NEGATIVE, response="", kind__in=needing
    )
    return [
        _("Reageer op het negatieve advies %(kind)s.") % {"kind": advice.kind_label}
        for advice in advices
    ]


@transaction.atomic
def initiative_transition(
    *, initiative: Initiative, target: str, by: Any, reason: str = "", via_decision: bool = False
) -> Initiative:
    """Move the initiative through its lifecycle, checking role, ownership and preconditions."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    rule = lifecycle.rule_for(initiative.state, target)
    if rule is None:
        raise IntakeError(
            _("Van '%(from)s' naar '%(to)s' is geen toegestane stap.")
            % {"from": S(initiative.state).label, "to": S(target).label}
        )
    if rule.by_decision and not via_decision:
        raise IntakeError(_("Deze stap gaat alleen via een besluit van een gremium."))
    allowed = can(by, initiative.municipality_id, rule.action)
    if rule.own_only and not can(by, initiative.municipality_id, Action.INITIATIVE_MANAGE):
        allowed = allowed and initiative.submitted_by_id == by.pk
    if not allowed:
        raise PermissionDenied
    if rule.needs_reason and not reason.strip():
        raise IntakeError(_("Geef een reden op voor deze stap."))
    blockers = transition_blockers(initiative=initiative, target=target)
    if blockers:
        raise IntakeError(" ".join(blockers))
    source = initiative.state
    initiative.state = target
    initiative.save(update_fields=["state", "updated_at"])
    Transition.objects.create(
        municipality_id=initiative.municipality_id,
        initiative=initiative,
        from_state=source,
        to_state=target,
        by=by,
        reason=reason,
    )
    message = _("%(ref)s '%(title)s' is nu: %(state)s.") % {
        "ref": initiative.reference,
        "title": initiative.title,
        "state": S(target).label,
    }
    recipients = _people_involved(initiative)
    if target == S.SUBMITTED:
        recipients += _members_with_role(initiative, Role.PORTFOLIO_MANAGER)
    notify(recipients=[u for u in recipients if u != by], initiative=initiative, message=message)
    transaction.on_commit(
        lambda: signals.initiative_transitioned.send(
            sender=Initiative, initiative=initiative, source=source, target=target, by=by
        )
    )
    return initiative


# --- advice ------------------------------------------------------------------------------


def _advice_kind(municipality_id: int, code: str, *, active: bool = False) -> AdviceKind:
    kinds = AdviceKind.objects.filter(municipality_id=municipality_id, code=code)
    kind = (kinds.active() if active else kinds).first()
    if kind is None:
        raise IntakeError(_("Onbekende soort advies: %(code)s.") % {"code": code})
    return kind


@transaction.atomic
def advice_request(*, initiative: Initiative, kinds: Iterable[str], by: Any) -> list[Advice]:
    """Ask expert advice of the given kinds (already requested kinds are left as they are).

    The kinds are the municipality's own (retired ones cannot be asked any more); the members
    holding the role that gives a kind are told.
    """
    require(by, initiative.municipality_id, Action.INITIATIVE_MANAGE)
    advices = []
    for code in kinds:
        kind = _advice_kind(initiative.municipality_id, code, active=True)
        advice, created = Advice.objects.get_or_create(
            municipality_id=initiative.municipality_id,
            initiative=initiative,
            kind=kind.code,
            defaults={"requested_by": by},
        )
        advices.append(advice)
        if created:
            notify(
                recipients=_members_with_role(initiative, kind.role),
                initiative=initiative,
                message=_("Advies gevraagd (%(kind)s) over %(ref)s '%(title)s'.")
                % {"kind": kind.name, "ref": initiative.reference, "title": initiative.title},
            )
    return advices


def may_give_advice(user: Any, advice: Advice) -> bool:
    """Whether the user holds, in the advice's municipality, the role that gives its kind."""
    kind = AdviceKind.objects.filter(municipality_id=advice.municipality_id, code=advice.kind)
    role = kind.values_list("role", flat=True).first()
    return role is not None and role in roles_by_municipality(user).get(
        advice.municipality_id, frozenset()
    )


@transaction.atomic
def advice_give(
    *, advice: Advice, by: Any, verdict: str, explanation: str, conditions: str, risks: str
) -> Advice:
    """Record an expert's advice; a negative advice must say under which conditions it can work.

    Only a member holding the role that gives this kind of advice may give it.
    """
    if not may_give_advice(by, advice):
        raise PermissionDenied
    if verdict not in Verdict.values:
        raise IntakeError(_("Kies een oordeel."))
    if verdict in (Verdict.NEGATIVE, Verdict.CONDITIONAL) and not conditions.strip():
        raise IntakeError(
            _(
                "Noem bij een negatief of voorwaardelijk advies de voorwaarden of het alternatief "
                "waaronder de behoefte wél kan worden vervuld."
            )
        )
    advice.verdict = verdict
    advice.explanation = explanation
    advice.conditions = conditions
    advice.risks = risks
    advice.adviser = by
    advice.given_at = timezone.now()
    advice.save()
    initiative = advice.initiative
    kind = _advice_kind(advice.municipality_id, advice.kind)
    notify(
        recipients=[advice.requested_by, initiative.official_sponsor, initiative.submitted_by],
        initiative=initiative,
        message=_("%(kind)s-advies over %(ref)s: %(verdict)s.")
        % {
            "kind": kind.name,
            "ref": initiative.reference,
            "verdict": advice.get_verdict_display(),
        },
    )
    return advice


def may_respond(user: Any, initiative: Initiative) -> bool:
    """The owner answers advice: whoever may edit the initiative, or its official sponsor."""
    return may_edit(user, initiative) or (
        initiative.official_sponsor_id is not None and initiative.official_sponsor_id == user.pk
    )


@transaction.atomic
def advice_respond(*, advice: Advice, by: Any, response: str) -> Advice:
    """The owner's response to a given advice (required for a negative advice of a kind that
    asks for one before the initiative goes to a decision)."""
    initiative = advice.initiative
    if not may_respond(by, initiative):
        raise PermissionDenied
    if not advice.is_given:
        raise IntakeError(_("Er is nog geen advies om op te reageren."))
    response = response.strip()
    if not response:
        raise IntakeError(_("Schrijf een reactie."))
    advice.response = response
    advice.responded_by = by
    advice.responded_at = timezone.now()
    advice.save(update_fields=["response", "responded_by", "responded_at", "updated_at"])
    return advice


@transaction.atomic
def wsjf_estimate(*, initiative: Initiative, by: Any, **values: int) -> WsjfEstimate:
    """Store the WSJF estimate (business value, time criticality, risk reduction, job size)."""
    require(by, initiative.municipality_id, Action.INITIATIVE_MANAGE)
    if values.get("job_size", 0) < 1:
        raise IntakeError(_("De omvang moet minstens 1 zijn."))
    estimate, _created = WsjfEstimate.objects.update_or_create(
        municipality_id=initiative.municipality_id, initiative=initiative, defaults=values
    )
    return estimate


@transaction.atomic
def ranking_method_set(*, municipality_id: int, method: str, by: Any) -> IntakeSettings:
    """Choose how the backlog of the municipality is ranked (framework score or WSJF)."""
    if not can(by, municipality_id, Action.FRAMEWORK_MANAGE):
        raise PermissionDenied
    if method not in RankingMethod.values:
        raise IntakeError(_("Onbekende rangschikking."))
    settings, _created = IntakeSettings.objects.update_or_create(
        municipality_id=municipality_id, defaults={"ranking_method": method}
    )
    return settings


@transaction.atomic
def criterion_check(
    *, initiative: Initiative, criterion: EntryCriterion, met: bool, note: str, by: Any
) -> CriterionCheck:
    """The portfolio manager's judgement on a manual entry criterion."""
    require(by, initiative.municipality_id, Action.INITIATIVE_MANAGE)
    check, _created = CriterionCheck.objects.update_or_create(
        municipality_id=initiative.municipality_id,
        initiative=initiative,
        criterion=criterion,
        defaults={"met": met, "note": note, "checked_by": by},
    )
    return check


# --- scoring -----------------------------------------------------------------------------


def published_framework(municipality_id: int) -> Framework | None:
    """The newest published afwegingskader of the municipality."""
    return (
        Framework.objects.filter(municipality_id=municipality_id, status="published")
        .order_by("-version")
        .first()
    )


@transaction.atomic
def initiative_score(
    *,
    initiative: Initiative,
    framework: Framework,
    contributions: Mapping[int, tuple[int, str]],
    impacts: Mapping[int, tuple[int, str]],
    by: Any,
    expected_version: str | None = None,
) -> PriorityScore:
    """Store contributions (objective id → score, reason) and impact scores, then the score.

    `expected_version` is the score sheet's version the edit started from (`score_version`):
    when someone scored the initiative meanwhile, `EditConflict` is raised and nothing is saved.
    """
    require(by, initiative.municipality_id, Action.INITIATIVE_MANAGE)
    if not framework.is_published or framework.municipality_id != initiative.municipality_id:
        raise IntakeError(_("Scoren kan alleen tegen een vastgesteld afwegingskader."))
    if expected_version is not None:
        # The initiative row serialises scorers, also before the first score exists.
        locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
        current = PriorityScore.objects.filter(initiative=initiative, framework=framework).first()
        if score_version(current) != expected_version:
            raise EditConflict(current or locked)
    objectives = {o.pk: o for o in Objective.objects.filter(framework=framework)}
    axes = {a.pk: a for a in ImpactAxis.objects.filter(framework=framework)}
    # The weighing engine scores leaves only; a parent's value comes from its children.
    parents = {o.parent_id for o in objectives.values() if o.parent_id is not None}
    for objective_id, (score, reason) in contributions.items():
        if objective_id not in objectives or not -3 <= score <= 3:
            raise IntakeError(_("Een bijdrage loopt van −3 tot +3."))
        if objective_id in parents:
            raise IntakeError(
                _(
                    "Deze doelstelling heeft subdoelstellingen; geef de bijdrage aan een "
                    "subdoelstelling."
                )
            )
        Contribution.objects.update_or_create(
            municipality_id=initiative.municipality_id,
            initiative=initiative,
            objective_id=objective_id,
            defaults={"score": score, "reason": reason},
        )
    for axis_id, (score, reason) in impacts.items():
        axis = axes.get(axis_id)
        if axis is None or not axis.scale_min <= score <= axis.scale_max:
            raise IntakeError(_("Een impactscore valt buiten de schaal van de as."))
        ImpactScore.objects.update_or_create(
            municipality_id=initiative.municipality_id,
            initiative=initiative,
            axis_id=axis_id,
            defaults={"score": score, "reason": reason},
        )
    transaction.on_commit(
        lambda: signals.initiative_scored.send(sender=Initiative, initiative=initiative, by=by)
    )
    return priority_recompute(initiative=initiative, framework=framework)


def score_version(score: PriorityScore | None) -> str:
    """The version token of an initiative's score sheet: when its priority score last changed."""
    return version_token(score) if score is not None else ""


def priority_recompute(*, initiative: Initiative, framework: Framework) -> PriorityScore:
    """Compute and store the priority score of the initiative under the framework version."""
    engine = framework_selectors.scoring_framework(framework)
    scores = InitiativeScores(
        initiative_id=str(initiative.pk),
        contributions={
            str(c.objective_id): c.score
            for c in Contribution.objects.filter(
                initiative=initiative, objective__framework=framework
            )
        },
        impacts={
            str(s.axis_id): float(s.score)
            for s in ImpactScore.objects.filter(initiative=initiative, axis__framework=framework)
        },
    )
    result = compute_priority(engine, scores)
    score, _created = PriorityScore.objects.update_or_create(
        municipality_id=initiative.municipality_id,
        initiative=initiative,
        framework=framework,
        defaults={
            "total": Decimal(f"{result.total:.3f}"),
            "value_part": Decimal(f"{result.value_part:.5f}"),
            "impact_part": Decimal(f"{result.impact_part:.5f}"),
            "incomplete": result.incomplete,
            "terms": [
                {
                    "kind": str(term.kind),
                    "ref": term.ref_id,
                    "raw": term.raw_score,
                    "weight": round(term.weight * term.part_weight, 6),
                    "points": round(term.points, 3),
                    "missing": term.missing,
                }
                for term in result.terms
            ],
        },
    )
    return score


@transaction.atomic
def framework_rescore(*, framework: Framework, previous: Framework, by: Any) -> RankingDiff:
    """Re-score every scored initiative under a new framework version (explicit action).

    Contributions and impact scores carry over by objective and axis code; the result tells
    which initiatives moved in the ranking and by how many places.
    """
    if not can(by, framework.municipality_id, Action.FRAMEWORK_MANAGE):
        raise PermissionDenied
    if not framework.is_published:
        raise IntakeError(_("Herscoren kan alleen onder een vastgesteld afwegingskader."))
    new_objectives = {o.code: o for o in Objective.objects.filter(framework=framework)}
    new_axes = {a.code: a for a in ImpactAxis.objects.filter(framework=framework)}
    old_scores = PriorityScore.objects.filter(framework=previous).select_related("initiative")
    old_rank = rank({str(s.initiative_id): float(s.total) for s in old_scores})
    new_totals = {}
    for old in old_scores:
        initiative = old.initiative
        for c in Contribution.objects.filter(initiative=initiative, objective__framework=previous):
            target = new_objectives.get(c.objective.code)
            if target is not None:
                Contribution.objects.update_or_create(
                    municipality_id=initiative.municipality_id,
                    initiative=initiative,
                    objective=target,
                    defaults={"score": c.score, "reason": c.reason},
                )
        for s in ImpactScore.objects.filter(initiative=initiative, axis__framework=previous):
            axis = new_axes.get(s.axis.code)
            if axis is not None:
                ImpactScore.objects.update_or_create(
                    municipality_id=initiative.municipality_id,
                    initiative=initiative,
                    axis=axis,
                    defaults={"score": s.score, "reason": s.reason},
                )
        new = priority_recompute(initiative=initiative, framework=framework)
        new_totals[str(initiative.pk)] = float(new.total)
    return ranking_diff(old_rank, rank(new_totals))


# --- decisions ---------------------------------------------------------------------------

OUTCOME_STATE = {
    DecisionOutcome.ADMIT: S.ADMITTED,
    DecisionOutcome.ADMIT_WITH_CONDITIONS: S.ADMITTED,
    DecisionOutcome.REJECT: S.REJECTED,
    DecisionOutcome.PARK: S.PARKED,
    DecisionOutcome.RETURN: S.RETURNED,
}


def _escalation(body: DecisionBody) -> str:
    if body.escalates_to is not None:
        return _("leg het voor aan %(body)s.") % {"body": body.escalates_to.name}
    return _("leg het voor aan een hoger gremium.")


@transaction.atomic
def decision_record(
    *,
    initiative: Initiative,
    body: DecisionBody,
    outcome: str,
    rationale: str,
    conditions: str = "",
    meeting: Meeting | None = None,
    by: Any,
) -> Decision:
    """Record a body's decision on an initiative and move it on accordingly."""
    require(by, initiative.municipality_id, Action.DECISION_RECORD)
    if body.municipality_id != initiative.municipality_id:
        raise PermissionDenied
    if body.is_retired:
        raise IntakeError(_("%(body)s is niet meer in gebruik.") % {"body": body.name})
    if initiative.state != S.DECISION:
        raise IntakeError(_("Alleen initiatieven in besluitvorming kunnen een besluit krijgen."))
    if not rationale.strip():
        raise IntakeError(_("Motiveer het besluit."))
    if outcome == DecisionOutcome.ADMIT_WITH_CONDITIONS and not conditions.strip():
        raise IntakeError(_("Noem de voorwaarden waaronder het initiatief wordt opgenomen."))
    admits = outcome in (DecisionOutcome.ADMIT, DecisionOutcome.ADMIT_WITH_CONDITIONS)
    if outcome not in DecisionOutcome.values:
        raise IntakeError(_("Kies een besluit."))
    if not body.may_take(outcome):
        raise IntakeError(
            _("Dit besluit (%(outcome)s) valt buiten het mandaat van %(body)s; %(next)s")
            % {
                "outcome": DecisionOutcome(outcome).label,
                "body": body.name,
                "next": _escalation(body),
            }
        )
    if admits and not body.within_mandate(initiative.total_budget):
        raise IntakeError(
            _("Dit besluit valt buiten het mandaat van %(body)s (tot € %(max)s); %(next)s")
            % {
                "body": body.name,
                "max": format_integer(body.mandate_max_budget),
                "next": _escalation(body),
            }
        )
    decision = Decision.objects.create(
        municipality_id=initiative.municipality_id,
        initiative=initiative,
        body=body,
        meeting=meeting,
        outcome=outcome,
        rationale=rationale,
        conditions=conditions,
        framework=published_framework(initiative.municipality_id),
        recorded_by=by,
    )
    initiative_transition(
        initiative=initiative,
        target=OUTCOME_STATE[DecisionOutcome(outcome)],
        by=by,
        reason=f"{decision.get_outcome_display()} ({body.name}): {rationale}",
        via_decision=True,
    )
    if admits:
        # The risks the experts raised in their advice enter the risk register. Imported here:
        # monitoring builds on intake, not the other way round.
        from koersvast.monitoring.services.risks import risks_from_advice

        risks_from_advice(initiative=initiative, by=by)
    return decision


# --- governance of running work (decision 0403) -------------------------------------------

#: What may be proposed for running work in each state.
GOVERNANCE_KINDS: dict[str, tuple[GovernanceKind, ...]] = {
    S.PLANNED: (GovernanceKind.STOP, GovernanceKind.CHANGE),
    S.IN_PROGRESS: (GovernanceKind.STOP, GovernanceKind.PAUSE, GovernanceKind.CHANGE),
    S.PAUSED: (GovernanceKind.STOP, GovernanceKind.RESUME, GovernanceKind.CHANGE),
}
#: The state an approved proposal moves the initiative to (a change moves nothing).
GOVERNANCE_TARGET = {
    GovernanceKind.STOP: S.STOPPED,
    GovernanceKind.PAUSE: S.PAUSED,
    GovernanceKind.RESUME: S.IN_PROGRESS,
}


def governance_kinds(initiative: Initiative) -> tuple[GovernanceKind, ...]:
    """The proposals that fit the initiative's state (none outside running work)."""
    return GOVERNANCE_KINDS.get(initiative.state, ())


def may_propose(user: Any, initiative: Initiative) -> bool:
    """The portfolio manager prepares proposals on running work; the project leader
    (opdrachtnemer) proposes them for the work they lead, from a progress report."""
    if not governance_kinds(initiative):
        return False
    if can(user, initiative.municipality_id, Action.INITIATIVE_MANAGE):
        return True
    return initiative.contractor_id == user.pk and can(
        user, initiative.municipality_id, Action.PROGRESS_REPORT
    )


def governance_bodies(user: Any, municipality_id: int) -> Any:
    """The active bodies whose decision the user may record: those with no members listed, and
    those the user is a member of."""
    return (
        DecisionBody.objects.filter(municipality_id=municipality_id, retired_at=None)
        .filter(Q(members__isnull=True) | Q(members=user))
        .distinct()
    )


def may_decide_proposal(user: Any, proposal: GovernanceProposal) -> bool:
    """Someone other than the proposer with the right to record decisions: the initiative's
    ambtelijk opdrachtgever, or whoever records the decision of a body they may speak for."""
    initiative = proposal.initiative
    if not proposal.is_open or proposal.proposed_by_id == user.pk:
        return False
    if not can(user, initiative.municipality_id, Action.DECISION_RECORD):
        return False
    if initiative.official_sponsor_id == user.pk:
        return True
    return governance_bodies(user, initiative.municipality_id).exists()


def _end_duration(initiative: Initiative, year: int, quarter: int) -> int:
    """The duration in quarters that makes the initiative end in (year, quarter)."""
    if not initiative.start_year or not initiative.start_quarter:
        raise IntakeError(
            _("Het initiatief heeft geen start; een nieuw eindkwartaal kan niet worden berekend.")
        )
    if not 1 <= quarter <= 4:
        raise IntakeError(_("Een kwartaal loopt van 1 tot 4."))
    duration = (year * 4 + quarter) - (initiative.start_year * 4 + initiative.start_quarter) + 1
    if duration < 1:
        raise IntakeError(_("Het nieuwe einde ligt vóór de start van het initiatief."))
    return duration


@transaction.atomic
def governance_propose(
    *,
    initiative: Initiative,
    kind: str,
    rationale: str,
    by: Any,
    effective_date: datetime.date | None = None,
    progress_report: Any = None,
    new_intended_result: str = "",
    new_budget_capital: Decimal | None = None,
    new_budget_operating: Decimal | None = None,
    new_end_year: int | None = None,
    new_end_quarter: int | None = None,
) -> GovernanceProposal:
    """Propose to stop, pause, resume or change running work; the opdrachtgever (or a body
    within its mandate) decides. Nothing about the initiative changes yet."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if not may_propose(by, initiative):
        raise PermissionDenied
    manager = can(by, initiative.municipality_id, Action.INITIATIVE_MANAGE)
    if progress_report is not None and progress_report.initiative_id != initiative.pk:
        raise PermissionDenied
    if progress_report is not None and not progress_report.is_frozen:
        raise IntakeError(_("Dien de voortgangsrapportage eerst in."))
    if not manager and progress_report is None:
        raise IntakeError(_("Een projectleider doet dit voorstel vanuit een voortgangsrapportage."))
    if kind not in governance_kinds(initiative):
        raise IntakeError(
            _("Dit voorstel past niet bij een initiatief dat %(state)s is.")
            % {"state": S(initiative.state).label.lower()}
        )
    rationale = rationale.strip()
    if not rationale:
        raise IntakeError(_("Onderbouw het voorstel."))
    if initiative.governance_proposals.filter(kind=kind, status=ProposalStatus.OPEN).exists():
        raise IntakeError(_("Hierover ligt al een voorstel ter besluitvorming."))
    new_intended_result = new_intended_result.strip()
    if (new_end_year is None) != (new_end_quarter is None):
        raise IntakeError(_("Geef van het nieuwe einde zowel het jaar als het kwartaal."))
    if new_end_year is not None and new_end_quarter is not None:
        _end_duration(initiative, new_end_year, new_end_quarter)
    if any(a is not None and a < 0 for a in (new_budget_capital, new_budget_operating)):
        raise IntakeError(_("Een budget kan niet negatief zijn."))
    changes = (
        new_intended_result,
        new_budget_capital is not None,
        new_budget_operating is not None,
        new_end_year is not None,
    )
    if kind == GovernanceKind.CHANGE and not any(changes):
        raise IntakeError(_("Geef aan wat er verandert: scope, budget of einde."))
    if kind not in (GovernanceKind.CHANGE, GovernanceKind.RESUME) and any(changes):
        raise IntakeError(
            _("Alleen een wijziging of een hervatting verandert scope, budget of einde.")
        )
    proposal = GovernanceProposal.objects.create(
        municipality_id=initiative.municipality_id,
        initiative=initiative,
        kind=kind,
        rationale=rationale,
        effective_date=effective_date or timezone.localdate(),
        progress_report=progress_report,
        new_intended_result=new_intended_result,
        new_budget_capital=new_budget_capital,
        new_budget_operating=new_budget_operating,
        new_end_year=new_end_year,
        new_end_quarter=new_end_quarter,
        proposed_by=by,
    )
    recipients = [initiative.official_sponsor]
    if not manager:
        recipients += _members_with_role(initiative, Role.PORTFOLIO_MANAGER)
    notify(
        recipients=[u for u in recipients if u != by],
        initiative=initiative,
        message=_("Voorstel over %(ref)s ter besluitvorming: %(kind)s.")
        % {"ref": initiative.reference, "kind": proposal.get_kind_display().lower()},
    )
    return proposal


@transaction.atomic
def governance_withdraw(*, proposal: GovernanceProposal, by: Any) -> GovernanceProposal:
    """The proposer (or a portfolio manager) withdraws an open proposal."""
    proposal = GovernanceProposal.objects.select_for_update().get(pk=proposal.pk)
    manager = can(by, proposal.municipality_id, Action.INITIATIVE_MANAGE)
    if not (manager or proposal.proposed_by_id == by.pk):
        raise PermissionDenied
    if not proposal.is_open:
        raise IntakeError(_("Over dit voorstel is al besloten."))
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.save(update_fields=["status", "updated_at"])
    return proposal


def _check_governance_body(
    body: DecisionBody, proposal: GovernanceProposal, initiative: Initiative, by: Any
) -> None:
    """A body decides within its mandate: this kind of decision, and the budget at stake."""
    if body.municipality_id != initiative.municipality_id:
        raise PermissionDenied
    if body.is_retired:
        raise IntakeError(_("%(body)s is niet meer in gebruik.") % {"body": body.name})
    if body.members.exists() and not body.members.filter(pk=by.pk).exists():
        raise IntakeError(
            _("Alleen een lid van %(body)s legt een besluit van dit gremium vast.")
            % {"body": body.name}
        )
    if not body.may_take(proposal.kind):
        raise IntakeError(
            _("Dit besluit (%(kind)s) valt buiten het mandaat van %(body)s; %(next)s")
            % {
                "kind": proposal.get_kind_display().lower(),
                "body": body.name,
                "next": _escalation(body),
            }
        )
    capital = proposal.new_budget_capital
    operating = proposal.new_budget_operating
    new_total = (initiative.budget_capital if capital is None else capital) + (
        initiative.budget_operating if operating is None else operating
    )
    if not body.within_mandate(max(initiative.total_budget, new_total)):
        raise IntakeError(
            _("Dit besluit valt buiten het mandaat van %(body)s (tot € %(max)s); %(next)s")
            % {
                "body": body.name,
                "max": format_integer(body.mandate_max_budget),
                "next": _escalation(body),
            }
        )


@transaction.atomic
def governance_decide(
    *,
    proposal: GovernanceProposal,
    by: Any,
    approve: bool,
    rationale: str,
    body: DecisionBody | None = None,
) -> GovernanceProposal:
    """The decision on a proposal about running work, by the initiative's ambtelijk
    opdrachtgever (no body) or recorded for a body within its mandate; never by the proposer.

    Approved, it takes effect in the same transaction: the state moves through the lifecycle
    (stopped, paused, resumed) and a change writes the new scope, budget or end.
    """
    proposal = (
        GovernanceProposal.objects.select_for_update()
        .select_related("initiative")
        .get(pk=proposal.pk)
    )
    initiative = proposal.initiative
    if not can(by, initiative.municipality_id, Action.DECISION_RECORD):
        raise PermissionDenied
    if proposal.proposed_by_id == by.pk:
        raise PermissionDenied  # four eyes: who prepares a decision does not take it
    if not proposal.is_open:
        raise IntakeError(_("Over dit voorstel is al besloten."))
    if body is None:
        if initiative.official_sponsor_id != by.pk:
            raise IntakeError(
                _(
                    "Zonder gremium besluit alleen de ambtelijk opdrachtgever van dit initiatief; "
                    "kies het gremium dat besloot."
                )
            )
    else:
        _check_governance_body(body, proposal, initiative, by)
    rationale = rationale.strip()
    if not rationale:
        raise IntakeError(_("Motiveer het besluit."))
    if approve and proposal.kind not in governance_kinds(initiative):
        raise IntakeError(
            _("Dit voorstel past niet meer: het initiatief is nu %(state)s.")
            % {"state": S(initiative.state).label.lower()}
        )
    proposal.status = ProposalStatus.APPROVED if approve else ProposalStatus.REJECTED
    proposal.body = body
    proposal.decision_rationale = rationale
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save()
    if approve:
        _governance_apply(proposal, initiative, by)
    notify(
        recipients=[u for u in [proposal.proposed_by, *_people_involved(initiative)] if u != by],
        initiative=initiative,
        message=_("Besluit over %(ref)s: %(kind)s %(outcome)s (%(who)s).")
        % {
            "ref": initiative.reference,
            "kind": proposal.get_kind_display().lower(),
            "outcome": proposal.get_status_display().lower(),
            "who": proposal.decided_by_label,
        },
    )
    return proposal


def _governance_apply(proposal: GovernanceProposal, initiative: Initiative, by: Any) -> None:
    changed: list[str] = []
    if proposal.new_intended_result:
        initiative.intended_result = proposal.new_intended_result
        changed.append("intended_result")
    if proposal.new_budget_capital is not None:
        initiative.budget_capital = proposal.new_budget_capital
        changed.append("budget_capital")
    if proposal.new_budget_operating is not None:
        initiative.budget_operating = proposal.new_budget_operating
        changed.append("budget_operating")
    if proposal.new_end_year is not None and proposal.new_end_quarter is not None:
        initiative.duration_quarters = _end_duration(
            initiative, proposal.new_end_year, proposal.new_end_quarter
        )
        changed.append("duration_quarters")
    if changed:
        initiative.save(update_fields=[*changed, "updated_at"])
    target = GOVERNANCE_TARGET.get(GovernanceKind(proposal.kind))
    if target is not None:
        initiative_transition(
            initiative=initiative,
            target=target,
            by=by,
            reason=f"{proposal.get_kind_display()} ({proposal.decided_by_label}): "
            f"{proposal.decision_rationale}",
            via_decision=True,
        )
