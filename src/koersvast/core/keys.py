"""Fingerprints of access keys (API tokens, Power BI keys): the key itself is never stored."""

from __future__ import annotations

import hashlib


def fingerprint(key: str) -> str:
    """SHA-256 of a key. Keys are random (190+ bits), so a slow password hash is not needed."""
    return hashlib.sha256(key.encode()).hexdigest()
