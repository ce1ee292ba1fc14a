"""Writes for municipalities and memberships."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .choices import Role
from .models import Membership, Municipality
from .policy import Action, can


@dataclass(frozen=True)
class CbsMunicipality:
    """One row of the packaged CBS list of the 342 municipalities."""

    cbs_code: str
    name: str
    province: str
    inhabitants: int


def cbs_municipalities() -> dict[str, CbsMunicipality]:
    """The packaged list of Dutch municipalities (data/gemeenten_nl.csv), by CBS code."""
    text = resources.files("koersvast").joinpath("data/gemeenten_nl.csv").read_text("utf-8")
    return {
        row["gm_code"]: CbsMunicipality(
            cbs_code=row["gm_code"],
            name=row["gemeentenaam"],
            province=row["provincie"],
            inhabitants=int(row["inwoners"]),
        )
        for row in csv.DictReader(text.splitlines())
    }


def municipality_create_from_cbs(*, cbs_code: str) -> Municipality:
    """Create (or return the existing) municipality from the CBS list; KeyError if unknown."""
    entry = cbs_municipalities()[cbs_code.upper()]
    municipality, _created = Municipality.objects.get_or_create(
        cbs_code=entry.cbs_code,
        defaults={"name": entry.name, "province": entry.province, "inhabitants": entry.inhabitants},
    )
    return municipality


@transaction.atomic
def municipality_settings_save(
    *, municipality: Municipality, by: Any, reference_prefix: str
) -> Municipality:
    """Store the municipality's settings (beheerder only); existing references stay as they are."""
    if not can(by, municipality.pk, Action.MEMBERS_MANAGE):
        raise PermissionDenied
    municipality.reference_prefix = reference_prefix
    municipality.full_clean()
    municipality.save(update_fields=["reference_prefix"])
    return municipality


@transaction.atomic
def membership_grant(
    *, user: Any, municipality: Municipality, roles: list[Role], by: Any = None
) -> list[Membership]:
    """Give the user these roles in the municipality (roles already held are kept as they are)."""
    granted = []
    for role in roles:
        membership, _created = Membership.objects.get_or_create(
            user=user, municipality=municipality, role=role, defaults={"granted_by": by}
        )
        granted.append(membership)
    return granted


@transaction.atomic
def membership_revoke(*, user: Any, municipality: Municipality, role: Role) -> None:
    """Take a role away (deleted one by one so that each removal is audited)."""
    for membership in Membership.objects.filter(user=user, municipality=municipality, role=role):
        membership.delete()
