"""The monitoring demo data: idempotent and complete enough for every page."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from koersvast.audit.context import AuditContext, acting_as
from koersvast.demo.monitoring_demo import load_monitoring
from koersvast.monitoring.models import (
    Benefit,
    BenefitMeasurement,
    BudgetLine,
    Milestone,
    Opgave,
    PhaseGate,
    Programme,
    ProgrammeReport,
    ProgressReport,
    ProjectMeeting,
    Risk,
)
from tests.demo_snapshot import load_demo

MODELS = [
    ProjectMeeting,
    ProgressReport,
    Risk,
    Benefit,
    BenefitMeasurement,
    BudgetLine,
    PhaseGate,
    Programme,
    Milestone,
    ProgrammeReport,
]


@pytest.mark.django_db
def test_load_monitoring_is_idempotent():
    municipality, _logins = load_demo()
    users = {u.username: u for u in get_user_model().objects.all()}
    with acting_as(AuditContext(origin="demo")):
        load_monitoring(municipality, users=users)
    counts = [model.objects.count() for model in MODELS]
    assert all(counts), counts
    with acting_as(AuditContext(origin="demo")):
        load_monitoring(municipality, users=users)
    assert [model.objects.count() for model in MODELS] == counts
    call_command("remind_reports")  # the demo leaves some reports overdue


@pytest.mark.django_db
def test_demo_programme_is_a_steering_unit():
    """Issue 17: an opgave with owner and goals, a programme with a steering group, linked
    objectives, its own budget and a submitted programme report that rolls up its projects."""
    load_demo()
    opgave = Opgave.objects.exclude(owner=None).get()
    assert opgave.goals and opgave.objectives.exists()
    programme = Programme.objects.exclude(steering_group=None).get()
    assert programme.opgave == opgave and programme.own_budget
    assert programme.objectives.exists()
    report = ProgrammeReport.objects.get(programme=programme)
    assert report.is_frozen
    assert report.snapshot["projects"] and report.snapshot["totals"]["projects"] >= 2
