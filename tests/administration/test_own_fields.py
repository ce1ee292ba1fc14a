"""Own intake fields (Beheer › Inrichting › Eigen intakevelden): the beheerder defines them;
they appear on the submission form (validated), the initiative page and the entry criteria,
block the lifecycle when required, and one in use is retired, never deleted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from koersvast.audit.models import AuditEvent
from koersvast.intake.forms.criteria import CriterionForm
from koersvast.intake.forms.initiative import InitiativeForm
from koersvast.intake.models import EntryCriterion
from koersvast.intake.services import submission as intake
from koersvast.portfolio import custom_fields
from koersvast.portfolio import services as config
from koersvast.portfolio.choices import LifecycleState as S
from koersvast.portfolio.models import CustomField, Initiative
from koersvast.portfolio.services import ConfigurationError
from koersvast.tenancy.choices import Role
from tests.factories import DomainFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


def _url(name: str, *args) -> str:
    return reverse(f"administration:{name}", args=args)


@pytest.fixture
def admin_client(personas, client_for) -> Client:
    return client_for(personas[Role.ADMINISTRATOR])


def _field(municipality, by, **values) -> CustomField:
    field = CustomField(municipality=municipality, **values)
    return config.custom_field_save(field=field, by=by)


def test_only_a_beheerder_opens_own_fields(personas, client_for) -> None:
    for role, user in personas.items():
        status = 200 if role == Role.ADMINISTRATOR else 403
        assert client_for(user).get(_url("field_list")).status_code == status, role


def test_beheerder_creates_a_choice_field_and_it_is_audited(admin_client, municipality) -> None:
    response = admin_client.post(
        _url("field_create"),
        {
            "name": "DPIA nodig?",
            "kind": "keuze",
            "options_text": "Ja\nNee\nWeet ik niet",
            "help_text": "Een gegevensbeschermingseffectbeoordeling.",
            "required": "on",
            "stage": "indiening",
            "order": 1,
        },
    )
    assert response.status_code == 302, response.content.decode()
    field = CustomField.objects.get(municipality=municipality)
    assert field.code == "dpiaNodig"
    assert field.options == ["Ja", "Nee", "Weet ik niet"]
    assert AuditEvent.objects.filter(
        content_type__model="customfield", object_id=str(field.pk), action="create"
    ).exists()
    page = admin_client.get(_url("field_list")).content.decode()
    assert "DPIA nodig?" in page and "Weet ik niet" in page

    # The code stays what it is when the label changes.
    admin_client.post(
        _url("field_edit", field.pk),
        {
            "name": "DPIA vereist",
            "code": "anders",
            "kind": "keuze",
            "options_text": "Ja\nNee",
            "stage": "indiening",
            "order": 1,
        },
    )
    field.refresh_from_db()
    assert (field.name, field.code, field.options) == ("DPIA vereist", "dpiaNodig", ["Ja", "Nee"])


def test_a_choice_field_needs_two_options(admin_client, municipality) -> None:
    response = admin_client.post(
        _url("field_create"),
        {"name": "Kleur", "kind": "keuze", "options_text": "Rood", "stage": "indiening"},
    )
    assert "ten minste twee keuzes" in response.content.decode()
    assert not CustomField.objects.filter(municipality=municipality).exists()


def test_a_field_in_use_is_retired_not_deleted(admin_client, municipality, personas) -> None:
    by = personas[Role.ADMINISTRATOR]
    field = _field(municipality, by, name="Wijk", kind="tekst")
    InitiativeFactory(municipality=municipality, custom_values={"wijk": "Centrum"})
    response = admin_client.post(_url("field_delete", field.pk), follow=True)
    page = response.content.decode()
    assert "in gebruik (een waarde bij 1 initiatief)" in page
    assert CustomField.objects.filter(pk=field.pk).exists()
    # The kind cannot change once there are values.
    field.kind = "getal"
    with pytest.raises(ConfigurationError, match="soort kan daarom niet meer"):
        config.custom_field_save(field=field, by=by)

    response = admin_client.post(_url("field_retire", field.pk), {"retire": "1"}, follow=True)
    assert "Het blijft bewaard bij: een waarde bij 1 initiatief" in response.content.decode()
    field.refresh_from_db()
    assert field.is_retired
    # Not asked of new initiatives, still shown (and kept) on the one that has a value.
    assert "eigen_wijk" not in InitiativeForm(municipality=municipality).fields
    unused = _field(municipality, by, name="Ongebruikt", kind="tekst")
    admin_client.post(_url("field_delete", unused.pk))
    assert not CustomField.objects.filter(pk=unused.pk).exists()


def test_a_field_tested_by_a_criterion_is_in_use(municipality, personas) -> None:
    by = personas[Role.ADMINISTRATOR]
    field = _field(municipality, by, name="Wijk", kind="tekst")
    EntryCriterion.objects.create(
        municipality=municipality, code="wijk", name="Wijk bekend", kind="field", custom_field=field
    )
    with pytest.raises(ConfigurationError, match="1 toelatingscriterium"):
        config.custom_field_delete(field=field, by=by)


def test_only_the_beheerder_saves_a_field(municipality, personas) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _field(municipality, personas[Role.PORTFOLIO_MANAGER], name="X", kind="tekst")


def test_the_submission_form_asks_and_validates_own_fields(municipality, personas) -> None:
    by = personas[Role.ADMINISTRATOR]
    _field(municipality, by, name="Aantal inwoners", kind="getal", required=True)
    _field(municipality, by, name="Gereed voor", kind="datum")
    _field(municipality, by, name="Raakt privacy", kind="janee")
    _field(municipality, by, name="Wijk", kind="keuze", options=["Noord", "Zuid"])
    _field(municipality, by, name="Intern kenmerk", kind="tekst", stage="intake")
    domain = DomainFactory(municipality=municipality)
    base = {"title": "Nieuwe speeltuin", "domain": domain.pk, "work_form": "project"}
    base |= {"duration_quarters": 4, "budget_capital": "0", "budget_operating": "0"}

    form = InitiativeForm(base, municipality=municipality)
    assert "eigen_internKenmerk" not in form.fields  # an intake field: not for the submitter
    assert not form.is_valid()
    assert form.errors["eigen_aantalInwoners"] == ["Dit veld is vereist."]

    data = base | {"eigen_aantalInwoners": "abc", "eigen_wijk": "Oost"}
    form = InitiativeForm(data, municipality=municipality)
    assert not form.is_valid()
    assert form.errors["eigen_aantalInwoners"] == ["Voer een getal in."]
    assert "Selecteer een geldige keuze" in form.errors["eigen_wijk"][0]

    data = base | {
        "eigen_aantalInwoners": "1250",
        "eigen_gereedVoor": "2027-06-30",
        "eigen_raaktPrivacy": "on",
        "eigen_wijk": "Zuid",
    }
    form = InitiativeForm(data, municipality=municipality)
    assert form.is_valid(), form.errors
    assert form.instance.custom_values == {
        "aantalInwoners": "1250",
        "gereedVoor": "2027-06-30",
        "raaktPrivacy": True,
        "wijk": "Zuid",
    }
    # The portfolio manager sees the intake field too.
    manager_form = InitiativeForm(municipality=municipality, may_manage=True)
    assert "eigen_internKenmerk" in manager_form.fields


def test_submitter_submits_with_an_own_field_and_the_page_shows_it(
    municipality, personas, client_for
) -> None:
    _field(municipality, personas[Role.ADMINISTRATOR], name="Wijk", kind="tekst", required=True)
    domain = DomainFactory(municipality=municipality)
    submitter = client_for(personas[Role.SUBMITTER])
    data = {
        "title": "Buurtkamer",
        "problem": "Geen ontmoetingsplek",
        "intended_result": "Een buurtkamer",
        "domain": domain.pk,
        "work_form": "project",
        "duration_quarters": 4,
        "budget_capital": "0",
        "budget_operating": "0",
        "submit": "1",
    }
    response = submitter.post(reverse("intake:create"), data)
    assert response.status_code == 200
    assert "Dit veld is vereist." in response.content.decode()
    response = submitter.post(reverse("intake:create"), data | {"eigen_wijk": "De Hoven"})
    assert response.status_code == 302
    initiative = Initiative.objects.get(title="Buurtkamer")
    assert initiative.custom_values == {"wijk": "De Hoven"}
    assert initiative.state == S.SUBMITTED
    page = submitter.get(initiative.get_absolute_url()).content.decode()
    assert "Gegevens van de gemeente" in page and "De Hoven" in page
    # The change is in the audit trail with the value.
    event = AuditEvent.objects.get(
        content_type__model="initiative", object_id=str(initiative.pk), action="create"
    )
    assert "De Hoven" in str(event.changes)


def test_required_fields_block_the_lifecycle(municipality, personas) -> None:
    by = personas[Role.ADMINISTRATOR]
    _field(municipality, by, name="Wijk", kind="tekst", required=True)
    _field(municipality, by, name="Zaaknummer", kind="tekst", required=True, stage="intake")
    initiative = InitiativeFactory(
        municipality=municipality, state=S.IDEA, problem="P", intended_result="R"
    )
    assert intake.transition_blockers(initiative=initiative, target=S.SUBMITTED) == [
        "Vul ‘Wijk’ in."
    ]
    initiative.custom_values = {"wijk": "Noord"}
    assert intake.transition_blockers(initiative=initiative, target=S.SUBMITTED) == []
    assert "Vul ‘Zaaknummer’ in." in intake.transition_blockers(
        initiative=initiative, target=S.ADVICE
    )


def test_a_criterion_tests_an_own_field(municipality, personas, pm_client) -> None:
    by = personas[Role.ADMINISTRATOR]
    privacy = _field(municipality, by, name="Privacytoets gedaan", kind="janee")
    form = CriterionForm(
        {
            "code": "privacy",
            "name": "Privacytoets",
            "kind": "field",
            "custom_field": privacy.pk,
            "is_active": "on",
            "order": 1,
        },
        instance=EntryCriterion(municipality=municipality),
        municipality=municipality,
    )
    assert form.is_valid(), form.errors
    form.save()
    both = CriterionForm(
        {
            "code": "x",
            "name": "X",
            "kind": "field",
            "required_field": "problem",
            "custom_field": privacy.pk,
            "order": 1,
        },
        municipality=municipality,
    )
    assert not both.is_valid()
    initiative = InitiativeFactory(municipality=municipality, state=S.INTAKE)
    [result] = intake.criteria_results(initiative)
    assert (result.met, result.reason) == (False, "Privacytoets gedaan ontbreekt nog.")
    initiative.custom_values = {privacy.code: True}
    [result] = intake.criteria_results(initiative)
    assert result.met
    assert "Privacytoets gedaan" in pm_client.get(reverse("intake:criteria")).content.decode()


def test_the_initiative_page_has_a_constant_query_count_with_own_fields(
    municipality, personas, pm_client
) -> None:
    by = personas[Role.ADMINISTRATOR]
    initiative = InitiativeFactory(municipality=municipality)
    pm_client.get(initiative.get_absolute_url())  # warm up sessions and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        pm_client.get(initiative.get_absolute_url())
    for number in range(5):
        _field(municipality, by, name=f"Veld {number}", kind="tekst")
    initiative.custom_values = {f"veld{n}": "x" for n in range(5)}
    initiative.save()
    with CaptureQueriesContext(connection) as after:
        response = pm_client.get(initiative.get_absolute_url())
    assert "Veld 4" in response.content.decode()
    assert len(after) <= len(before) + 1  # the definitions, once


@pytest.mark.parametrize(
    ("kind", "raw", "stored"),
    [
        ("getal", "12,50", "12.5"),
        ("getal", "12.5", "12.5"),
        # Was 1.25: the dot taken for a decimal point; a Dutch reader's 1.250 is 1250, as in
        # every other number field (core.numbers).
        ("getal", "1.250", "1250"),
        ("getal", "-1.234,5", "-1234.5"),
        ("getal", 3.0, "3"),
        ("datum", dt.date(2027, 1, 31), "2027-01-31"),
        ("datum", "31-01-2027", "2027-01-31"),
        ("janee", "Ja", True),
        ("janee", "nee", False),
        ("tekst", "  Centrum ", "Centrum"),
        ("keuze", "noord", "Noord"),
    ],
)
def test_values_are_stored_in_one_shape_per_kind(kind, raw, stored) -> None:
    field = CustomField(code="x", name="X", kind=kind, options=["Noord", "Zuid"])
    assert custom_fields.parse_value(field, raw) == stored


@pytest.mark.parametrize(
    ("kind", "raw", "message"),
    [
        ("getal", "twaalf", "Vul een getal in"),
        ("datum", "morgen", "Vul een datum in"),
        ("janee", "misschien", "Vul ja of nee in"),
        ("keuze", "Oost", "Onbekende keuze; kies uit: Noord, Zuid"),
    ],
)
def test_wrong_values_get_a_dutch_reason(kind, raw, message) -> None:
    field = CustomField(code="x", name="X", kind=kind, options=["Noord", "Zuid"])
    with pytest.raises(ValueError, match=message):
        custom_fields.parse_value(field, raw)


def test_outsider_gets_404_on_anothers_field(municipality, personas, outsider, client_for) -> None:
    field = _field(municipality, personas[Role.ADMINISTRATOR], name="Wijk", kind="tekst")
    client = client_for(outsider)  # a beheerder of another municipality
    assert client.get(_url("field_edit", field.pk)).status_code == 404
    assert client.post(_url("field_retire", field.pk)).status_code == 404
    assert client.post(_url("field_delete", field.pk)).status_code == 404
    assert CustomField.objects.get(pk=field.pk).retired_at is None


def test_a_criterion_on_an_own_field_stays_out_of_the_criteria_export(
    municipality, personas
) -> None:
    from koersvast.intake.exchange import criteria_export

    field = _field(municipality, personas[Role.ADMINISTRATOR], name="Wijk", kind="tekst")
    EntryCriterion.objects.create(
        municipality=municipality, code="wijk", name="Wijk", kind="field", custom_field=field
    )
    EntryCriterion.objects.create(
        municipality=municipality, code="p", name="P", kind="field", required_field="problem"
    )
    assert [c["code"] for c in criteria_export(municipality)] == ["p"]


def test_a_required_field_does_not_block_editing_older_initiatives(municipality, personas) -> None:
    _field(municipality, personas[Role.ADMINISTRATOR], name="Wijk", kind="tekst", required=True)
    older = InitiativeFactory(municipality=municipality, state=S.ADMITTED)
    draft = InitiativeFactory(municipality=municipality, state=S.IDEA)
    assert (
        not InitiativeForm(instance=older, municipality=municipality).fields["eigen_wijk"].required
    )
    assert InitiativeForm(instance=draft, municipality=municipality).fields["eigen_wijk"].required


def test_a_required_yes_no_keeps_its_answer_on_an_older_initiative(municipality, personas) -> None:
    _field(municipality, personas[Role.ADMINISTRATOR], name="DPIA", kind="janee", required=True)
    older = InitiativeFactory(
        municipality=municipality, state=S.ADMITTED, custom_values={"dpia": False}
    )
    form = InitiativeForm(instance=older, municipality=municipality)
    assert form.initial["eigen_dpia"] == "nee"
    assert not form.fields["eigen_dpia"].required
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    bound = InitiativeForm(data, instance=older, municipality=municipality)
    bound.is_valid()
    assert "eigen_dpia" not in bound.errors
    assert bound.instance.custom_values == {"dpia": False}
