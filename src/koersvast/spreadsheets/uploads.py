"""Uploaded workbooks kept between the import steps, under MEDIA_ROOT/imports/<gemeente>/.

A file is named by a random token kept in the session, removed after the import or when the
user cancels; files left behind by abandoned imports are removed by the next upload.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from django.conf import settings

from koersvast.tenancy.models import Municipality

from .constants import STALE_UPLOAD_SECONDS

_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _folder(municipality: Municipality) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / municipality.cbs_code


def _path(municipality: Municipality, token: str) -> Path | None:
    return _folder(municipality) / f"{token}.xlsx" if _TOKEN.match(token or "") else None


def upload_store(*, municipality: Municipality, content: bytes) -> str:
    """Keep the workbook; returns its token."""
    folder = _folder(municipality)
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - STALE_UPLOAD_SECONDS
    for old in folder.glob("*.xlsx"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    (folder / f"{token}.xlsx").write_bytes(content)
    return token


def upload_read(*, municipality: Municipality, token: str) -> bytes | None:
    path = _path(municipality, token)
    return path.read_bytes() if path and path.is_file() else None


def upload_delete(*, municipality: Municipality, token: str) -> None:
    path = _path(municipality, token)
    if path:
        path.unlink(missing_ok=True)
