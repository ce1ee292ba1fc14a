"""RFC 6238 codes computed independently of django-otp, the way an authenticator app does."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time


def totp(secret: bytes | str, *, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """The code for a raw key (bytes) or a base32 secret as shown to the user (str)."""
    if isinstance(secret, str):
        cleaned = secret.replace(" ", "").upper()
        secret = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(secret, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def next_totp(secret: bytes | str) -> str:
    """The code of the next 30-second step: accepted (clock drift) when the current one is used."""
    return totp(secret, at=time.time() + 30)
