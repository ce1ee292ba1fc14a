"""Writes of the identity app: enrolling, checking, removing and resetting a second factor.

Every enrolment, failed check, removal and reset is audited (BIO 9.4.2); codes are never
stored in the audit trail.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from koersvast.audit.choices import AuditAction, AuditResult
from koersvast.audit.context import AuditContext, acting_as, current
from koersvast.audit.recorder import record
from koersvast.core.mail import send_quietly
from koersvast.tenancy.choices import Role
from koersvast.tenancy.models import Membership, Municipality
from koersvast.tenancy.policy import Action, can, is_operator
from koersvast.tenancy.services import MembershipError, membership_grant, memberships_withdraw_all

from .constants import RECOVERY_CODE_COUNT, RECOVERY_DEVICE_NAME, TOTP_DEVICE_NAME
from .mfa import recovery_device_of, totp_device_of
from .models import Invitation, RoleMapping

# The audit trail shows changes as "name: old → new"; this is the name for the second factor.
AUDIT_FIELD = "tweestapsverificatie"


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of checking a code: the device that accepted it, or why none did."""

    device: Device | None
    throttled: bool = False
    recovery_code: bool = False

    @property
    def ok(self) -> bool:
        return self.device is not None


def normalise_code(code: str) -> str:
    """Codes as typed: spaces and dashes removed, lower case (recovery codes are base32)."""
    return "".join(code.split()).replace("-", "").lower()


def mfa_enrol_start(*, user: Any) -> TOTPDevice:
    """The unconfirmed authenticator device being set up (the same one on every reload)."""
    device = totp_device_of(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def mfa_enrol_confirm(*, user: Any, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the device with a first code; returns fresh recovery codes, or None if wrong."""
    if device.user_id != user.pk or device.confirmed:
        raise ValueError("Not an enrolment of this user.")
    if not device.verify_token(normalise_code(code)):
        _record_failure(user, "instellen: onjuiste code")
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    record(
        action=AuditAction.UPDATE,
        obj=user,
        user=user,
        changes={AUDIT_FIELD: ["niet ingesteld", "ingesteld"]},
    )
    return codes


def _new_recovery_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def mfa_check_code(*, user: Any, code: str) -> CodeCheck:
    """Check a code from the authenticator app (six digits) or a single-use recovery code.

    The device row is locked while checking, so two requests cannot both use one code; a
    used recovery code is deleted by django-otp. A failure is audited.
    """
    code = normalise_code(code)
    with transaction.atomic():
        if code.isdigit() and len(code) == 6:
            device: Device | None = totp_device_of(user)
            kind = "authenticator-app"
        else:
            device = recovery_device_of(user)
            kind = "herstelcode"
        if device is not None:
            device = type(device).objects.select_for_update().get(pk=device.pk)
        throttled = device is not None and not device.verify_is_allowed()[0]
        accepted = device is not None and not throttled and device.verify_token(code)
    if not accepted:
        _record_failure(user, f"{kind}: onjuiste code")
        return CodeCheck(device=None, throttled=throttled)
    record(action=AuditAction.LOGIN, obj=user, user=user, changes={AUDIT_FIELD: [None, kind]})
    return CodeCheck(device=device, recovery_code=kind == "herstelcode")


def recovery_codes_left(user: Any) -> int:
    """How many unused recovery codes the user still has."""
    device = recovery_device_of(user)
    return device.token_set.count() if device is not None else 0


def _record_failure(user: Any, what: str) -> None:
    record(
        action=AuditAction.LOGIN_FAILED,
        result=AuditResult.FAILURE,
        obj=user,
        user=user,
        changes={AUDIT_FIELD: [None, what]},
    )


def _delete_devices(user: Any) -> int:
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        count, _ = model.objects.filter(user=user).delete()
        removed += count
    return removed


@transaction.atomic
def mfa_remove(*, user: Any) -> None:
    """The user removes their own second factor (the view demanded a fresh code first)."""
    _delete_devices(user)
    record(
        action=AuditAction.UPDATE,
        obj=user,
        user=user,
        changes={AUDIT_FIELD: ["ingesteld", "verwijderd"]},
    )


@transaction.atomic
def mfa_reset(*, user: Any, by: Any, municipality: Municipality, reason: str) -> None:
    """An administrator resets a member's second factor (lost phone): they enrol again.

    The reason is required and kept in the audit trail with the reset.
    """
    reason = " ".join(reason.split())[:300]
    if not reason:
        raise AccountError(_("Geef de reden van het herstel op (bijv. telefoon kwijt)."))
    _delete_devices(user)
    record(
        action=AuditAction.UPDATE,
        municipality_id=municipality.pk,
        obj=user,
        user=by,
        changes={AUDIT_FIELD: ["ingesteld", "hersteld door beheerder"], "reden": [None, reason]},
    )


@transaction.atomic
def mfa_reset_by_operator(*, user: Any) -> int:
    """The operator resets any account's second factor from the command line (a superuser
    without a municipality has no administrator above it). Returns the devices removed."""
    removed = _delete_devices(user)
    record(
        action=AuditAction.UPDATE,
        obj=user,
        actor_name="koersvast reset-mfa",
        changes={AUDIT_FIELD: ["ingesteld", "hersteld op de opdrachtregel"]},
    )
    return removed


def role_mapping_create(
    *, municipality: Municipality, claim: str, value: str, role: str
) -> RoleMapping:
    """Add a claim → role mapping (audited as a create); it applies from the next SSO login."""
    return RoleMapping.objects.create(
        municipality=municipality, claim=claim.strip(), value=value.strip(), role=role
    )


def role_mapping_delete(*, mapping: RoleMapping) -> None:
    """Remove a mapping (audited); roles it granted are revoked at each member's next login."""
    mapping.delete()


# --- accounts and invitations (decision 1001) ---------------------------------------------


class AccountError(Exception):
    """A change to an account or an invitation that cannot be made, with a Dutch message."""


@dataclass(frozen=True)
class InvitationResult:
    """An invitation made (with its token, shown and mailed once), or roles given at once to a
    member of the municipality who already has an account."""

    invitation: Invitation | None = None
    token: str = ""
    granted: tuple[Membership, ...] = ()
    user: Any = None


def token_hash(token: str) -> str:
    """The stored form of an invitation token (the token itself is never stored)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _may_manage_members(by: Any, municipality: Municipality) -> bool:
    return is_operator(by) or can(by, municipality.pk, Action.MEMBERS_MANAGE)


def _clean_roles(roles: list[str]) -> list[Role]:
    cleaned = [Role(role) for role in roles if role in Role.values]
    if not cleaned or len(cleaned) != len(roles):
        raise AccountError(_("Kies ten minste één rol."))
    return cleaned


def _existing_member(municipality: Municipality, email: str) -> Any | None:
    """The one account with this address that has (had) a role here: that is not a second
    account. Operators of the installation are never matched."""
    members = Membership.objects.filter(municipality=municipality).values("user_id")
    matches = list(
        get_user_model().objects.filter(
            email__iexact=email, pk__in=members, is_superuser=False, is_active=True
        )[:2]
    )
    return matches[0] if len(matches) == 1 else None


@transaction.atomic
def invitation_create(
    *,
    municipality: Municipality,
    email: str,
    roles: list[str],
    by: Any,
    first_name: str = "",
    last_name: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> InvitationResult:
    """Invite someone by e-mail to hold roles in the municipality.

    When the address belongs to an account that is (or was) a member here, the roles are given
    to that account at once instead: no second account. Anyone else gets a one-time link that
    expires after KOERSVAST_INVITATION_DAYS and can be revoked; whoever opens it either logs in
    to an existing account (the roles are added to it) or sets a password for a new one.
    """
    if not _may_manage_members(by, municipality):
        raise PermissionDenied
    email = get_user_model().objects.normalize_email(email.strip())
    cleaned = _clean_roles(roles)
    starts_on = starts_on or timezone.localdate()
    if ends_on is not None and ends_on < starts_on:
        raise AccountError(_("De einddatum ligt vóór de begindatum."))
    existing = _existing_member(municipality, email)
    if existing is not None:
        granted = membership_grant(
            user=existing,
            municipality=municipality,
            roles=cleaned,
            by=by,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        return InvitationResult(granted=tuple(granted), user=existing)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        municipality=municipality,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        roles=[str(role) for role in cleaned],
        starts_on=starts_on,
        ends_on=ends_on,
        token_hash=token_hash(token),
        expires_at=timezone.now() + timedelta(days=settings.KOERSVAST_INVITATION_DAYS),
        invited_by=by if getattr(by, "pk", None) else None,
    )
    return InvitationResult(invitation=invitation, token=token)


def invitation_send(*, invitation: Invitation, link: str) -> bool:
    """Mail the link to the invitee; False when the mail could not be sent (the beheerder then
    passes on the link shown once on the page)."""
    roles = ", ".join(invitation.role_labels())
    body = _(
        "U bent uitgenodigd voor Koersvast bij %(municipality)s als %(roles)s.\n\n"
        "Open deze link om uw account in te stellen of de rol aan te nemen:\n%(link)s\n\n"
        "De link werkt één keer en verloopt op %(expires)s."
    ) % {
        "municipality": invitation.municipality.name,
        "roles": roles,
        "link": link,
        "expires": timezone.localtime(invitation.expires_at).strftime("%d-%m-%Y %H:%M"),
    }
    subject = _("Uitnodiging voor Koersvast (%(municipality)s)") % {
        "municipality": invitation.municipality.name
    }
    # A mail outage must not undo the invitation: the link is on screen.
    return send_quietly(subject, body, invitation.email, what=f"invitation {invitation.pk}")


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation behind a link (in any state), or None."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.filter(token_hash=token_hash(token))
        .select_related("municipality")
        .first()
    )


def _lock_pending(invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_pending:
        raise AccountError(_("Deze uitnodiging is niet meer geldig."))
    return locked


def _grant_invited_roles(invitation: Invitation, user: Any) -> None:
    membership_grant(
        user=user,
        municipality=invitation.municipality,
        roles=[Role(role) for role in invitation.roles],
        by=invitation.invited_by,
        starts_on=invitation.starts_on,
        ends_on=invitation.ends_on,
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])


def account_with_email(email: str) -> Any | None:
    """An active account with this address (then an invitation adds roles to it)."""
    return (
        get_user_model().objects.filter(email__iexact=email, is_active=True).order_by("pk").first()
    )


def free_username(wanted: str) -> str:
    """`wanted`, or with a number added when an account already has that name."""
    user_model = get_user_model()
    base = (wanted or "gebruiker")[:140]
    candidate, number = base, 1
    while user_model.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


@transaction.atomic
def invitation_accept_new(
    *, invitation: Invitation, password: str, first_name: str = "", last_name: str = ""
) -> Any:
    """The invitee sets a password: a new account (never staff or superuser) with the roles.

    Refused when an account with this address exists: the invitee logs in to it instead, so
    no second account is made.
    """
    invitation = _lock_pending(invitation)
    if account_with_email(invitation.email) is not None:
        raise AccountError(
            _(
                "Er bestaat al een account met dit e-mailadres. "
                "Log in om de uitnodiging aan te nemen."
            )
        )
    user = get_user_model()(
        username=free_username(invitation.email.lower()),
        email=invitation.email,
        first_name=(first_name or invitation.first_name).strip()[:150],
        last_name=(last_name or invitation.last_name).strip()[:150],
        is_staff=False,
        is_superuser=False,
    )
    user.set_password(password)
    user.save()
    with acting_as(_as(user)):
        record(
            action=AuditAction.CREATE,
            municipality_id=invitation.municipality_id,
            obj=user,
            user=user,
            changes={"account": [None, "aangemaakt via uitnodiging"]},
        )
        _grant_invited_roles(invitation, user)
    return user


@transaction.atomic
def invitation_accept_existing(*, invitation: Invitation, user: Any) -> Invitation:
    """A logged-in account takes the invitation: the roles are added to it."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    invitation = _lock_pending(invitation)
    _grant_invited_roles(invitation, user)
    return invitation


def _as(user: Any) -> AuditContext:
    context = current()
    return AuditContext(user=user, ip=context.ip, user_agent=context.user_agent, origin="web")


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: Any) -> Invitation:
    """Revoke a pending invitation: its link no longer works (audited)."""
    if not _may_manage_members(by, invitation.municipality):
        raise PermissionDenied
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise AccountError(_("Deze uitnodiging is al aangenomen; trek zo nodig de rol in."))
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.revoked_by = by
        invitation.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    return invitation


@transaction.atomic
def account_create(
    *,
    municipality: Municipality,
    by: Any,
    username: str,
    email: str,
    password: str,
    roles: list[str],
    first_name: str = "",
    last_name: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Any:
    """A beheerder makes an account directly (no e-mail needed), with roles here only.

    Never a superuser or staff, whatever the request says.
    """
    if not can(by, municipality.pk, Action.MEMBERS_MANAGE):
        raise PermissionDenied
    cleaned = _clean_roles(roles)
    user_model = get_user_model()
    if user_model.objects.filter(username__iexact=username.strip()).exists():
        raise AccountError(_("Deze gebruikersnaam is al in gebruik."))
    user = user_model(
        username=username.strip(),
        email=user_model.objects.normalize_email(email.strip()),
        first_name=first_name.strip()[:150],
        last_name=last_name.strip()[:150],
        is_staff=False,
        is_superuser=False,
    )
    user.set_password(password)
    user.save()
    record(
        action=AuditAction.CREATE,
        municipality_id=municipality.pk,
        obj=user,
        changes={"account": [None, "aangemaakt door beheerder"]},
    )
    membership_grant(
        user=user,
        municipality=municipality,
        roles=cleaned,
        by=by,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    return user


@transaction.atomic
def account_deactivate(*, user: Any, municipality: Municipality, by: Any) -> bool:
    """Withdraw every role of the account here and, when it holds no role in another
    municipality, deactivate it (it can no longer log in). Returns whether it was deactivated.

    An account that also works for another municipality stays active there: a beheerder never
    changes anything outside their own municipality.
    """
    if not can(by, municipality.pk, Action.MEMBERS_MANAGE):
        raise PermissionDenied
    if user.pk == by.pk:
        raise AccountError(_("U kunt uw eigen account niet deactiveren."))
    if user.is_superuser:
        raise PermissionDenied
    try:
        memberships_withdraw_all(user=user, municipality=municipality, by=by)
    except MembershipError as error:
        raise AccountError(str(error)) from error
    elsewhere = (
        Membership.objects.not_ended().filter(user=user).exclude(municipality=municipality).exists()
    )
    if elsewhere or not user.is_active:
        return False
    user.is_active = False
    user.save(update_fields=["is_active"])
    record(
        action=AuditAction.UPDATE,
        municipality_id=municipality.pk,
        obj=user,
        changes={"actief": [True, False]},
    )
    return True


@transaction.atomic
def account_reactivate(*, user: Any, municipality: Municipality, by: Any) -> None:
    """Make a deactivated account usable again (it gets roles again from the beheerder)."""
    if not can(by, municipality.pk, Action.MEMBERS_MANAGE) or user.is_superuser:
        raise PermissionDenied
    if user.is_active:
        return
    user.is_active = True
    user.save(update_fields=["is_active"])
    record(
        action=AuditAction.UPDATE,
        municipality_id=municipality.pk,
        obj=user,
        changes={"actief": [False, True]},
    )
