"""Writes of Beheer: operators of the installation, and adding a municipality (decision 1001)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from koersvast.audit.choices import AuditAction
from koersvast.audit.recorder import record
from koersvast.core.errors import DomainError
from koersvast.identity.services import InvitationResult, invitation_create
from koersvast.intake.configuration import advice_kinds_seed
from koersvast.library.kinds import WriteResult, get_kind
from koersvast.tenancy.choices import Role
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action, can, is_operator
from koersvast.tenancy.selectors import cbs_municipalities
from koersvast.tenancy.services import municipality_create_from_cbs

# The audit trail names the change of an account's kind with this field.
OPERATOR_FIELD = "beheerder van de installatie"


@transaction.atomic
def operator_create(*, username: str, email: str, password: str) -> Any:
    """An operator: a superuser with a password and no role in any municipality (audited)."""
    user = get_user_model()(
        username=username, email=email, is_staff=True, is_superuser=True, is_active=True
    )
    user.set_password(password)
    user.save()
    record(action=AuditAction.CREATE, obj=user, changes={OPERATOR_FIELD: [None, "ja"]})
    return user


@transaction.atomic
def operator_demote(*, user: Any) -> Any:
    """Take away the superuser and staff flags (roles in municipalities stay), audited."""
    user.is_superuser = user.is_staff = False
    user.save(update_fields=["is_superuser", "is_staff"])
    record(action=AuditAction.UPDATE, obj=user, changes={OPERATOR_FIELD: ["ja", "nee"]})
    return user


class OperatorError(DomainError):
    """An operator's request that cannot be carried out, with a Dutch message."""


def _roles_for_first_beheerder(also_portfolio_manager: bool) -> list[str]:
    roles = [Role.ADMINISTRATOR]
    if also_portfolio_manager:
        roles.append(Role.PORTFOLIO_MANAGER)
    return [str(role) for role in roles]


@transaction.atomic
def municipality_add(
    *,
    cbs_code: str,
    by: Any,
    email: str,
    first_name: str = "",
    last_name: str = "",
    also_portfolio_manager: bool = False,
) -> tuple[Municipality, InvitationResult]:
    """The operator adds a municipality from the CBS list and invites its first beheerder.

    One transaction: the municipality, its defaults and the invitation, or nothing.
    """
    if not is_operator(by):
        raise PermissionDenied
    code = cbs_code.strip().upper()
    if code not in cbs_municipalities():
        raise OperatorError(_("Onbekende CBS-code: %(code)s.") % {"code": code})
    if Municipality.objects.filter(cbs_code=code).exists():
        raise OperatorError(_("Deze gemeente is al toegevoegd."))
    municipality = municipality_create_from_cbs(cbs_code=code)
    municipality_defaults(municipality=municipality)
    result = invitation_create(
        municipality=municipality,
        email=email,
        roles=_roles_for_first_beheerder(also_portfolio_manager),
        by=by,
        first_name=first_name,
        last_name=last_name,
    )
    return municipality, result


def municipality_defaults(*, municipality: Municipality) -> None:
    """What every new municipality starts with, so that nothing changes compared with the
    existing ones (the advice kinds that used to be fixed in code, see decision 1001)."""
    advice_kinds_seed(municipality=municipality)


@transaction.atomic
def beheerder_invite(
    *,
    municipality: Municipality,
    by: Any,
    email: str,
    first_name: str = "",
    last_name: str = "",
    also_portfolio_manager: bool = False,
) -> InvitationResult:
    """The operator invites a (new) beheerder of an existing municipality, e.g. when the last
    one left; the operator itself gets no role there."""
    if not is_operator(by):
        raise PermissionDenied
    return invitation_create(
        municipality=municipality,
        email=email,
        roles=_roles_for_first_beheerder(also_portfolio_manager),
        by=by,
        first_name=first_name,
        last_name=last_name,
    )


# --- the first-run guide's starter templates ----------------------------------------------

# Template kinds with a packaged starter (data/starters/<kind>.json). RAG definitions and the
# phase model need none: a municipality without its own uses the standard ones.
STARTER_KINDS = ("afwegingskader", "toelatingscriteria")


def starter_content(kind: str) -> dict[str, Any]:
    if kind not in STARTER_KINDS:
        raise OperatorError(_("Onbekend startsjabloon."))
    text = resources.files("koersvast").joinpath(f"data/starters/{kind}.json").read_text("utf-8")
    return dict(json.loads(text))


@transaction.atomic
def starter_apply(*, municipality: Municipality, kind: str, by: Any) -> WriteResult:
    """Write a packaged starter into the municipality, as adopting a library template would:
    a framework becomes a draft to adapt and publish, criteria are added. All or nothing."""
    if not can(by, municipality.pk, Action.TEMPLATE_PUBLISH):
        raise PermissionDenied
    content = starter_content(kind)
    handler = get_kind(kind)
    handler.validate(content, municipality)
    return handler.write(municipality, content, merge=False)
