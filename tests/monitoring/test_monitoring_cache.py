"""Monitoring settings from the shared cache: a change shows on the next request."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from koersvast.monitoring.selectors.phases import PhaseStep, standard_phases
from koersvast.monitoring.services.phases import phase_model_write
from koersvast.monitoring.services.reports import rag_definitions_set
from koersvast.tenancy.choices import Role
from tests.factories import InitiativeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_cache")]


@pytest.fixture
def leader_and_initiative(municipality, personas, client_for) -> tuple[Any, Any]:
    leader = personas[Role.PROJECT_LEADER]
    initiative = InitiativeFactory(
        municipality=municipality, state="in_uitvoering", contractor=leader
    )
    return client_for(leader), initiative


def test_a_new_colour_meaning_shows_on_the_next_report_form(
    municipality, personas, leader_and_initiative, django_capture_on_commit_callbacks
) -> None:
    client, initiative = leader_and_initiative
    url = reverse("monitoring:report_create", args=[initiative.pk])
    assert "Eigen betekenis van rood" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        rag_definitions_set(
            municipality_id=municipality.pk,
            meanings={"rood": "Eigen betekenis van rood"},
            by=personas[Role.PORTFOLIO_MANAGER],
        )
    assert "Eigen betekenis van rood" in client.get(url).content.decode()


def test_a_new_phase_model_shows_on_the_next_monitoring_page(
    municipality, leader_and_initiative, django_capture_on_commit_callbacks
) -> None:
    client, initiative = leader_and_initiative
    url = reverse("monitoring:initiative", args=[initiative.pk])
    assert "Haalbaarheidsfase" not in client.get(url).content.decode()
    steps = [
        PhaseStep("haalbaarheid", "Haalbaarheidsfase", ["Haalbaarheidsstudie"]),
        *standard_phases(),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        phase_model_write(municipality_id=municipality.pk, steps=steps)
    assert "Haalbaarheidsfase" in client.get(url).content.decode()
