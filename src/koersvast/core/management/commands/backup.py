"""`koersvast backup FILE.zip [--municipality GM0344] [--storage]`: data, files and a manifest.

With --storage the zip goes to the file storage (backups/FILE.zip; object storage under
KOERSVAST_S3_*), for installations whose pods have no writable disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from koersvast.core.backup import backup, backup_to_storage


class Command(BaseCommand):
    help = "Back-up maken van alle gegevens en bestanden / back up all data and uploaded files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the zip file to write")
        parser.add_argument(
            "--municipality",
            metavar="CBS_CODE",
            help="only this municipality (e.g. GM0344), with the accounts its data refers to",
        )
        parser.add_argument(
            "--storage",
            action="store_true",
            help="write to the file storage as backups/FILE (object storage with KOERSVAST_S3_*)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from koersvast.tenancy.models import Municipality

        municipality = None
        if options["municipality"]:
            municipality = Municipality.objects.filter(cbs_code=options["municipality"]).first()
            if municipality is None:
                raise CommandError(
                    f"Onbekende gemeente / unknown municipality: {options['municipality']}"
                )
        if options["storage"]:
            target, summary = backup_to_storage(str(options["file"]), municipality)
            target = f"opslag:{target}"
        else:
            target, summary = str(options["file"]), backup(options["file"], municipality)
        self.stdout.write(
            f"Back-up geschreven naar {target}: {summary.rows} rijen in "
            f"{len(summary.tables)} tabellen, {summary.files} bestanden."
        )
