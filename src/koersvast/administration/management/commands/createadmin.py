"""`koersvast createadmin NAME --municipality GM…`: the first beheerder of a municipality.

A beheerder manages users, roles and settings of their own municipality only. The account is
never a superuser or staff: it cannot open the Django admin (decision 1001). Operators of the
installation are made with `koersvast createoperator`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from koersvast.audit.context import AuditContext, acting_as
from koersvast.tenancy.choices import Role
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.services import membership_grant

from ..passwords import password_for


class Command(BaseCommand):
    help = (
        "Maak een beheerder van een gemeente aan / create a municipality's administrator "
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
            help="Give the beheerder role in this municipality (required, repeatable).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        codes = [code.upper() for code in options["municipality"]]
        if not codes:
            raise CommandError(
                "Geef --municipality GM… op / give --municipality GM…. Een beheerder van de "
                "installatie maakt u met / an operator is made with: koersvast createoperator."
            )
        municipalities = []
        for code in codes:
            municipality = Municipality.objects.filter(cbs_code=code).first()
            if municipality is None:
                raise CommandError(f"Onbekende gemeente / unknown municipality: {code}")
            municipalities.append(municipality)
        user_model = get_user_model()
        if user_model.objects.filter(username=options["username"]).exists():
            raise CommandError(f"Gebruiker '{options['username']}' bestaat al / already exists.")
        user = user_model(username=options["username"], email=options["email"])
        user.set_password(password_for(user, env="KOERSVAST_ADMIN_PASSWORD"))
        with acting_as(AuditContext(origin="command")), transaction.atomic():
            user.save()
            for municipality in municipalities:
                membership_grant(user=user, municipality=municipality, roles=[Role.ADMINISTRATOR])
        names = ", ".join(m.name for m in municipalities)
        self.stdout.write(self.style.SUCCESS(f"Beheerder '{user.username}' aangemaakt ({names})."))
