"""`koersvast api-token USERNAME [--municipality GM0363] [--name NAME]`: print a new API token."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from koersvast.audit.context import AuditContext, acting_as
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import roles_by_municipality

from ...tokens import token_create


class Command(BaseCommand):
    help = "Maak een API-sleutel voor een gebruiker / create an API token for a user."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--municipality",
            help="CBS-code, bijv. GM0363 (standaard: de enige gemeente van de gebruiker)",
        )
        parser.add_argument("--name", default="Commandoregel", help="Naam van de sleutel")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None or not user.is_active:
            raise CommandError(f"Onbekende of inactieve gebruiker: {options['username']}")
        member_of = Municipality.objects.filter(pk__in=list(roles_by_municipality(user)))
        code = options["municipality"]
        if code:
            municipality = member_of.filter(cbs_code=code.upper()).first()
            if municipality is None:
                raise CommandError(f"{user.username} is geen lid van gemeente {code}.")
        elif member_of.count() == 1:
            municipality = member_of.get()
        else:
            codes = ", ".join(member_of.order_by("cbs_code").values_list("cbs_code", flat=True))
            raise CommandError(f"Kies een gemeente met --municipality ({codes or 'geen lid'}).")
        with acting_as(AuditContext(user=user, origin="command")):
            created = token_create(user=user, municipality=municipality, name=options["name"])
        self.stdout.write(created.key)
