"""Reading the key from a request: HTTP Basic (password), Bearer, or the `key` parameter."""

from __future__ import annotations

import base64
import binascii

from django.http import HttpRequest

from .models import ODataKey
from .services import key_authenticate

KEY_PARAMETER = "key"


def secret_from(request: HttpRequest) -> str:
    """The secret the client sent, or '' when it sent none."""
    header = request.headers.get("Authorization", "")
    scheme, _sep, value = header.partition(" ")
    if scheme.lower() == "basic" and value:
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return ""
        username, _sep, password = decoded.partition(":")
        # Power BI asks for a user name and a password; the key goes in the password. Tools
        # that only have one field may put it in the user name.
        return password or username
    if scheme.lower() == "bearer" and value:
        return value.strip()
    return request.GET.get(KEY_PARAMETER, "")


def authenticate(request: HttpRequest) -> ODataKey | None:
    secret = secret_from(request)
    return key_authenticate(secret) if secret else None
