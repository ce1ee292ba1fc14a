"""`koersvast createadmin`: an administrator (Django superuser) with the beheerder role."""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from koersvast.tenancy.choices import Role
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.services import membership_grant


class Command(BaseCommand):
    help = (
        "Maak een beheerder aan / create an administrator "
        "(password from KOERSVAST_ADMIN_PASSWORD or a prompt)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--municipality",
            action="append",
            default=[],
            metavar="GM_CODE",
            help="Give the beheerder role in this municipality (repeatable).",
        )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        password = os.environ.get("KOERSVAST_ADMIN_PASSWORD") or getpass.getpass("Wachtwoord: ")
        user = user_model(username=options["username"], email=options["email"])
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if user_model.objects.filter(username=options["username"]).exists():
            raise CommandError(f"Gebruiker '{options['username']}' bestaat al / already exists.")
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        for code in options["municipality"]:
            municipality = Municipality.objects.filter(cbs_code=code.upper()).first()
            if municipality is None:
                raise CommandError(f"Onbekende gemeente / unknown municipality: {code}")
            membership_grant(user=user, municipality=municipality, roles=[Role.ADMINISTRATOR])
        self.stdout.write(self.style.SUCCESS(f"Beheerder '{user.username}' aangemaakt."))
