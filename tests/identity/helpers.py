"""Helpers of the identity tests: an enrolled authenticator, and a password-only login."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD

KEY = bytes(range(1, 21))  # a fixed 160-bit secret, so the test can compute its codes
RECOVERY_CODES = ["abcd2345", "efgh6723"]


def enrol_device(user: Any) -> TOTPDevice:
    """Give the user a confirmed authenticator (KEY) and two recovery codes."""
    device = TOTPDevice.objects.create(user=user, name="Authenticator-app", key=KEY.hex())
    static = StaticDevice.objects.create(user=user, name="Herstelcodes")
    for code in RECOVERY_CODES:
        StaticToken.objects.create(device=static, token=code)
    return device


def password_login(username: str, *, address: str = "192.0.2.10") -> Client:
    """A client that has just passed the password step (as a browser would)."""
    client = Client(REMOTE_ADDR=address)
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client
