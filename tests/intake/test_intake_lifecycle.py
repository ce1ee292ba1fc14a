"""The lifecycle state machine: every allowed and forbidden transition, per role."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from koersvast.intake import lifecycle
from koersvast.intake.models import Transition
from koersvast.intake.services.common import IntakeError
from koersvast.intake.services.scoring import initiative_score
from koersvast.intake.services.submission import initiative_transition
from koersvast.notifications.models import Notification
from koersvast.portfolio.choices import LifecycleState as S
from koersvast.tenancy.choices import Role
from koersvast.tenancy.policy import Action, role_allows

from .conftest import full_scores

pytestmark = pytest.mark.django_db

TRANSITION_CASES = [
    (rule, role) for rule in lifecycle.RULES if not rule.by_decision for role in Role
]


def _allowed(rule: lifecycle.Rule, role: Role) -> bool:
    if not role_allows(role, rule.action):
        return False
    # own_only rules: the persona is not the submitter, unless they may manage initiatives.
    return not rule.own_only or role_allows(role, Action.INITIATIVE_MANAGE)


@pytest.mark.parametrize(
    ("rule", "role"),
    TRANSITION_CASES,
    ids=[f"{r.source}->{r.target}-{role}" for r, role in TRANSITION_CASES],
)
def test_transition_matrix(rule, role, personas, make_initiative, framework, leaves, axes):
    initiative = make_initiative(state=rule.source, submitted_by=None)
    if rule.target == S.DECISION:
        contributions, impacts = full_scores(leaves, axes)
        initiative_score(
            initiative=initiative,
            framework=framework,
            contributions=contributions,
            impacts=impacts,
            by=personas[Role.PORTFOLIO_MANAGER],
        )
    user = personas[role]
    if _allowed(rule, role):
        initiative_transition(initiative=initiative, target=rule.target, by=user, reason="omdat")
        initiative.refresh_from_db()
        assert initiative.state == rule.target
        assert Transition.objects.filter(
            initiative=initiative, to_state=rule.target, by=user
        ).exists()
    else:
        with pytest.raises(PermissionDenied):
            initiative_transition(
                initiative=initiative, target=rule.target, by=user, reason="omdat"
            )
        initiative.refresh_from_db()
        assert initiative.state == rule.source


def test_submitter_may_submit_own_initiative_only(personas, make_initiative):
    submitter = personas[Role.SUBMITTER]
    own = make_initiative(state=S.IDEA, submitted_by=submitter)
    initiative_transition(initiative=own, target=S.SUBMITTED, by=submitter)
    other = make_initiative(state=S.IDEA, submitted_by=personas[Role.ADVISER])
    with pytest.raises(PermissionDenied):
        initiative_transition(initiative=other, target=S.SUBMITTED, by=submitter)


@pytest.mark.parametrize("state", list(S))
def test_transitions_outside_the_lifecycle_are_refused(state, personas, make_initiative):
    allowed_targets = {rule.target for rule in lifecycle.rules_from(state)}
    initiative = make_initiative(state=state)
    for target in S:
        if target in allowed_targets or target == state:
            continue
        with pytest.raises(IntakeError, match="geen toegestane stap"):
            initiative_transition(
                initiative=initiative, target=target, by=personas[Role.PORTFOLIO_MANAGER]
            )


def test_decision_outcomes_only_through_a_decision(personas, make_initiative):
    initiative = make_initiative(state=S.DECISION)
    with pytest.raises(IntakeError, match="besluit"):
        initiative_transition(
            initiative=initiative, target=S.ADMITTED, by=personas[Role.BOARD_MEMBER]
        )


def test_reason_is_required_where_the_rule_says_so(personas, make_initiative):
    initiative = make_initiative(state=S.INTAKE)
    with pytest.raises(IntakeError, match="reden"):
        initiative_transition(
            initiative=initiative, target=S.RETURNED, by=personas[Role.PORTFOLIO_MANAGER]
        )


def test_submitting_needs_problem_and_result(personas, make_initiative):
    submitter = personas[Role.SUBMITTER]
    initiative = make_initiative(state=S.IDEA, problem="", intended_result=" ")
    with pytest.raises(IntakeError) as error:
        initiative_transition(initiative=initiative, target=S.SUBMITTED, by=submitter)
    assert "probleem" in str(error.value)
    assert "resultaat" in str(error.value)


def test_to_decision_needs_a_complete_score(personas, make_initiative, framework, leaves, axes):
    manager = personas[Role.PORTFOLIO_MANAGER]
    initiative = make_initiative(state=S.ADVICE)
    with pytest.raises(IntakeError, match="Scoor"):
        initiative_transition(initiative=initiative, target=S.DECISION, by=manager)
    contributions, impacts = full_scores(leaves, axes)
    contributions.popitem()
    initiative_score(
        initiative=initiative,
        framework=framework,
        contributions=contributions,
        impacts=impacts,
        by=manager,
    )
    with pytest.raises(IntakeError, match="Scoor"):
        initiative_transition(initiative=initiative, target=S.DECISION, by=manager)


def test_transition_notifies_the_people_involved(personas, make_initiative):
    submitter = personas[Role.SUBMITTER]
    initiative = make_initiative(
        state=S.IDEA, submitted_by=submitter, official_sponsor=personas[Role.OFFICIAL_SPONSOR]
    )
    initiative_transition(initiative=initiative, target=S.SUBMITTED, by=submitter)
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"official_sponsor", "portfolio_manager"}
    from django.core import mail

    assert len(mail.outbox) == 0  # personas have no e-mail address; nothing is sent


def test_mail_goes_out_only_after_the_change_is_committed(
    personas, make_initiative, django_capture_on_commit_callbacks
):
    from django.core import mail
    from django.db import transaction

    sponsor = personas[Role.OFFICIAL_SPONSOR]
    sponsor.email = "opdrachtgever@example.org"
    sponsor.save()
    submitter = personas[Role.SUBMITTER]

    def submit():
        initiative = make_initiative(state=S.IDEA, submitted_by=submitter, official_sponsor=sponsor)
        initiative_transition(initiative=initiative, target=S.SUBMITTED, by=submitter)

    class Undo(Exception):
        pass

    def submit_and_roll_back():
        with transaction.atomic():
            submit()
            raise Undo  # rolled back: nobody may have been told

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Undo):
        submit_and_roll_back()
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        submit()
    assert [m.to for m in mail.outbox] == [["opdrachtgever@example.org"]]
