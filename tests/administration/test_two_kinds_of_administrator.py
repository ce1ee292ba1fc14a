"""Two kinds of administrator: the operator of the installation and a municipality's beheerder.

Reproduces the escalation of issue 20: `createadmin --municipality` used to make a superuser,
who opened the Django admin, gave itself a role in another municipality and read its portfolio.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.urls import reverse

from koersvast.audit.models import AuditEvent
from koersvast.tenancy.choices import Role
from koersvast.tenancy.models import Membership
from tests.conftest import PASSWORD
from tests.factories import InitiativeFactory, MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "/django-admin/",
    "/django-admin/tenancy/membership/",
    "/django-admin/tenancy/membership/add/",
    "/django-admin/audit/auditevent/",
    "/django-admin/auth/user/",
]


def _createadmin(name: str, *codes: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOERSVAST_ADMIN_PASSWORD", PASSWORD)
    args = [item for code in codes for item in ("--municipality", code)]
    call_command("createadmin", name, *args, stdout=StringIO())


def test_createadmin_makes_a_beheerder_who_is_no_superuser(municipality, monkeypatch) -> None:
    _createadmin("beheer", "gm0344", monkeypatch=monkeypatch)
    user = get_user_model().objects.get(username="beheer")
    assert not user.is_superuser
    assert not user.is_staff
    assert user.check_password(PASSWORD)
    assert list(Membership.objects.filter(user=user).values_list("role", flat=True)) == [
        Role.ADMINISTRATOR
    ]


def test_createadmin_needs_a_municipality(monkeypatch, db) -> None:
    monkeypatch.setenv("KOERSVAST_ADMIN_PASSWORD", PASSWORD)
    with pytest.raises(CommandError, match="createoperator"):
        call_command("createadmin", "beheer", stdout=StringIO())
    with pytest.raises(CommandError, match="GM9999"):
        call_command("createadmin", "beheer", "--municipality", "GM9999", stdout=StringIO())
    assert not get_user_model().objects.filter(username="beheer").exists()


def test_createoperator_makes_a_superuser_without_roles(monkeypatch, db) -> None:
    monkeypatch.setenv("KOERSVAST_OPERATOR_PASSWORD", PASSWORD)
    call_command("createoperator", "operator", "--email", "ops@example.nl", stdout=StringIO())
    user = get_user_model().objects.get(username="operator")
    assert user.is_superuser and user.is_staff and user.check_password(PASSWORD)
    assert not Membership.objects.filter(user=user).exists()
    event = AuditEvent.objects.get(object_id=str(user.pk), action="create")
    assert event.origin == "command"
    assert event.changes == {"beheerder van de installatie": [None, "ja"]}


def test_a_weak_password_makes_no_account(monkeypatch, db) -> None:
    monkeypatch.setenv("KOERSVAST_OPERATOR_PASSWORD", "123")
    with pytest.raises(CommandError):
        call_command("createoperator", "operator", stdout=StringIO())
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize("role", list(Role))
def test_no_municipality_role_reaches_the_django_admin(role, personas, client_for) -> None:
    client = client_for(personas[role])
    for url in ADMIN_PAGES:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/django-admin/login/"), url


def test_staff_with_every_permission_is_no_operator(municipality, client_for) -> None:
    staff = UserFactory(username="staff", is_staff=True)
    staff.user_permissions.set(Permission.objects.all())
    client = client_for(staff)
    for url in ADMIN_PAGES:
        assert client.get(url).status_code == 302, url


def test_operator_uses_the_django_admin(client_for, db) -> None:
    operator = UserFactory(username="operator", is_staff=True, is_superuser=True)
    client = client_for(operator)
    for url in ADMIN_PAGES:
        assert client.get(url).status_code == 200, url


def test_the_reproduced_escalation_is_closed(monkeypatch, client_for, db) -> None:
    """A GM0363 beheerder adds its own membership in GM9901 through the Django admin and reads
    GM9901's initiative: now the admin refuses, nothing is written, and the initiative is 404."""
    amsterdam = MunicipalityFactory(cbs_code="GM0363", name="Amsterdam")
    other = MunicipalityFactory(cbs_code="GM9901", name="Voorbeeld")
    initiative = InitiativeFactory(municipality=other)
    _createadmin("beheer-amsterdam", "GM0363", monkeypatch=monkeypatch)
    beheerder = get_user_model().objects.get(username="beheer-amsterdam")
    client = client_for(beheerder)
    response = client.post(
        "/django-admin/tenancy/membership/add/",
        {"user": beheerder.pk, "municipality": other.pk, "role": Role.PORTFOLIO_MANAGER},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/django-admin/login/")
    held = Membership.objects.filter(user=beheerder).values_list("municipality", flat=True)
    assert set(held) == {amsterdam.pk}
    url = reverse("portfolio:initiative_detail", args=[initiative.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("audit:log")).context["municipality"] == amsterdam


def test_operators_lists_and_demotes_a_superuser_beheerder(municipality, db) -> None:
    from koersvast.tenancy.services import membership_grant

    old = UserFactory(username="oude-beheerder", is_staff=True, is_superuser=True)
    membership_grant(user=old, municipality=municipality, roles=[Role.ADMINISTRATOR])
    UserFactory(username="operator", is_staff=True, is_superuser=True)
    out = StringIO()
    call_command("operators", stdout=out)
    lines = out.getvalue().splitlines()
    assert any(line.startswith("oude-beheerder (superuser)") and "GM0344" in line for line in lines)
    assert "operator (superuser)" in lines
    call_command("operators", "--demote", "oude-beheerder", stdout=StringIO())
    old.refresh_from_db()
    assert not old.is_superuser and not old.is_staff
    assert Membership.objects.filter(user=old, role=Role.ADMINISTRATOR).exists()
    assert AuditEvent.objects.filter(
        object_id=str(old.pk), changes={"beheerder van de installatie": ["ja", "nee"]}
    ).exists()
