"""`koersvast demo`: load (or complete) the demo municipality and print its logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from koersvast.demo.services import demo_load


class Command(BaseCommand):
    help = "Laad de demogemeente 'Gemeente Voorbeeld' (idempotent) / load the demo municipality."

    def handle(self, *args: Any, **options: Any) -> None:
        municipality, logins = demo_load()
        self.stdout.write(
            self.style.SUCCESS(f"{municipality.name} ({municipality.cbs_code}) staat klaar.")
        )
        self.stdout.write("Demo-accounts (gebruikersnaam / wachtwoord / rol):")
        for login in logins:
            self.stdout.write(
                f"  {login.username:<18} {login.password:<16} {', '.join(login.roles)}"
            )
