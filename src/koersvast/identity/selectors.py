"""Reads of the identity app."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django_otp.plugins.otp_totp.models import TOTPDevice

from koersvast.tenancy.models import Membership, Municipality

from .constants import MFA_ROLES


def members_with_mfa_status(municipality: Municipality) -> QuerySet[Any]:
    """The members of a municipality with whether MFA is set up and whether it is required.

    `roles_here` holds the member's roles in this municipality only; `privileged` says whether
    they hold an MFA role anywhere (that is what makes MFA required for them).
    """
    user_model = get_user_model()
    return (
        user_model.objects.filter(memberships__municipality=municipality)
        .distinct()
        .annotate(
            has_totp=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            privileged=Exists(
                Membership.objects.filter(user=OuterRef("pk"), role__in=sorted(MFA_ROLES))
            ),
        )
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(municipality=municipality).order_by("role"),
                to_attr="roles_here",
            )
        )
        .order_by("last_name", "username")
    )


def member_of_or_404(municipality: Municipality, pk: int) -> Any:
    """A user who is a member of the municipality; 404 for anyone else (never confirm others)."""
    user = (
        get_user_model()
        .objects.filter(pk=pk, memberships__municipality=municipality, is_superuser=False)
        .first()
    )
    if user is None:
        raise Http404
    return user
