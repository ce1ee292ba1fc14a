"""Progress reports: drafts, submission (then frozen), corrections, reminders; RAG meanings."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koersvast.core.concurrency import check_version
from koersvast.notifications.services import notify

from ..choices import Rag, ReportStatus
from ..errors import MonitoringError
from ..models import (
    ProgressReport,
    RagDefinition,
)
from ..rules import may_manage, may_report, require
from ..selectors.periods import reporting_period
from ..selectors.reports import ASPECT_FIELDS, overdue_initiatives


@transaction.atomic
def rag_definitions_set(*, municipality_id: int, meanings: Mapping[str, str], by: Any) -> None:
    """Record the municipality's own meaning of each colour."""
    require(may_manage(by, municipality_id))
    for colour in Rag:
        meaning = (meanings.get(colour.value) or "").strip()
        if meaning:
            RagDefinition.objects.update_or_create(
                municipality_id=municipality_id, colour=colour.value, defaults={"meaning": meaning}
            )


@transaction.atomic
def report_save(
    *,
    report: ProgressReport,
    by: Any,
    submit: bool = False,
    expected_version: str | None = None,
) -> ProgressReport:
    """Save a draft report (and submit it when asked); a submitted report is frozen.

    With `expected_version` (the version the edit started from) a draft that someone saved or
    submitted meanwhile raises `EditConflict` instead of being overwritten.
    """
    require(may_report(by, report.initiative))
    if report.pk is not None:
        current = check_version(report, expected_version)
        if current.is_frozen:
            raise MonitoringError(
                _("Een ingediende rapportage verandert niet meer; maak een correctie.")
            )
    if report.pk is not None and report.is_frozen:
        raise MonitoringError(
            _("Een ingediende rapportage verandert niet meer; maak een correctie.")
        )
    if report.pk is None:
        clash = ProgressReport.objects.filter(
            initiative=report.initiative,
            year=report.year,
            quarter=report.quarter,
            version=report.version,
        ).exists()
        if clash:
            raise MonitoringError(
                _("Er is al een rapportage over %(period)s; open die of maak een correctie.")
                % {"period": report.period_label}
            )
        report.author = by
    report.rag_overall = report.worst_colour()
    report.full_clean(exclude=["corrects"])
    if submit:
        report.status = ReportStatus.SUBMITTED
        report.submitted_by = by
        report.submitted_at = timezone.now()
    report.save()
    return report


def report_submit(*, report: ProgressReport, by: Any) -> ProgressReport:
    return report_save(report=report, by=by, submit=True)


@transaction.atomic
def report_correct(*, report: ProgressReport, by: Any) -> ProgressReport:
    """Start a correction: a new draft version that refers to the submitted report."""
    require(may_report(by, report.initiative))
    if not report.is_frozen:
        raise MonitoringError(_("Een concept pas je gewoon aan; corrigeren kan na indienen."))
    if ProgressReport.objects.filter(corrects=report).exists():
        raise MonitoringError(_("Op deze versie bestaat al een correctie."))
    latest = (
        ProgressReport.objects.filter(
            initiative_id=report.initiative_id, year=report.year, quarter=report.quarter
        )
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    copy = ProgressReport(
        municipality_id=report.municipality_id,
        initiative=report.initiative,
        year=report.year,
        quarter=report.quarter,
        version=(latest or report.version) + 1,
        corrects=report,
        narrative=report.narrative,
        forecast=report.forecast,
        expected_end_year=report.expected_end_year,
        expected_end_quarter=report.expected_end_quarter,
        decisions_needed=report.decisions_needed,
        author=by,
        **{field: getattr(report, field) for field in ASPECT_FIELDS},
    )
    copy.rag_overall = copy.worst_colour()
    copy.save()
    return copy


def reports_remind(*, today: datetime.date | None = None) -> int:
    """Remind the opdrachtnemer of every overdue report; returns the number of reminders."""
    today = today or timezone.localdate()
    year, quarter = reporting_period(today)
    sent = 0
    for initiative in overdue_initiatives(today=today).select_related("contractor"):
        if initiative.contractor is None:
            continue
        notify(
            recipients=[initiative.contractor],
            initiative=initiative,
            message=_(
                "De voortgangsrapportage over %(period)s van %(initiative)s is te laat; "
                "lever die zo snel mogelijk in."
            )
            % {"period": f"{year}-Q{quarter}", "initiative": initiative},
        )
        sent += 1
    return sent
