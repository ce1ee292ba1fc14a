"""`koersvast import-excel FILE --municipality GM_CODE [--sheet NAME] [--dry-run]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from koersvast.audit.context import AuditContext, acting_as
from koersvast.spreadsheets.management.report import write_report
from koersvast.spreadsheets.reading import WorkbookRejected
from koersvast.spreadsheets.services import portfolio_import
from koersvast.tenancy.models import Municipality


class Command(BaseCommand):
    help = "Portfoliolijst uit Excel importeren / import a portfolio list from an .xlsx file"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--municipality", required=True, help="CBS-code, bijv. GM0344")
        parser.add_argument("--sheet", default=None, help="werkblad (standaard: het eerste)")
        parser.add_argument("--dry-run", action="store_true", help="alleen controleren")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(cbs_code=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"Onbekende gemeente: {options['municipality']}")
        try:
            content = options["file"].read_bytes()
        except OSError as exc:
            raise CommandError(f"Bestand niet te lezen: {exc}") from exc
        try:
            with acting_as(AuditContext(origin="import-excel")):
                report = portfolio_import(
                    municipality=municipality,
                    by=None,
                    content=content,
                    sheet=options["sheet"],
                    dry_run=options["dry_run"],
                )
        except WorkbookRejected as exc:
            raise CommandError(str(exc)) from exc
        write_report(self, report, row="regel", source="werkblad")
