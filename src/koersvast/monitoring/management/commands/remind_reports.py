"""`koersvast remind-reports`: remind the opdrachtnemer of every overdue progress report."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from koersvast.audit.context import AuditContext, acting_as
from koersvast.monitoring.services.reports import reports_remind


class Command(BaseCommand):
    help = (
        "Herinner opdrachtnemers aan te late voortgangsrapportages / remind about overdue reports"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", help="Datum (JJJJ-MM-DD) om mee te rekenen; standaard vandaag."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = datetime.date.fromisoformat(options["today"]) if options["today"] else None
        with acting_as(AuditContext(origin="remind-reports")):
            sent = reports_remind(today=today)
        self.stdout.write(f"{sent} herinnering(en) verstuurd.")
