"""Writes of the identity app: enrolling, checking, removing and resetting a second factor.

Every enrolment, failed check, removal and reset is audited (BIO 9.4.2); codes are never
stored in the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from koersvast.audit.choices import AuditAction, AuditResult
from koersvast.audit.recorder import record
from koersvast.tenancy.models import Municipality

from .constants import RECOVERY_CODE_COUNT, RECOVERY_DEVICE_NAME, TOTP_DEVICE_NAME
from .mfa import recovery_device_of, totp_device_of
from .models import RoleMapping

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
def mfa_reset(*, user: Any, by: Any, municipality: Municipality) -> None:
    """An administrator resets a member's second factor (lost phone): they enrol again."""
    _delete_devices(user)
    record(
        action=AuditAction.UPDATE,
        municipality_id=municipality.pk,
        obj=user,
        user=by,
        changes={AUDIT_FIELD: ["ingesteld", "hersteld door beheerder"]},
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
