"""Entry criteria, including conditional ones, and how they block the intake."""

from __future__ import annotations

from decimal import Decimal

import pytest

from koersvast.intake.models import EntryCriterion
from koersvast.intake.services.advice import advice_give, advice_request
from koersvast.intake.services.common import IntakeError
from koersvast.intake.services.scoring import initiative_score
from koersvast.intake.services.submission import (
    criteria_results,
    criterion_check,
    initiative_transition,
)
from koersvast.portfolio.choices import LifecycleState as S
from koersvast.tenancy.choices import Role
from tests.factories import DomainFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def it_domain(municipality):
    return DomainFactory(
        municipality=municipality, code="informatievoorziening", name="Informatievoorziening"
    )


@pytest.fixture
def criteria(municipality, it_domain):
    make = EntryCriterion.objects.create
    return {
        "ciso": make(
            municipality=municipality,
            code="ciso",
            name="CISO-advies bij IV",
            kind="advice",
            advice_kind="ciso",
            if_domain=it_domain,
        ),
        "privacy": make(
            municipality=municipality,
            code="privacy",
            name="Privacyadvies bij IV",
            kind="advice",
            advice_kind="privacy",
            if_domain=it_domain,
        ),
        "controller": make(
            municipality=municipality,
            code="controller",
            name="Controller boven €500k",
            kind="advice",
            advice_kind="controller",
            if_budget_over=Decimal("500000"),
        ),
        "sponsor": make(
            municipality=municipality,
            code="sponsor",
            name="Ambtelijk opdrachtgever bekend",
            kind="field",
            required_field="official_sponsor",
        ),
        "check": make(
            municipality=municipality, code="check", name="Past binnen visie", kind="check"
        ),
    }


def results(initiative):
    return {r.criterion.code: r for r in criteria_results(initiative)}


def test_conditional_criteria_apply_only_when_their_condition_holds(
    make_initiative, criteria, it_domain
):
    it = make_initiative(domain=it_domain, budget_capital=Decimal("100000"))
    other = make_initiative(budget_capital=Decimal("900000"))
    r_it, r_other = results(it), results(other)
    assert r_it["ciso"].applies
    assert r_it["privacy"].applies
    assert not r_it["controller"].applies
    assert not r_other["ciso"].applies
    assert r_other["controller"].applies
    assert "vereist maar nog niet gevraagd" in r_it["ciso"].reason


def test_advice_criterion_is_met_once_advice_is_given(
    make_initiative, criteria, it_domain, personas
):
    initiative = make_initiative(domain=it_domain)
    manager, adviser = personas[Role.PORTFOLIO_MANAGER], personas[Role.ADVISER]
    advice_request(initiative=initiative, kinds=["ciso"], by=manager)
    assert "nog niet gegeven" in results(initiative)["ciso"].reason
    advice = initiative.advices.get(kind="ciso")
    advice_give(
        advice=advice,
        by=adviser,
        verdict="negative",
        explanation="Risico",
        conditions="Alleen met pentest",
        risks="Datalek",
    )
    # A negative advice still counts as given: advice informs, the owner decides.
    assert results(initiative)["ciso"].met


def test_field_and_check_criteria_block_advancing_with_reasons(make_initiative, criteria, personas):
    manager = personas[Role.PORTFOLIO_MANAGER]
    initiative = make_initiative(state=S.INTAKE)
    with pytest.raises(IntakeError) as error:
        initiative_transition(initiative=initiative, target=S.ADVICE, by=manager)
    message = str(error.value)
    assert "Ambtelijk opdrachtgever bekend" in message
    assert "Past binnen visie" in message
    initiative.official_sponsor = personas[Role.OFFICIAL_SPONSOR]
    initiative.save()
    criterion_check(
        initiative=initiative, criterion=criteria["check"], met=True, note="", by=manager
    )
    initiative_transition(initiative=initiative, target=S.ADVICE, by=manager)


def test_missing_required_advice_blocks_the_decision_stage(
    make_initiative, criteria, it_domain, personas, framework, leaves, axes
):
    from .conftest import full_scores

    manager = personas[Role.PORTFOLIO_MANAGER]
    initiative = make_initiative(
        state=S.ADVICE, domain=it_domain, official_sponsor=personas[Role.OFFICIAL_SPONSOR]
    )
    criterion_check(
        initiative=initiative, criterion=criteria["check"], met=True, note="", by=manager
    )
    contributions, impacts = full_scores(leaves, axes)
    initiative_score(
        initiative=initiative,
        framework=framework,
        contributions=contributions,
        impacts=impacts,
        by=manager,
    )
    with pytest.raises(IntakeError) as error:
        initiative_transition(initiative=initiative, target=S.DECISION, by=manager)
    assert "CISO" in str(error.value)
    assert "Privacy" in str(error.value)


def test_inactive_criteria_are_ignored(make_initiative, criteria):
    EntryCriterion.objects.update(is_active=False)
    assert criteria_results(make_initiative()) == []


def test_criteria_travel_with_the_framework_file(
    municipality, other_municipality, criteria, framework, personas
):
    import json

    from koersvast.framework.exchange.document import FrameworkFileError
    from koersvast.framework.exchange.export import framework_export
    from koersvast.framework.exchange.importing import framework_import
    from koersvast.tenancy.services import membership_grant

    document = framework_export(framework=framework)
    assert {c["code"] for c in document["criteria"]} == set(criteria)
    ciso = next(c for c in document["criteria"] if c["code"] == "ciso")
    assert ciso["if_domain"] == "informatievoorziening"
    assert ciso["advice_kind"] == "ciso"

    manager = personas[Role.PORTFOLIO_MANAGER]
    membership_grant(user=manager, municipality=other_municipality, roles=[Role.PORTFOLIO_MANAGER])
    raw = json.dumps(document).encode()
    # The other municipality has no i-domain yet: a clear error, and nothing is written.
    with pytest.raises(FrameworkFileError) as error:
        framework_import(municipality=other_municipality, raw=raw, by=manager)
    assert "criteria[3].if_domain" in str(error.value)
    assert not EntryCriterion.objects.filter(municipality=other_municipality).exists()

    DomainFactory(municipality=other_municipality, code="informatievoorziening")
    framework_import(municipality=other_municipality, raw=raw, by=manager)
    imported = EntryCriterion.objects.filter(municipality=other_municipality)
    assert set(imported.values_list("code", flat=True)) == set(criteria)
    assert imported.get(code="controller").if_budget_over == Decimal("500000")
    # Importing again adds nothing.
    framework_import(municipality=other_municipality, raw=raw, by=manager)
    assert imported.count() == len(criteria)
