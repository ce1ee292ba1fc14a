"""`koersvast createoperator NAME`: an operator of the installation (a Django superuser).

The operator adds municipalities and invites their first beheerder (page *Installatie*), and
may use the Django admin. An operator holds no role in any municipality.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from koersvast.audit.context import AuditContext, acting_as

from ...services import operator_create
from ..passwords import password_for


class Command(BaseCommand):
    help = (
        "Maak een beheerder van de installatie aan / create an operator of the installation "
        "(password from KOERSVAST_OPERATOR_PASSWORD or a prompt)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        if user_model.objects.filter(username=options["username"]).exists():
            raise CommandError(f"Gebruiker '{options['username']}' bestaat al / already exists.")
        user = user_model(username=options["username"], email=options["email"])
        password = password_for(user, env="KOERSVAST_OPERATOR_PASSWORD")
        with acting_as(AuditContext(origin="command")), transaction.atomic():
            operator_create(username=options["username"], email=options["email"], password=password)
        self.stdout.write(
            self.style.SUCCESS(f"Beheerder van de installatie '{options['username']}' aangemaakt.")
        )
