"""A body's decision on an initiative, which moves it on in the same transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from koersvast.core.numbers import format_integer
from koersvast.portfolio.choices import LifecycleState as S
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.policy import Action, require

from ..choices import DecisionOutcome
from ..models import Decision, DecisionBody, Meeting
from .common import IntakeError
from .scoring import published_framework
from .submission import initiative_transition

# --- decisions ---------------------------------------------------------------------------

OUTCOME_STATE = {
    DecisionOutcome.ADMIT: S.ADMITTED,
    DecisionOutcome.ADMIT_WITH_CONDITIONS: S.ADMITTED,
    DecisionOutcome.REJECT: S.REJECTED,
    DecisionOutcome.PARK: S.PARKED,
    DecisionOutcome.RETURN: S.RETURNED,
}


def escalation_advice(body: DecisionBody) -> str:
    if body.escalates_to is not None:
        return _("leg het voor aan %(body)s.") % {"body": body.escalates_to.name}
    return _("leg het voor aan een hoger gremium.")


def _check_decision(
    *, initiative: Initiative, body: DecisionBody, outcome: str, rationale: str, conditions: str
) -> None:
    """Refuse a decision the body cannot take on this initiative now: retired, outside its
    mandate, not in besluitvorming, or without a rationale (or conditions) or outcome."""
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
                "next": escalation_advice(body),
            }
        )
    if admits and not body.within_mandate(initiative.total_budget):
        raise IntakeError(
            _("Dit besluit valt buiten het mandaat van %(body)s (tot € %(max)s); %(next)s")
            % {
                "body": body.name,
                "max": format_integer(body.mandate_max_budget),
                "next": escalation_advice(body),
            }
        )


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
    _check_decision(
        initiative=initiative,
        body=body,
        outcome=outcome,
        rationale=rationale,
        conditions=conditions,
    )
    admits = outcome in (DecisionOutcome.ADMIT, DecisionOutcome.ADMIT_WITH_CONDITIONS)
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
