"""Progress reports: rights, freezing, corrections, overdue reports and reminders."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from koersvast.monitoring.errors import MonitoringError
from koersvast.monitoring.models import FrozenReportError, ProgressReport
from koersvast.monitoring.selectors.periods import report_due, reporting_period
from koersvast.monitoring.selectors.reports import (
    ASPECT_FIELDS,
    overdue_initiatives,
    running_initiatives,
)
from koersvast.monitoring.services.reports import report_correct, report_save, report_submit
from koersvast.notifications.models import Notification
from koersvast.tenancy.choices import Role
from tests.factories import InitiativeFactory, ProgressReportFactory

GREEN = dict.fromkeys(ASPECT_FIELDS, "groen")


@pytest.fixture
def running(municipality, personas):
    return InitiativeFactory(
        municipality=municipality,
        state="in_uitvoering",
        contractor=personas[Role.PROJECT_LEADER],
        official_sponsor=personas[Role.OFFICIAL_SPONSOR],
    )


def _report(initiative, **values):
    data = {**GREEN, "narrative": "Op koers.", **values}
    return ProgressReport(
        municipality_id=initiative.municipality_id,
        initiative=initiative,
        year=2026,
        quarter=2,
        **data,
    )


def test_project_leader_submits_and_report_is_frozen(running, personas):
    leader = personas[Role.PROJECT_LEADER]
    report = report_save(report=_report(running, rag_money="oranje"), by=leader, submit=True)
    assert report.status == "ingediend"
    assert report.rag_overall == "oranje"
    assert report.submitted_by == leader
    fresh = ProgressReport.objects.get(pk=report.pk)
    fresh.narrative = "Stiekem aangepast"
    with pytest.raises(FrozenReportError):
        fresh.save()
    with pytest.raises(MonitoringError):
        report_save(report=fresh, by=leader)
    with pytest.raises(FrozenReportError):
        fresh.delete()
    assert ProgressReport.objects.get(pk=report.pk).narrative == "Op koers."


def test_correction_is_a_new_version(running, personas):
    leader = personas[Role.PROJECT_LEADER]
    first = report_save(report=_report(running), by=leader, submit=True)
    correction = report_correct(report=first, by=leader)
    assert (correction.version, correction.corrects, correction.status) == (2, first, "concept")
    correction.rag_time = "rood"
    correction.forecast = "Twee maanden later."
    report_submit(report=correction, by=leader)
    assert ProgressReport.objects.get(pk=first.pk).rag_overall == "groen"
    with pytest.raises(MonitoringError):
        report_correct(report=first, by=leader)
    latest = running_initiatives(municipality=running.municipality).get()
    assert latest.latest_report_id == correction.pk
    assert latest.latest_overall == "rood"


def test_second_report_for_same_quarter_is_refused(running, personas):
    leader = personas[Role.PROJECT_LEADER]
    report_save(report=_report(running), by=leader)
    with pytest.raises(MonitoringError, match="al een rapportage"):
        report_save(report=_report(running), by=leader)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.PROJECT_LEADER, True),
        (Role.PORTFOLIO_MANAGER, True),
        (Role.OFFICIAL_SPONSOR, False),
        (Role.READER, False),
    ],
)
def test_who_may_report(running, personas, role, allowed):
    if allowed:
        report_save(report=_report(running), by=personas[role])
    else:
        with pytest.raises(PermissionDenied):
            report_save(report=_report(running), by=personas[role])


def test_project_leader_may_not_report_on_someone_elses_initiative(municipality, personas):
    other = InitiativeFactory(municipality=municipality, state="in_uitvoering")
    with pytest.raises(PermissionDenied):
        report_save(report=_report(other), by=personas[Role.PROJECT_LEADER])


def test_periods():
    assert reporting_period(datetime.date(2026, 4, 10)) == (2025, 4)
    assert reporting_period(datetime.date(2026, 4, 30)) == (2026, 1)
    assert report_due(2025, 4) == datetime.date(2026, 1, 22)


def test_overdue_and_reminders(running, municipality, personas):
    done = InitiativeFactory(municipality=municipality, state="in_uitvoering")
    ProgressReportFactory(initiative=done, year=2026, quarter=1, status="ingediend")
    InitiativeFactory(municipality=municipality, state="gepland")  # not running
    today = datetime.date(2026, 5, 1)
    overdue = list(overdue_initiatives(today=today, municipality=municipality))
    assert overdue == [running]
    call_command("remind_reports", today="2026-05-01")
    note = Notification.objects.get(recipient=personas[Role.PROJECT_LEADER])
    assert "2026-Q1" in note.message and running.reference in note.message
