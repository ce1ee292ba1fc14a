"""`koersvast backup FILE.zip [--municipality GM0344]`: data, files and a checksum manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from koersvast.core.backup import backup


class Command(BaseCommand):
    help = "Back-up maken van alle gegevens en bestanden / back up all data and uploaded files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the zip file to write")
        parser.add_argument(
            "--municipality",
            metavar="CBS_CODE",
            help="only this municipality (e.g. GM0344), with the accounts its data refers to",
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
        summary = backup(options["file"], municipality)
        self.stdout.write(
            f"Back-up geschreven naar {options['file']}: {summary.rows} rijen in "
            f"{len(summary.tables)} tabellen, {summary.files} bestanden."
        )
