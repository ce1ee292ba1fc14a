"""The advice round: experts advise, and a negative advice says how it can still work."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from koersvast.intake.services.advice import advice_give, advice_request
from koersvast.intake.services.common import IntakeError
from koersvast.notifications.models import Notification
from koersvast.tenancy.choices import Role

pytestmark = pytest.mark.django_db


def test_requesting_advice_notifies_the_advisers(make_initiative, personas):
    initiative = make_initiative()
    advices = advice_request(
        initiative=initiative, kinds=["ciso", "privacy"], by=personas[Role.PORTFOLIO_MANAGER]
    )
    assert [a.kind for a in advices] == ["ciso", "privacy"]
    assert Notification.objects.filter(recipient=personas[Role.ADVISER]).count() == 2
    # Asking again changes nothing.
    advice_request(initiative=initiative, kinds=["ciso"], by=personas[Role.PORTFOLIO_MANAGER])
    assert initiative.advices.count() == 2


def test_only_portfolio_managers_request_advice(make_initiative, personas):
    with pytest.raises(PermissionDenied):
        advice_request(initiative=make_initiative(), kinds=["ciso"], by=personas[Role.ADVISER])


@pytest.mark.parametrize("verdict", ["negative", "conditional"])
def test_negative_or_conditional_advice_needs_conditions(make_initiative, personas, verdict):
    initiative = make_initiative()
    (advice,) = advice_request(
        initiative=initiative, kinds=["ciso"], by=personas[Role.PORTFOLIO_MANAGER]
    )
    with pytest.raises(IntakeError, match="voorwaarden"):
        advice_give(
            advice=advice,
            by=personas[Role.ADVISER],
            verdict=verdict,
            explanation="Nee",
            conditions=" ",
            risks="",
        )
    advice.refresh_from_db()
    assert advice.verdict == ""


def test_advice_is_recorded_with_risks(make_initiative, personas):
    initiative = make_initiative()
    (advice,) = advice_request(
        initiative=initiative, kinds=["privacy"], by=personas[Role.PORTFOLIO_MANAGER]
    )
    advice_give(
        advice=advice,
        by=personas[Role.ADVISER],
        verdict="positive",
        explanation="Akkoord",
        conditions="",
        risks="DPIA nodig\n\nVerwerkersovereenkomst",
    )
    advice.refresh_from_db()
    assert advice.adviser == personas[Role.ADVISER]
    assert advice.given_at is not None
    assert advice.risk_lines() == ["DPIA nodig", "Verwerkersovereenkomst"]


def test_only_advisers_give_advice(make_initiative, personas):
    (advice,) = advice_request(
        initiative=make_initiative(), kinds=["ciso"], by=personas[Role.PORTFOLIO_MANAGER]
    )
    with pytest.raises(PermissionDenied):
        advice_give(
            advice=advice,
            by=personas[Role.PORTFOLIO_MANAGER],
            verdict="positive",
            explanation="",
            conditions="",
            risks="",
        )


def test_unknown_verdict_is_refused(make_initiative, personas):
    (advice,) = advice_request(
        initiative=make_initiative(), kinds=["ciso"], by=personas[Role.PORTFOLIO_MANAGER]
    )
    with pytest.raises(IntakeError):
        advice_give(
            advice=advice,
            by=personas[Role.ADVISER],
            verdict="maybe",
            explanation="",
            conditions="",
            risks="",
        )
