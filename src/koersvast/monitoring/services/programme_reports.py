"""Programme reports: drawn up by the programme manager, snapshotting the projects' roll-up,
then submitted and frozen (decision 0303); and the benefits map of a programme."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koersvast.portfolio.models import Initiative

from ..choices import ReportStatus
from ..errors import MonitoringError
from ..models import Benefit, ProgrammeReport
from ..rules import may_manage, may_report_programme, require
from ..selectors.steering import programme_snapshot
from .programmes import links_set


@transaction.atomic
def programme_report_save(
    *,
    report: ProgrammeReport,
    by: Any,
    submit: bool = False,
    today: datetime.date | None = None,
) -> ProgrammeReport:
    """Save a draft programme report (and submit it when asked).

    Every save of a draft takes a fresh snapshot of the projects, so what is submitted is the
    state at submission; after that the report is frozen. One report per programme and quarter.
    """
    require(may_report_programme(by, report.programme))
    if report.pk is not None:
        current = ProgrammeReport.objects.select_for_update().get(pk=report.pk)
        if current.is_frozen:
            raise MonitoringError(_("Een ingediende programmarapportage verandert niet meer."))
    if report.pk is None:
        clash = ProgrammeReport.objects.filter(
            programme=report.programme, year=report.year, quarter=report.quarter
        ).exists()
        if clash:
            raise MonitoringError(
                _("Er is al een programmarapportage over %(period)s; open die.")
                % {"period": report.period_label}
            )
        report.author = by
    today = today or timezone.localdate()
    report.snapshot = programme_snapshot(
        programme=report.programme, year=report.year, quarter=report.quarter, today=today
    )
    report.snapshot_at = timezone.now()
    report.status = ReportStatus.DRAFT
    report.full_clean(exclude=["snapshot"])
    if submit:
        report.status = ReportStatus.SUBMITTED
        report.submitted_by = by
        report.submitted_at = timezone.now()
    report.save()
    return report


def programme_report_submit(
    *, report: ProgrammeReport, by: Any, today: datetime.date | None = None
) -> ProgrammeReport:
    return programme_report_save(report=report, by=by, submit=True, today=today)


@transaction.atomic
def programme_benefit_save(
    *, benefit: Benefit, delivered_by: Iterable[Initiative], by: Any
) -> Benefit:
    """A programme's own benefit with the initiatives (of that programme) that deliver it."""
    require(may_manage(by, benefit.municipality_id))
    if benefit.programme_id is None:
        raise MonitoringError(_("Een baat van de kaart hoort bij een programma."))
    benefit.full_clean()
    benefit.save()
    members = {
        i.pk for i in Initiative.objects.filter(programme_link__programme_id=benefit.programme_id)
    }
    links_set(
        obj=benefit,
        field="delivered_by",
        chosen=[i for i in delivered_by if i.pk in members],
    )
    return benefit
