"""The audit trail records every change and every login, and cannot be edited."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from koersvast.audit.context import AuditContext, acting_as
from koersvast.audit.models import AuditEvent
from koersvast.tenancy.choices import Role
from tests.conftest import PASSWORD
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def events_for(obj):
    return AuditEvent.objects.for_object(obj).order_by("id")


def test_create_update_delete_are_recorded_with_actor_and_changes(municipality, personas):
    manager = personas[Role.PORTFOLIO_MANAGER]
    with acting_as(AuditContext(user=manager, ip="10.1.2.3", user_agent="pytest")):
        initiative = InitiativeFactory(municipality=municipality, title="Oud")
        initiative.title = "Nieuw"
        initiative.save()
        initiative.save()  # nothing changed: no event
        pk = initiative.pk
        content_type = ContentType.objects.get_for_model(initiative)
        initiative.delete()

    events = list(
        AuditEvent.objects.filter(content_type=content_type, object_id=str(pk)).order_by("id")
    )
    assert [e.action for e in events] == ["create", "update", "delete"]
    created, updated, deleted = events
    assert created.changes["title"] == [None, "Oud"]
    assert updated.changes == {"title": ["Oud", "Nieuw"]}
    assert deleted.changes["title"] == ["Nieuw", None]
    for event in events:
        assert event.actor == manager
        assert event.actor_name == manager.username
        assert event.ip_address == "10.1.2.3"
        assert event.municipality == municipality
        assert event.result == "success"


def test_changes_through_a_view_name_the_request_user(municipality, personas, client_for):
    from koersvast.tenancy.services import membership_grant
    from tests.factories import UserFactory

    admin = personas[Role.ADMINISTRATOR]
    client_for(admin)  # any request sets the context; here we use the service directly
    newcomer = UserFactory(username="nieuw")
    with acting_as(AuditContext(user=admin, ip="127.0.0.1")):
        membership_grant(user=newcomer, municipality=municipality, roles=[Role.READER], by=admin)
    event = AuditEvent.objects.filter(action="create", object_repr__contains="nieuw").get()
    assert event.actor == admin
    assert event.changes["role"] == [None, "reader"]


def test_login_logout_and_failed_login_are_recorded(municipality, personas):
    client = Client(REMOTE_ADDR="192.0.2.7")
    user = personas[Role.READER]
    url = reverse("login")
    assert client.post(url, {"username": user.username, "password": "wrong"}).status_code == 200
    assert client.post(url, {"username": user.username, "password": PASSWORD}).status_code == 302
    client.post(reverse("logout"))

    failed = AuditEvent.objects.get(action="login_failed")
    assert failed.result == "failure"
    assert failed.actor_name == user.username
    assert failed.ip_address == "192.0.2.7"
    assert "wrong" not in str(failed.changes)
    login = AuditEvent.objects.get(action="login")
    assert login.actor == user
    assert login.ip_address == "192.0.2.7"
    assert AuditEvent.objects.filter(action="logout", actor=user).exists()


def test_audit_events_cannot_be_changed_or_deleted(municipality):
    InitiativeFactory(municipality=municipality)
    event = AuditEvent.objects.first()
    event.object_repr = "vervalst"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(object_repr="vervalst")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_history_page_shows_the_changes(municipality, pm_client, personas):
    with acting_as(AuditContext(user=personas[Role.PORTFOLIO_MANAGER])):
        initiative = InitiativeFactory(municipality=municipality, title="Fietsroute")
        initiative.title = "Fietsroute Noord"
        initiative.save()
    url = reverse("audit:object_history", args=["portfolio", "initiative", initiative.pk])
    body = pm_client.get(url).content.decode()
    assert "Fietsroute Noord" in body
    assert "Gewijzigd" in body
    assert "Aangemaakt" in body
    assert personas[Role.PORTFOLIO_MANAGER].username in body


def test_audit_log_requires_audit_right(municipality, personas, client_for):
    InitiativeFactory(municipality=municipality, title="Zichtbaar in log")
    assert client_for(personas[Role.READER]).get(reverse("audit:log")).status_code == 403
    response = client_for(personas[Role.ADMINISTRATOR]).get(reverse("audit:log"))
    assert response.status_code == 200
    assert "Zichtbaar in log" in response.content.decode()


def test_admin_site_shows_audit_read_only(municipality, client_for):
    from tests.factories import UserFactory

    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    InitiativeFactory(municipality=municipality)
    client = client_for(superuser)
    event = AuditEvent.objects.first()
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    response = client.post(
        reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_log_shows_logins_of_members_only(municipality, personas, outsider, client_for):
    Client().post(reverse("login"), {"username": personas[Role.READER].username, "password": "x"})
    Client().post(reverse("login"), {"username": outsider.username, "password": "x"})
    page = client_for(personas[Role.ADMINISTRATOR]).get(reverse("audit:log"))
    names = {event.actor_name for event in page.context["page"].object_list}
    assert personas[Role.READER].username in names
    assert outsider.username not in names


def test_every_event_is_a_structured_log_line_without_values(municipality, personas, caplog):
    import json
    import logging

    from koersvast.core.logging import JsonFormatter

    caplog.set_level(logging.INFO, logger="koersvast.audit")
    client = Client(REMOTE_ADDR="192.0.2.9")
    client.post(reverse("login"), {"username": personas[Role.READER].username, "password": "x"})
    InitiativeFactory(municipality=municipality, title="Geheime herindeling")

    audit = [r for r in caplog.records if r.name == "koersvast.audit"]
    lines = [json.loads(JsonFormatter().format(r)) for r in audit]
    failed = next(line for line in lines if line["action"] == "login_failed")
    assert failed["actor"] == personas[Role.READER].username
    assert failed["result"] == "failure"
    assert failed["origin"] == "192.0.2.9"
    assert failed["timestamp"].endswith("+00:00")
    created = next(
        line
        for line in lines
        if line["action"] == "create" and line["object"].startswith("portfolio.initiative:")
    )
    assert "title" in created["changed_fields"]
    assert "Geheime herindeling" not in json.dumps(lines)
    assert not any("password" in line for line in lines)
