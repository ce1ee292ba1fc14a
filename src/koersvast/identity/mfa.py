"""The rules of the second factor: who must use it, and what a fresh login still has to do."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from koersvast.tenancy.policy import roles_by_municipality

from .constants import MFA_ENROL, MFA_ROLES, MFA_VERIFY, SSO_BACKEND


def mfa_required_for(user: Any) -> bool:
    """Whether policy demands a second factor of this (local) account.

    Superusers, and anyone holding the administrator or portfolio-manager role in any
    municipality, when `KOERSVAST_MFA_REQUIRED` is on.
    """
    if not settings.KOERSVAST_MFA_REQUIRED or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(roles & MFA_ROLES for roles in roles_by_municipality(user).values())


def totp_device_of(user: Any, *, confirmed: bool = True) -> TOTPDevice | None:
    """The user's authenticator-app device (one per user)."""
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def recovery_device_of(user: Any) -> StaticDevice | None:
    """The user's set of single-use recovery codes."""
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_second_factor(user: Any) -> bool:
    """Whether the user has set up an authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_after_login(user: Any, *, backend: str | None) -> str | None:
    """What a login through `backend` must still do: verify a code, enrol, or nothing.

    Single sign-on is exempt: the identity provider is responsible for its own MFA. A user who
    enrolled voluntarily is asked for a code as well, because they chose the protection.
    """
    if backend == SSO_BACKEND:
        return None
    if has_second_factor(user):
        return MFA_VERIFY
    if mfa_required_for(user):
        return MFA_ENROL
    return None
