"""Reads about municipalities and memberships."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from typing import Any

from django.db.models import QuerySet

from .models import Membership, Municipality
from .policy import roles_by_municipality


def municipalities_of(user: Any) -> QuerySet[Municipality]:
    """The municipalities in which the user holds at least one role, by name."""
    return Municipality.objects.filter(pk__in=list(roles_by_municipality(user))).order_by("name")


def memberships_in(municipality: Municipality) -> QuerySet[Membership]:
    """Every role held in the municipality, now, planned and in the past, with the user,
    who granted it and who withdrew it (rights report with the role history)."""
    return (
        Membership.objects.filter(municipality=municipality)
        .select_related("user", "granted_by", "withdrawn_by")
        .order_by("user__last_name", "user__username", "role", "-starts_on", "-pk")
    )


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
