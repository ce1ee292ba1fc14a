"""`koersvast cleanup-jobs`: fail optimisation jobs a killed worker left queued or running."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from koersvast.planning.services.jobs import fail_stale_jobs


class Command(BaseCommand):
    help = (
        "Berekeningen die door een gestopte worker zijn blijven hangen als mislukt markeren / "
        "mark optimisation jobs left behind by a stopped worker as failed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        failed = fail_stale_jobs()
        self.stdout.write(f"{failed} vastgelopen berekening(en) als mislukt gemarkeerd.")
