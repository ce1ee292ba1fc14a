"""Running work steered by proposals (stop, pause, resume, or a change of scope, budget or end):
proposed, withdrawn, and decided by someone other than the proposer (decision 0403)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from koersvast.core.numbers import format_integer
from koersvast.notifications.services import notify
from koersvast.portfolio.choices import LifecycleState as S
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.choices import Role
from koersvast.tenancy.policy import Action, can

from ..choices import GovernanceKind, ProposalStatus
from ..models import DecisionBody, GovernanceProposal
from .common import IntakeError, members_with_role, people_involved
from .decisions import escalation_advice
from .submission import initiative_transition

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


def _check_proposed_changes(
    initiative: Initiative,
    kind: str,
    *,
    new_intended_result: str,
    new_budget_capital: Decimal | None,
    new_budget_operating: Decimal | None,
    new_end_year: int | None,
    new_end_quarter: int | None,
) -> None:
    """A change names what changes (scope, budget or end), a resume may, nothing else does;
    a new end is a whole quarter the initiative can end in, and a budget is not negative."""
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


# Long by its signature (a keyword per field a change may set); the body reads in order.
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
    _check_proposed_changes(
        initiative,
        kind,
        new_intended_result=new_intended_result,
        new_budget_capital=new_budget_capital,
        new_budget_operating=new_budget_operating,
        new_end_year=new_end_year,
        new_end_quarter=new_end_quarter,
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
        recipients += members_with_role(initiative, Role.PORTFOLIO_MANAGER)
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
                "next": escalation_advice(body),
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
                "next": escalation_advice(body),
            }
        )


# Long by its signature and docstring; the checks, the decision and its effect read in order.
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
        recipients=[u for u in [proposal.proposed_by, *people_involved(initiative)] if u != by],
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
