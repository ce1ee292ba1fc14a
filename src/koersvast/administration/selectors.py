"""Reads of Beheer, each with its joins so a page's query count does not grow with the data."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from koersvast.identity.models import Invitation
from koersvast.tenancy.choices import Role
from koersvast.tenancy.models import Membership, Municipality, current_q
from koersvast.tenancy.selectors import cbs_municipalities

RECENT_INVITATIONS = 20


def members_overview(municipality: Municipality) -> QuerySet[Any]:
    """Every account that holds or held a role here, with its roles here that have not ended
    (`roles_here`), whether a second factor is set up, and whether it still belongs here."""
    here = Membership.objects.filter(municipality=municipality)
    not_ended = here.not_ended().order_by("role", "starts_on")
    return (
        get_user_model()
        .objects.filter(pk__in=here.values("user_id"), is_superuser=False)
        .annotate(
            has_totp=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            belongs=Exists(not_ended.filter(user=OuterRef("pk"))),
        )
        .prefetch_related(Prefetch("memberships", queryset=not_ended, to_attr="roles_here"))
        .order_by("-belongs", "last_name", "first_name", "username")
    )


def member_roles(municipality: Municipality, user: Any) -> QuerySet[Membership]:
    """All roles of the account here, in force, planned and ended (the role history)."""
    return (
        Membership.objects.filter(municipality=municipality, user=user)
        .select_related("granted_by", "withdrawn_by")
        .order_by("role", "-starts_on", "-pk")
    )


def member_has_totp(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def invitations_of(municipality: Municipality) -> tuple[list[Invitation], list[Invitation]]:
    """The pending invitations, and the most recent others (accepted, revoked, expired)."""
    rows = (
        Invitation.objects.in_municipality(municipality)
        .select_related("invited_by", "accepted_by", "revoked_by")
        .order_by("-created_at", "-pk")
    )
    pending = list(rows.pending())
    others = list(rows.exclude(pk__in=[i.pk for i in pending])[:RECENT_INVITATIONS])
    return pending, others


def installation_overview() -> QuerySet[Municipality]:
    """Every municipality with its beheerders in force and its pending invitations (operator)."""
    from django.utils import timezone

    beheerders = current_q(prefix="memberships__") & Q(
        memberships__role=Role.ADMINISTRATOR, memberships__user__is_active=True
    )
    pending = Invitation.objects.filter(
        municipality=OuterRef("pk"), accepted_at=None, revoked_at=None
    ).filter(expires_at__gt=timezone.now())
    return Municipality.objects.annotate(
        beheerder_count=Count("memberships", filter=beheerders, distinct=True),
        has_pending=Exists(pending),
    ).order_by("name")


def cbs_choices_to_add() -> list[tuple[str, str]]:
    """The CBS municipalities not yet on this installation, as (code, "Name (code)")."""
    present = set(Municipality.objects.values_list("cbs_code", flat=True))
    return [
        (entry.cbs_code, f"{entry.name} ({entry.cbs_code})")
        for entry in sorted(cbs_municipalities().values(), key=lambda e: e.name)
        if entry.cbs_code not in present
    ]
