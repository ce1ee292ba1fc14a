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

    Members are accounts holding a role here that has not ended. `roles_here` holds those
    roles; `privileged` says whether they hold an MFA role in force anywhere (that is what
    makes MFA required for them).
    """
    user_model = get_user_model()
    here = Membership.objects.not_ended().filter(municipality=municipality)
    return (
        user_model.objects.filter(pk__in=here.values("user_id"))
        .annotate(
            has_totp=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            privileged=Exists(
                Membership.objects.current().filter(user=OuterRef("pk"), role__in=sorted(MFA_ROLES))
            ),
        )
        .prefetch_related(
            Prefetch("memberships", queryset=here.order_by("role"), to_attr="roles_here")
        )
        .order_by("last_name", "username")
    )


def member_of_or_404(municipality: Municipality, pk: Any, *, former: bool = False) -> Any:
    """An account with a role here (with `former`, also one whose roles here all ended);
    404 for anyone else, and for operators of the installation (never confirm others)."""
    memberships = Membership.objects.filter(municipality=municipality)
    if not former:
        memberships = memberships.not_ended()
    try:
        pk = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    user = (
        get_user_model()
        .objects.filter(pk=pk, is_superuser=False, pk__in=memberships.values("user_id"))
        .first()
    )
    if user is None:
        raise Http404
    return user
