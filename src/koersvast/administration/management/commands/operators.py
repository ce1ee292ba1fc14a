"""`koersvast operators`: list the operators; `--demote NAME` makes one an ordinary account.

Before 0.2, `koersvast createadmin` made a municipality's beheerder a Django superuser, who
could open the Django admin and give itself a role in any municipality. Run this after the
upgrade: it lists every superuser and flags those holding a role in a municipality; demote
those (they keep their roles, lose the superuser and staff flags) and create a separate
operator with `koersvast createoperator` if the installation needs one.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from koersvast.audit.context import AuditContext, acting_as

from ...services import operator_demote


class Command(BaseCommand):
    help = (
        "Beheerders van de installatie tonen of terugzetten / list operators, or demote one "
        "(--demote USERNAME)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--demote", metavar="USERNAME", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        if options["demote"]:
            user = user_model.objects.filter(username=options["demote"]).first()
            if user is None or not (user.is_superuser or user.is_staff):
                raise CommandError(
                    f"'{options['demote']}' is geen beheerder van de installatie / "
                    "is not an operator."
                )
            with acting_as(AuditContext(origin="command")):
                operator_demote(user=user)
            self.stdout.write(self.style.SUCCESS(f"'{user.username}' is teruggezet / demoted."))
            return
        operators = user_model.objects.filter(is_superuser=True).order_by("username")
        staff = user_model.objects.filter(is_staff=True, is_superuser=False).order_by("username")
        for user in [*operators, *staff]:
            codes = sorted(
                {m.municipality.cbs_code for m in user.memberships.select_related("municipality")}
            )
            kind = "superuser" if user.is_superuser else "staff"
            warning = (
                f"  LET OP / WARNING: rollen in / roles in {', '.join(codes)}: "
                f"koersvast operators --demote {user.username}"
                if codes or not user.is_superuser
                else ""
            )
            self.stdout.write(f"{user.username} ({kind}){warning}")
