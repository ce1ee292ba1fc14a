"""The lifecycle of an initiative as an explicit state machine (docs/domain.md §4).

Each allowed transition names the action a user needs (from the policy table) and whether only
the initiative's own submitter may take it. Preconditions that need data (criteria met, advice
given, scores complete) are checked by `services.transition_blockers`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from koersvast.portfolio.choices import LifecycleState as S
from koersvast.tenancy.policy import Action


@dataclass(frozen=True)
class Rule:
    """One allowed transition."""

    source: S
    target: S
    action: Action
    label: str | Promise
    own_only: bool = False  # the submitter may take it for their own initiative
    needs_reason: bool = False
    by_decision: bool = False  # only through a recorded decision of a body


RULES: tuple[Rule, ...] = (
    Rule(S.IDEA, S.SUBMITTED, Action.INITIATIVE_SUBMIT, _("Indienen"), own_only=True),
    Rule(S.RETURNED, S.SUBMITTED, Action.INITIATIVE_SUBMIT, _("Opnieuw indienen"), own_only=True),
    Rule(S.SUBMITTED, S.INTAKE, Action.INITIATIVE_MANAGE, _("In behandeling nemen")),
    Rule(S.INTAKE, S.ADVICE, Action.INITIATIVE_MANAGE, _("Naar adviesronde")),
    Rule(S.ADVICE, S.DECISION, Action.INITIATIVE_MANAGE, _("Agenderen voor besluitvorming")),
    Rule(S.PARKED, S.INTAKE, Action.INITIATIVE_MANAGE, _("Weer oppakken"), needs_reason=True),
    Rule(S.ADMITTED, S.PLANNED, Action.INITIATIVE_MANAGE, _("Inplannen")),
    # A newly adopted plan that leaves planned work out returns it to the admitted backlog.
    Rule(S.PLANNED, S.ADMITTED, Action.DECISION_RECORD, _("Uit het plan halen"), by_decision=True),
    Rule(S.PLANNED, S.IN_PROGRESS, Action.INITIATIVE_MANAGE, _("Starten")),
    Rule(S.IN_PROGRESS, S.COMPLETED, Action.INITIATIVE_MANAGE, _("Afronden")),
    Rule(S.COMPLETED, S.BENEFITS, Action.INITIATIVE_MANAGE, _("Overdragen voor batenrealisatie")),
    *(
        Rule(source, S.RETURNED, Action.INITIATIVE_MANAGE, _("Terugsturen"), needs_reason=True)
        for source in (S.SUBMITTED, S.INTAKE, S.ADVICE)
    ),
    # Admitted work that has not been planned yet: the portfolio manager may still stop it.
    Rule(S.ADMITTED, S.STOPPED, Action.INITIATIVE_MANAGE, _("Stoppen"), needs_reason=True),
    # Running work (gepland, in uitvoering, gepauzeerd) is stopped, paused and resumed only by
    # a decision of the ambtelijk opdrachtgever or a body within its mandate (decision 0403).
    *(
        Rule(
            source,
            S.STOPPED,
            Action.DECISION_RECORD,
            _("Stoppen"),
            needs_reason=True,
            by_decision=True,
        )
        for source in (S.PLANNED, S.IN_PROGRESS, S.PAUSED)
    ),
    Rule(
        S.IN_PROGRESS,
        S.PAUSED,
        Action.DECISION_RECORD,
        _("Pauzeren"),
        needs_reason=True,
        by_decision=True,
    ),
    Rule(
        S.PAUSED,
        S.IN_PROGRESS,
        Action.DECISION_RECORD,
        _("Hervatten"),
        needs_reason=True,
        by_decision=True,
    ),
    *(
        Rule(S.DECISION, target, Action.DECISION_RECORD, label, by_decision=True)
        for target, label in (
            (S.ADMITTED, _("Opnemen")),
            (S.REJECTED, _("Afwijzen")),
            (S.PARKED, _("Parkeren")),
            (S.RETURNED, _("Terugsturen")),
        )
    ),
)

_BY_PAIR = {(rule.source, rule.target): rule for rule in RULES}


def rule_for(source: str, target: str) -> Rule | None:
    """The rule for a transition, or None when the lifecycle does not allow it."""
    return _BY_PAIR.get((S(source), S(target)))


def rules_from(source: str) -> list[Rule]:
    """Every transition out of a state, in the order above."""
    return [rule for rule in RULES if rule.source == source]
