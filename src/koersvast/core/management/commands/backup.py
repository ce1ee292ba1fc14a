"""`koersvast backup FILE.zip`: data, uploaded files and a checksum manifest in one file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from koersvast.core.backup import backup


class Command(BaseCommand):
    help = "Back-up maken van alle gegevens en bestanden / back up all data and uploaded files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the zip file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        summary = backup(options["file"])
        self.stdout.write(
            f"Back-up geschreven naar {options['file']}: {summary.rows} rijen in "
            f"{len(summary.tables)} tabellen, {summary.files} bestanden."
        )
