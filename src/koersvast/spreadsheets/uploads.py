"""Uploaded workbooks kept between the import steps, in the file storage under imports/<gemeente>/.

Django's storage API (settings.STORAGES["default"]): the local disk on a single server, object
storage when several web pods must see the same file (the upload and the confirmation may land
on different pods). A file is named by a random token kept in the session, removed after the
import or when the user cancels; files left behind by abandoned imports are removed by the next
upload.
"""

from __future__ import annotations

import contextlib
import re
import secrets
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from koersvast.tenancy.models import Municipality

from .constants import STALE_UPLOAD_SECONDS

_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _folder(municipality: Municipality) -> str:
    return f"imports/{municipality.cbs_code}"


def _name(municipality: Municipality, token: str) -> str | None:
    return f"{_folder(municipality)}/{token}.xlsx" if _TOKEN.match(token or "") else None


def _remove_stale(municipality: Municipality) -> None:
    folder = _folder(municipality)
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:  # the local disk before the first upload
        return
    cutoff = timezone.now() - timedelta(seconds=STALE_UPLOAD_SECONDS)
    for file in files:
        if not file.endswith(".xlsx"):
            continue
        name = f"{folder}/{file}"
        with contextlib.suppress(FileNotFoundError):  # another request removed it first
            if default_storage.get_modified_time(name) < cutoff:
                default_storage.delete(name)


def upload_store(*, municipality: Municipality, content: bytes) -> str:
    """Keep the workbook; returns its token."""
    _remove_stale(municipality)
    token = secrets.token_hex(16)
    name = _name(municipality, token)
    assert name is not None
    stored = default_storage.save(name, ContentFile(content))
    if stored != name:  # never: the token is random; refuse rather than lose the file
        default_storage.delete(stored)
        raise RuntimeError(f"upload name taken: {name}")
    return token


def upload_read(*, municipality: Municipality, token: str) -> bytes | None:
    name = _name(municipality, token)
    if not name:
        return None
    try:
        with default_storage.open(name, "rb") as file:
            return file.read()
    except FileNotFoundError:
        return None


def upload_delete(*, municipality: Municipality, token: str) -> None:
    name = _name(municipality, token)
    if name:
        default_storage.delete(name)
