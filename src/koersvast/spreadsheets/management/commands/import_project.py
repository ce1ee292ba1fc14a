"""`koersvast import-project FILE.xml --municipality GM_CODE [--level N] [--domain NAME]
[--dry-run]`: a Microsoft Project XML (MSPDI) plan, through the same import as Excel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from koersvast.audit.context import AuditContext, acting_as
from koersvast.spreadsheets.management.report import write_report
from koersvast.spreadsheets.project import read_project
from koersvast.spreadsheets.reading import WorkbookRejected
from koersvast.spreadsheets.services import table_import
from koersvast.tenancy.models import Municipality


class Command(BaseCommand):
    help = (
        "Portfolio uit Microsoft Project (XML) importeren / import a portfolio from a "
        "Microsoft Project XML (MSPDI) file"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--municipality", required=True, help="CBS-code, bijv. GM0344")
        parser.add_argument(
            "--level", type=int, default=1, help="overzichtsniveau van de initiatieven (1)"
        )
        parser.add_argument("--domain", default="", help="domein voor alle taken (naam of code)")
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
            table = read_project(
                content, level=options["level"], domain=options["domain"], name=options["file"].name
            )
            with acting_as(AuditContext(origin="import-project")):
                report = table_import(
                    municipality=municipality, by=None, table=table, dry_run=options["dry_run"]
                )
        except WorkbookRejected as exc:
            raise CommandError(str(exc)) from exc
        write_report(self, report, row="taak", source="plan")
