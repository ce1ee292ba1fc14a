"""Beheer › Inrichting: domains, budget programmes, decision bodies and advice kinds are made,
changed and retired in the UI; something in use is never deleted and says where it is used."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from koersvast.audit.models import AuditEvent
from koersvast.intake.configuration import advice_kinds_seed
from koersvast.intake.forms.advice import AdviceRequestForm
from koersvast.intake.forms.decisions import DecisionForm
from koersvast.intake.forms.initiative import InitiativeForm
from koersvast.intake.models import Advice, AdviceKind, DecisionBody
from koersvast.intake.services.advice import advice_give, advice_request, advice_respond
from koersvast.intake.services.common import IntakeError
from koersvast.intake.services.decisions import decision_record
from koersvast.intake.services.submission import transition_blockers
from koersvast.portfolio.choices import LifecycleState as S
from koersvast.portfolio.models import BudgetProgramme, Domain
from koersvast.tenancy.choices import Role
from tests.factories import DomainFactory, InitiativeFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(personas, client_for) -> Client:
    return client_for(personas[Role.ADMINISTRATOR])


def _url(name: str, *args) -> str:
    return reverse(f"administration:{name}", args=args)


def test_only_a_beheerder_changes_the_configuration(personas, client_for) -> None:
    for role, user in personas.items():
        status = 200 if role == Role.ADMINISTRATOR else 403
        for key in ("domain", "programme", "body", "advice_kind"):
            assert client_for(user).get(_url(f"{key}_list")).status_code == status, (role, key)


def test_beheerder_creates_a_domain_with_taakvelden_and_programme(
    admin_client, municipality
) -> None:
    from koersvast.reference.models import Taakveld

    admin_client.post(_url("programme_create"), {"name": "Sociaal domein", "order": 1})
    programme = BudgetProgramme.objects.get(municipality=municipality)
    assert programme.code == "sociaal-domein"
    taakvelden = list(Taakveld.objects.filter(code__in=["6.1", "6.3"]).values_list("pk", flat=True))
    response = admin_client.post(
        _url("domain_create"),
        {
            "name": "Sociaal domein",
            "budget_programme": programme.pk,
            "taakvelden": taakvelden,
            "order": 1,
        },
    )
    assert response.status_code == 302
    domain = Domain.objects.get(municipality=municipality, name="Sociaal domein")
    assert domain.code == "sociaal-domein"
    assert domain.budget_programme == programme
    assert set(domain.taakvelden.values_list("code", flat=True)) == {"6.1", "6.3"}
    assert AuditEvent.objects.filter(
        content_type__model="domain", object_id=str(domain.pk), action="create"
    ).exists()
    assert "Sociaal domein" in admin_client.get(_url("domain_list")).content.decode()


def test_a_domain_in_use_is_retired_not_deleted(admin_client, municipality, personas) -> None:
    domain = DomainFactory(municipality=municipality, name="Ruimte")
    initiative = InitiativeFactory(municipality=municipality, domain=domain)
    response = admin_client.post(_url("domain_delete", domain.pk), follow=True)
    page = response.content.decode()
    assert "in gebruik (1 initiatief)" in page
    assert Domain.objects.filter(pk=domain.pk).exists()

    response = admin_client.post(_url("domain_retire", domain.pk), {"retire": "1"}, follow=True)
    assert "Het blijft bewaard bij: 1 initiatief" in response.content.decode()
    domain.refresh_from_db()
    assert domain.is_retired
    # Not offered to new initiatives; still offered to the one that has it.
    new_form = InitiativeForm(municipality=municipality)
    assert domain not in new_form.fields["domain"].queryset
    assert (
        domain
        in InitiativeForm(instance=initiative, municipality=municipality).fields["domain"].queryset
    )
    initiative.refresh_from_db()
    assert initiative.domain == domain

    admin_client.post(_url("domain_retire", domain.pk), {"retire": "0"})
    domain.refresh_from_db()
    assert not domain.is_retired


def test_an_unused_domain_is_deleted(admin_client, municipality) -> None:
    domain = DomainFactory(municipality=municipality)
    admin_client.post(_url("domain_delete", domain.pk))
    assert not Domain.objects.filter(pk=domain.pk).exists()


def test_renaming_a_programme_carries_over_to_its_initiatives(admin_client, municipality) -> None:
    programme = BudgetProgramme.objects.create(municipality=municipality, name="Wonen", code="w")
    initiative = InitiativeFactory(municipality=municipality, budget_programme="Wonen")
    admin_client.post(
        _url("programme_edit", programme.pk), {"name": "Wonen en ruimte", "code": "w", "order": 0}
    )
    initiative.refresh_from_db()
    assert initiative.budget_programme == "Wonen en ruimte"
    form = InitiativeForm(instance=initiative, municipality=municipality)
    assert ("Wonen en ruimte", "Wonen en ruimte") in form.fields["budget_programme"].choices
    response = admin_client.post(_url("programme_delete", programme.pk), follow=True)
    assert "in gebruik (1 initiatief)" in response.content.decode()


def test_a_body_with_a_mandate_and_an_escalation(admin_client, municipality, personas) -> None:
    college = DecisionBody.objects.create(municipality=municipality, name="College", kind="college")
    response = admin_client.post(
        _url("body_create"),
        {
            "name": "MT",
            "kind": "mt",
            "mandate_max_budget": "100000",
            "mandate_decisions": ["admit", "reject"],
            "escalates_to": college.pk,
            "members": [personas[Role.BOARD_MEMBER].pk],
            "order": 1,
        },
    )
    assert response.status_code == 302, response.content
    mt = DecisionBody.objects.get(name="MT")
    assert mt.mandate_decisions == ["admit", "reject"]
    assert list(mt.members.all()) == [personas[Role.BOARD_MEMBER]]
    # A circle (college → MT → college) is refused.
    response = admin_client.post(
        _url("body_edit", college.pk),
        {
            "name": "College",
            "kind": "college",
            "mandate_decisions": ["admit"],
            "escalates_to": mt.pk,
            "order": 2,
        },
    )
    assert "aan zichzelf" in response.content.decode()
    college.refresh_from_db()
    assert college.escalates_to is None


def test_the_mandate_decides_what_a_body_may_decide(municipality, personas) -> None:
    raad = DecisionBody.objects.create(municipality=municipality, name="Raad", kind="raad")
    mt = DecisionBody.objects.create(
        municipality=municipality,
        name="MT",
        kind="mt",
        mandate_max_budget=Decimal("100000"),
        mandate_decisions=["admit", "reject"],
        escalates_to=raad,
    )
    initiative = InitiativeFactory(
        municipality=municipality, state=S.DECISION, budget_capital=Decimal("250000")
    )
    by = personas[Role.BOARD_MEMBER]
    with pytest.raises(IntakeError, match="leg het voor aan Raad"):
        decision_record(initiative=initiative, body=mt, outcome="admit", rationale="X", by=by)
    with pytest.raises(IntakeError, match=r"Parkeren.*mandaat van MT.*Raad"):
        decision_record(initiative=initiative, body=mt, outcome="park", rationale="X", by=by)
    mt.retired_at = "2027-01-01T00:00:00Z"
    mt.save()
    assert mt not in DecisionForm(municipality=municipality).fields["body"].queryset
    with pytest.raises(IntakeError, match="niet meer in gebruik"):
        decision_record(initiative=initiative, body=mt, outcome="reject", rationale="X", by=by)
    decision_record(initiative=initiative, body=raad, outcome="admit", rationale="Ok", by=by)


def test_a_body_in_use_cannot_be_deleted(admin_client, municipality, personas) -> None:
    from tests.factories import MeetingFactory

    meeting = MeetingFactory(municipality=municipality)
    response = admin_client.post(_url("body_delete", meeting.body.pk), follow=True)
    assert "1 vergadering" in response.content.decode()
    assert DecisionBody.objects.filter(pk=meeting.body.pk).exists()


def test_advice_kinds_are_rows_seeded_with_the_old_fixed_kinds(municipality) -> None:
    codes = list(AdviceKind.objects.in_municipality(municipality).values_list("code", flat=True))
    assert codes == ["ciso", "privacy", "controller", "legal", "architect"]
    assert set(AdviceKind.objects.values_list("role", flat=True)) == {Role.ADVISER}


def test_the_data_migration_seeds_existing_municipalities() -> None:
    from importlib import import_module

    from django.apps import apps

    existing = MunicipalityFactory(cbs_code="GM0014", advice_kinds=False)
    assert not AdviceKind.objects.filter(municipality=existing).exists()
    migration = import_module("koersvast.intake.migrations.0003_advice_kinds_and_body_mandates")
    migration.seed_advice_kinds(apps, None)
    names = dict(AdviceKind.objects.filter(municipality=existing).values_list("code", "name"))
    assert names["ciso"] == "Informatiebeveiliging (CISO)"
    assert len(names) == 5
    advice_kinds_seed(municipality=existing)  # idempotent, like the migration
    assert AdviceKind.objects.filter(municipality=existing).count() == 5


def test_a_new_advice_kind_given_by_its_role(admin_client, municipality, personas) -> None:
    response = admin_client.post(
        _url("advice_kind_create"),
        {
            "name": "Duurzaamheid",
            "role": Role.OFFICIAL_SPONSOR,
            "order": 9,
            "negative_needs_response": "on",
        },
    )
    assert response.status_code == 302
    kind = AdviceKind.objects.get(name="Duurzaamheid")
    assert kind.code == "duurzaamheid"
    initiative = InitiativeFactory(municipality=municipality, state=S.ADVICE)
    (advice,) = advice_request(
        initiative=initiative, kinds=["duurzaamheid"], by=personas[Role.PORTFOLIO_MANAGER]
    )
    # The adviser does not give this kind; the official sponsor (its role) does.
    with pytest.raises(PermissionDenied):
        advice_give(
            advice=advice,
            by=personas[Role.ADVISER],
            verdict="positive",
            explanation="x",
            conditions="",
            risks="",
        )
    advice_give(
        advice=advice,
        by=personas[Role.OFFICIAL_SPONSOR],
        verdict="negative",
        explanation="Te veel uitstoot.",
        conditions="Met elektrisch materieel wel.",
        risks="",
    )
    blockers = transition_blockers(initiative=initiative, target=S.DECISION)
    assert "Reageer op het negatieve advies Duurzaamheid." in blockers
    advice_respond(
        advice=advice, by=personas[Role.PORTFOLIO_MANAGER], response="We gaan elektrisch."
    )
    blockers = transition_blockers(initiative=initiative, target=S.DECISION)
    assert not [b for b in blockers if "Reageer" in b]


def test_a_retired_kind_is_no_longer_asked_but_its_advice_stays(
    admin_client, municipality, personas
) -> None:
    initiative = InitiativeFactory(municipality=municipality, state=S.ADVICE)
    advice = Advice.objects.create(municipality=municipality, initiative=initiative, kind="legal")
    kind = AdviceKind.objects.get(municipality=municipality, code="legal")
    response = admin_client.post(_url("advice_kind_delete", kind.pk), follow=True)
    assert "in gebruik (1 advies)" in response.content.decode()
    admin_client.post(_url("advice_kind_retire", kind.pk), {"retire": "1"})
    with pytest.raises(IntakeError, match="Onbekende soort advies"):
        advice_request(initiative=initiative, kinds=["legal"], by=personas[Role.PORTFOLIO_MANAGER])
    kinds = AdviceKind.objects.in_municipality(municipality).active()
    assert "legal" not in dict(AdviceRequestForm(kinds=list(kinds)).fields["kinds"].choices)
    page = Client()
    page.force_login(personas[Role.PORTFOLIO_MANAGER])
    body = page.get(reverse("portfolio:initiative_detail", args=[initiative.pk])).content.decode()
    assert "Juridisch" in body  # the advice keeps its kind's name
    assert Advice.objects.filter(pk=advice.pk).exists()


def test_configuration_of_another_municipality_is_404(admin_client, other_municipality) -> None:
    domain = DomainFactory(municipality=other_municipality)
    kind = AdviceKind.objects.filter(municipality=other_municipality).first()
    assert admin_client.get(_url("domain_edit", domain.pk)).status_code == 404
    assert admin_client.post(_url("advice_kind_retire", kind.pk)).status_code == 404
    kind.refresh_from_db()
    assert not kind.is_retired
