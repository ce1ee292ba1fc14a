"""`koersvast reset-mfa USERNAME`: remove an account's second factor so that it enrols again.

For the operator of the installation, e.g. when a superuser lost their phone: administrators
reset members of their own municipality in Beheer, but nobody there stands above a superuser.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from koersvast.audit.context import AuditContext, acting_as
from koersvast.identity.services import mfa_reset_by_operator


class Command(BaseCommand):
    help = (
        "Tweestapsverificatie van een account herstellen / reset an account's second factor "
        "(it enrols again at its next login)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Onbekende gebruiker / unknown user: {options['username']}")
        with acting_as(AuditContext(origin="command")):
            removed = mfa_reset_by_operator(user=user)
        if not removed:
            self.stdout.write(f"'{user.username}' had geen tweede factor / had no second factor.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Tweede factor van '{user.username}' verwijderd / second factor removed "
                f"({removed})."
            )
        )
