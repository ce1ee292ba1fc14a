"""What a single sign-on login does to an account: create it, and apply the role mapping."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from koersvast.audit.context import AuditContext, acting_as, current
from koersvast.tenancy.choices import Role
from koersvast.tenancy.models import Membership, Municipality
from koersvast.tenancy.policy import forget_roles

from .models import ExternalIdentity, MappedMembership, RoleMapping


@dataclass(frozen=True)
class RoleSync:
    """Roles granted and revoked by one login, as (municipality id, role) pairs."""

    granted: frozenset[tuple[int, str]]
    revoked: frozenset[tuple[int, str]]


def claim_matches(claim_value: Any, wanted: str) -> bool:
    """A claim matches when it equals the value or, for a list claim, contains it."""
    if isinstance(claim_value, list | tuple | set):
        return wanted in {str(item) for item in claim_value}
    if claim_value is None:
        return False
    return str(claim_value) == wanted


def mapped_roles(claims: dict[str, Any]) -> set[tuple[int, str]]:
    """Every (municipality id, role) that the mappings grant for these claims."""
    mappings = RoleMapping.objects.filter(claim__in=list(claims)).values_list(
        "municipality_id", "claim", "value", "role"
    )
    return {
        (municipality_id, role)
        for municipality_id, claim, value, role in mappings
        if claim_matches(claims.get(claim), value)
    }


@transaction.atomic
def sso_roles_sync(*, user: Any, claims: dict[str, Any]) -> RoleSync:
    """Grant the mapped roles the user lacks and revoke mapped roles no longer matched.

    Roles granted by hand are never revoked here (they carry no MappedMembership). Every grant
    and revocation is a Membership create/withdrawal, so the audit trail records each of them,
    with the user as actor and "sso" as origin.
    """
    wanted = mapped_roles(claims)
    held = {
        (m.municipality_id, m.role): m
        for m in Membership.objects.not_ended().filter(user=user).select_related("sso_mapping")
    }
    context = current()
    municipalities = Municipality.objects.in_bulk({pk for pk, _role in wanted - set(held)})
    granted, revoked = set(), set()
    with acting_as(
        AuditContext(user=user, ip=context.ip, user_agent=context.user_agent, origin="sso")
    ):
        for key in sorted(wanted - set(held)):
            municipality_id, role = key
            membership = Membership.objects.create(
                user=user, municipality=municipalities[municipality_id], role=Role(role)
            )
            MappedMembership.objects.create(membership=membership)
            granted.add(key)
        for key, membership in sorted(held.items()):
            if key not in wanted and _is_mapped(membership):
                # Withdrawn, not deleted: the rights report keeps the role history.
                membership.withdrawn_at = timezone.now()
                membership.withdrawn_by = user
                membership.save(update_fields=["withdrawn_at", "withdrawn_by"])
                revoked.add(key)
    forget_roles(user)
    return RoleSync(granted=frozenset(granted), revoked=frozenset(revoked))


def _is_mapped(membership: Membership) -> bool:
    try:
        return membership.sso_mapping is not None
    except MappedMembership.DoesNotExist:
        return False


def _free_username(wanted: str) -> str:
    user_model = get_user_model()
    base = (wanted or "gebruiker")[:140]
    candidate, number = base, 1
    while user_model.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


@transaction.atomic
def sso_user_create(*, issuer: str, claims: dict[str, Any], username_claim: str) -> Any:
    """A new account for a first SSO login: no password, and no rights except mapped ones."""
    user_model = get_user_model()
    wanted = str(claims.get(username_claim) or claims.get("email") or claims["sub"])
    user = user_model(
        username=_free_username(wanted),
        email=claims.get("email", "") or "",
        first_name=(claims.get("given_name") or "")[:150],
        last_name=(claims.get("family_name") or "")[:150],
    )
    user.set_unusable_password()
    user.save()
    ExternalIdentity.objects.create(user=user, issuer=issuer, subject=str(claims["sub"]))
    return user


def sso_user_find(*, issuer: str, subject: str) -> Any | None:
    """The account linked to this provider identity, if any."""
    identity = (
        ExternalIdentity.objects.filter(issuer=issuer, subject=subject)
        .select_related("user")
        .first()
    )
    return identity.user if identity else None


def sso_user_update(*, user: Any, claims: dict[str, Any]) -> Any:
    """Keep name and e-mail in step with the provider (only when they changed)."""
    fields = {
        "email": claims.get("email") or user.email,
        "first_name": (claims.get("given_name") or user.first_name)[:150],
        "last_name": (claims.get("family_name") or user.last_name)[:150],
    }
    changed = [name for name, value in fields.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, fields[name])
    if changed:
        user.save(update_fields=changed)
    return user
