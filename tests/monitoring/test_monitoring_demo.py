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
    PhaseGate,
    Programme,
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
