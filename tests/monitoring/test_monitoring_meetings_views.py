"""Recording a project start-up or koersvast-gesprek with action items, and following up."""

from __future__ import annotations

import pytest
from django.urls import reverse

from koersvast.monitoring.models import MeetingAction, ProjectMeeting
from koersvast.tenancy.choices import Role
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def test_project_leader_records_a_meeting_and_closes_an_action(municipality, personas, client_for):
    leader = personas[Role.PROJECT_LEADER]
    initiative = InitiativeFactory(
        municipality=municipality, state="in_uitvoering", contractor=leader
    )
    client = client_for(leader)
    url = reverse("monitoring:meeting_create", args=[initiative.pk])
    page = client.get(url, {"soort": "projectstart"}).content.decode()
    assert "Driehoek en rollen" in page  # the start-up agenda is offered as a checklist
    bad = client.post(url, {"kind": "koersvast", "held_on": "2027-02-01", "owner_0": leader.pk})
    assert "Beschrijf de actie" in bad.content.decode()
    assert not ProjectMeeting.objects.exists()
    data = {
        "kind": "koersvast",
        "held_on": "2027-02-01",
        "notes": "Loopt volgens plan.",
        "action_0": "Planning herzien",
        "owner_0": leader.pk,
        "due_0": "2027-03-01",
    }
    assert client.post(url, data).status_code == 302
    action = MeetingAction.objects.get()
    assert action.owner == leader
    # Follow-up: the open action is shown when the next meeting is recorded.
    assert "Planning herzien" in client.get(url).content.decode()
    client.post(reverse("monitoring:action_done", args=[action.pk]))
    action.refresh_from_db()
    assert action.done
    assert client_for(personas[Role.READER]).get(url).status_code == 403
