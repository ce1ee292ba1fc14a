"""`koersvast restore FILE.zip [--replace] [--storage]`: all of a backup, checked, or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from koersvast.core.backup import BackupError, restore, restore_from_storage


class Command(BaseCommand):
    help = (
        "Back-up terugzetten in een lege (of met --replace: deze) database / "
        "restore a backup into an empty database (or replace this one's data)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a zip file written by `koersvast backup`")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="remove all current data first (in the same transaction as the restore)",
        )
        parser.add_argument(
            "--storage",
            action="store_true",
            help="read backups/FILE from the file storage (written by `backup --storage`)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["storage"]:
                summary = restore_from_storage(str(options["file"]), replace=options["replace"])
            else:
                summary = restore(options["file"], replace=options["replace"])
        except BackupError as error:
            raise CommandError(f"Niets hersteld / nothing restored: {error}") from error
        self.stdout.write(
            f"Hersteld en gecontroleerd: {summary.rows} rijen in {len(summary.tables)} tabellen, "
            f"{summary.files} bestanden."
        )
