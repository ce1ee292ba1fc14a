"""How the import commands (Excel and Project) report their result on the command line."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError


def write_report(command: BaseCommand, report: Any, *, row: str, source: str) -> None:
    """Each issue on stderr ("<row> 12, kolom Titel «x»: …"), then the totals; raises
    CommandError when nothing was imported. `row` and `source` name a row and the sheet/plan."""
    for issue in report.issues:
        where = f"{row} {issue.row}" if issue.row else "bestand"
        column = f", kolom {issue.column}" if issue.column else ""
        value = f" «{issue.value}»" if issue.value else ""
        command.stderr.write(f"{where}{column}{value}: {issue.message}")
    if not report.ok:
        raise CommandError(f"Niets geïmporteerd: {len(report.issues)} probleem/problemen.")
    prefix = "Proefimport (niets opgeslagen)" if report.dry_run else "Geïmporteerd"
    command.stdout.write(
        f"{prefix}: {report.created} nieuw, {report.updated} bijgewerkt, "
        f"{report.unchanged} ongewijzigd ({source} {report.sheet})."
    )
