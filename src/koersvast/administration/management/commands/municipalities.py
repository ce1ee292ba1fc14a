"""`koersvast municipalities`: add municipalities from the packaged CBS list (with the defaults
every new municipality gets; the operator can also do this on the Installatie page)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from koersvast.audit.context import AuditContext, acting_as
from koersvast.tenancy.selectors import cbs_municipalities
from koersvast.tenancy.services import municipality_create_from_cbs

from ...services import municipality_defaults


class Command(BaseCommand):
    help = "Voeg gemeenten toe uit de CBS-lijst / add municipalities from the CBS list (GM codes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("codes", nargs="*", metavar="GM_CODE")
        parser.add_argument("--all", action="store_true", help="All 342 municipalities.")
        parser.add_argument("--list", action="store_true", help="Print the list and exit.")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        known = cbs_municipalities()
        if options["list"]:
            for entry in known.values():
                self.stdout.write(
                    f"{entry.cbs_code}  {entry.name} ({entry.province}, {entry.inhabitants})"
                )
            return
        codes = list(known) if options["all"] else [code.upper() for code in options["codes"]]
        if not codes:
            raise CommandError("Geef GM-codes op of --all / give GM codes or --all.")
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise CommandError(f"Onbekende CBS-code(s) / unknown code(s): {', '.join(unknown)}")
        with acting_as(AuditContext(origin="command")):
            for code in codes:
                municipality = municipality_create_from_cbs(cbs_code=code)
                municipality_defaults(municipality=municipality)
        self.stdout.write(self.style.SUCCESS(f"{len(codes)} gemeente(n) aanwezig."))
