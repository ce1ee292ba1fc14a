"""Decisions by bodies with a mandate, recorded against the framework version."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from koersvast.intake.models import Decision
from koersvast.intake.services import decisions
from koersvast.intake.services.advice import advice_give, advice_request
from koersvast.intake.services.common import IntakeError
from koersvast.intake.services.decisions import decision_record
from koersvast.portfolio.choices import LifecycleState as S
from koersvast.tenancy.choices import Role

pytestmark = pytest.mark.django_db


def decide(initiative, board, personas, **kwargs):
    params = {
        "outcome": "admit",
        "rationale": "Past in het kader.",
        "by": personas[Role.BOARD_MEMBER],
    }
    params.update(kwargs)
    return decision_record(initiative=initiative, body=board, **params)


@pytest.mark.parametrize(
    ("outcome", "state"),
    [("admit", S.ADMITTED), ("reject", S.REJECTED), ("park", S.PARKED), ("return", S.RETURNED)],
)
def test_decision_moves_the_initiative(outcome, state, make_initiative, board, personas, framework):
    initiative = make_initiative(state=S.DECISION)
    decision = decide(initiative, board, personas, outcome=outcome)
    initiative.refresh_from_db()
    assert initiative.state == state
    assert decision.framework == framework
    assert initiative.transitions.get().reason.startswith(decision.get_outcome_display())


def test_admit_with_conditions_needs_conditions(make_initiative, board, personas):
    initiative = make_initiative(state=S.DECISION)
    with pytest.raises(IntakeError, match="voorwaarden"):
        decide(initiative, board, personas, outcome="admit_conditions")
    decide(initiative, board, personas, outcome="admit_conditions", conditions="Eerst een DPIA.")
    assert Decision.objects.get().conditions == "Eerst een DPIA."


def test_admitting_beyond_the_mandate_is_refused(make_initiative, board, personas):
    initiative = make_initiative(
        state=S.DECISION, budget_capital=Decimal("400000"), budget_operating=Decimal("200000")
    )
    with pytest.raises(IntakeError, match="mandaat"):
        decide(initiative, board, personas)
    assert not Decision.objects.exists()
    initiative.refresh_from_db()
    assert initiative.state == S.DECISION
    # Rejecting is within any body's mandate.
    decide(initiative, board, personas, outcome="reject", rationale="Te duur.")


def test_only_initiatives_in_decision_can_be_decided(make_initiative, board, personas):
    with pytest.raises(IntakeError):
        decide(make_initiative(state=S.ADVICE), board, personas)


def test_rationale_is_required(make_initiative, board, personas):
    with pytest.raises(IntakeError, match="Motiveer"):
        decide(make_initiative(state=S.DECISION), board, personas, rationale="  ")


def test_only_deciders_record_decisions(make_initiative, board, personas):
    with pytest.raises(PermissionDenied):
        decide(make_initiative(state=S.DECISION), board, personas, by=personas[Role.ADVISER])


def test_a_failing_transition_leaves_no_decision(make_initiative, board, personas, monkeypatch):
    initiative = make_initiative(state=S.DECISION)

    def broken(**kwargs):
        raise RuntimeError("storing")

    monkeypatch.setattr(decisions, "initiative_transition", broken)
    with pytest.raises(RuntimeError):
        decide(initiative, board, personas)
    assert not Decision.objects.exists()


def test_decision_log_is_searchable(make_initiative, board, personas, client_for):
    decide(
        make_initiative(state=S.DECISION, title="Zwembad"),
        board,
        personas,
        rationale="Goed voor sport",
    )
    decide(
        make_initiative(state=S.DECISION, title="Parkeerbeleid"),
        board,
        personas,
        outcome="reject",
        rationale="Te vroeg",
    )
    client = client_for(personas[Role.READER])
    page = client.get(reverse("intake:decisions"), {"q": "sport"})
    assert [d.initiative.title for d in page.context["page"].object_list] == ["Zwembad"]
    page = client.get(reverse("intake:decisions"), {"outcome": "reject"})
    assert [d.initiative.title for d in page.context["page"].object_list] == ["Parkeerbeleid"]


def test_meeting_with_agenda_and_decision(make_initiative, board, personas, client_for):
    initiative = make_initiative(state=S.DECISION, title="Op de agenda")
    manager = client_for(personas[Role.PORTFOLIO_MANAGER])
    response = manager.post(
        reverse("intake:meeting_create"),
        {"body": board.pk, "date": "2026-12-03", "title": "December", "agenda": [initiative.pk]},
    )
    assert response.status_code == 302
    meeting_url = response["Location"]
    board_member = client_for(personas[Role.BOARD_MEMBER])
    body = board_member.get(meeting_url).content.decode()
    assert "Op de agenda" in body
    assert "Besluit vastleggen" in body
    meeting_pk = int(meeting_url.rstrip("/").split("/")[-1])
    form = board_member.get(
        reverse("intake:decide", args=[initiative.pk]), {"meeting": meeting_pk}
    ).context["form"]
    assert form.initial["body"] == board.pk
    board_member.post(
        reverse("intake:decide", args=[initiative.pk]),
        {"body": board.pk, "meeting": meeting_pk, "outcome": "admit", "rationale": "Akkoord"},
    )
    assert "Opnemen" in board_member.get(meeting_url).content.decode()
    assert (
        client_for(personas[Role.READER]).get(reverse("intake:meeting_create")).status_code == 403
    )
    assert (
        "December"
        in client_for(personas[Role.READER]).get(reverse("intake:meetings")).content.decode()
    )


def test_admitting_moves_advice_risks_into_the_risk_register(make_initiative, board, personas):
    from koersvast.monitoring.models import Risk

    initiative = make_initiative(state=S.DECISION)
    (advice,) = advice_request(
        initiative=initiative, kinds=["ciso"], by=personas[Role.PORTFOLIO_MANAGER]
    )
    advice_give(
        advice=advice,
        by=personas[Role.ADVISER],
        verdict="conditional",
        explanation="Ja, mits",
        conditions="EU-hosting",
        risks="Datalek bij leverancier\nVendor lock-in",
    )
    decide(initiative, board, personas, outcome="admit_conditions", conditions="EU-hosting")
    assert sorted(Risk.objects.filter(initiative=initiative).values_list("title", flat=True)) == [
        "Datalek bij leverancier",
        "Vendor lock-in",
    ]
