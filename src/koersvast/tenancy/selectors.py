"""Reads about municipalities and memberships."""

from __future__ import annotations

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
