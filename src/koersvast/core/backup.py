"""Backup and restore of the whole installation: data, uploaded files and a checksum manifest.

A backup is one zip file: `data.json` (Django's serialisation with natural foreign keys, so it
loads into any freshly migrated database), `files/...` (every uploaded file) and
`manifest.json` (per table the row count and a SHA-256 of its rows, per file its SHA-256, and
the migrations the data belongs to). A restore loads everything in one transaction, serialises
the result again and compares it with the manifest: any difference undoes the whole restore.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from koersvast import __version__

FORMAT = "koersvast.backup/1"
# Recreated by `migrate` (content types, permissions) or transient (sessions, login attempts,
# the task queue): not part of a backup.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
    "django_tasks_database",
]


class BackupError(Exception):
    """A backup that cannot be restored, with the reason for the administrator."""


@dataclass(frozen=True)
class Summary:
    """What a backup holds (or what a restore brought back)."""

    tables: dict[str, int]
    files: int

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def _dump() -> bytes:
    out = io.StringIO()
    call_command(
        "dumpdata",
        exclude=EXCLUDED,
        natural_foreign=True,
        use_base_manager=True,  # every row, also those a default manager would hide
        format="json",
        stdout=out,
    )
    return out.getvalue().encode()


def _table_checksums(data: bytes) -> dict[str, dict[str, Any]]:
    """Per model: the row count and a hash of its rows in primary-key order."""
    rows: dict[str, list[str]] = defaultdict(list)
    for item in json.loads(data):
        rows[item["model"]].append(json.dumps(item, sort_keys=True, ensure_ascii=False))
    return {
        model: {
            "count": len(items),
            "sha256": hashlib.sha256("\n".join(sorted(items)).encode()).hexdigest(),
        }
        for model, items in sorted(rows.items())
    }


def _file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield model, field


def _files() -> Iterator[tuple[models.FileField, str]]:
    """Every stored file: (its field, its name in the field's storage)."""
    for model, field in _file_fields():
        names = model._default_manager.exclude(**{field.name: ""}).values_list(
            field.name, flat=True
        )
        for name in names.order_by(field.name):
            yield field, name


def _migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = defaultdict(list)
    for app, name in MigrationRecorder(connections[DEFAULT_DB_ALIAS]).applied_migrations():
        applied[app].append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def backup(path: Path) -> Summary:
    """Write a backup of the whole installation to `path` (a zip file)."""
    with transaction.atomic():  # one consistent moment (a snapshot on PostgreSQL)
        data = _dump()
        files = {name: field.storage.open(name).read() for field, name in _files()}
        tables = _table_checksums(data)
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "koersvast": __version__,
            "migrations": _migrations(),
            "tables": tables,
            "files": {name: hashlib.sha256(body).hexdigest() for name, body in files.items()},
        }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=1, sort_keys=True))
        archive.writestr("data.json", data)
        for name, body in files.items():
            archive.writestr(f"files/{name}", body)
    return Summary({model: t["count"] for model, t in tables.items()}, len(files))


def _read(path: Path) -> tuple[dict[str, Any], bytes, dict[str, bytes]]:
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read("manifest.json"))
            data = archive.read("data.json")
            files = {
                name.removeprefix("files/"): archive.read(name)
                for name in archive.namelist()
                if name.startswith("files/")
            }
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError, OSError) as error:
        message = f"Geen leesbare Koersvast-back-up / not a readable backup: {error}"
        raise BackupError(message) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Onbekend formaat / unknown format: {manifest.get('format')!r}")
    return manifest, data, files


def _is_empty() -> bool:
    from koersvast.tenancy.models import Municipality

    return not Municipality.objects.exists() and not get_user_model().objects.exists()


def restore(path: Path, *, replace: bool = False) -> Summary:
    """Restore a backup into this database: all of it, checked against its manifest, or nothing.

    The database must be migrated to the same migrations as the backup, and empty (no
    municipalities, no users) unless `replace` is given, which first removes all data.
    """
    manifest, data, files = _read(path)
    if _table_checksums(data) != manifest["tables"]:
        raise BackupError("data.json komt niet overeen met het manifest / does not match manifest")
    for name, digest in manifest["files"].items():
        if name not in files or hashlib.sha256(files[name]).hexdigest() != digest:
            raise BackupError(f"Bestand ontbreekt of beschadigd / file missing or damaged: {name}")
    if manifest["migrations"] != _migrations():
        raise BackupError(
            "De database heeft andere migraties dan de back-up (versie "
            f"{manifest['koersvast']}); gebruik dezelfde versie en voer `koersvast migrate` uit. / "
            "The database is at other migrations than the backup."
        )
    written: list[tuple[models.FileField, str]] = []
    try:
        with transaction.atomic():
            if replace:
                call_command("flush", interactive=False, verbosity=0)
            elif not _is_empty():
                raise BackupError(
                    "De database bevat al gegevens; herstel in een lege database of gebruik "
                    "--replace. / The database is not empty: use --replace to overwrite it."
                )
            fixture = Path(path).with_suffix(".restore.json")
            fixture.write_bytes(data)
            try:
                call_command("loaddata", str(fixture), verbosity=0)
            finally:
                fixture.unlink(missing_ok=True)
            if _table_checksums(_dump()) != manifest["tables"]:
                raise BackupError("Na herstel wijken de gegevens af / data differ after restore")
            fields = {name: field for field, name in _files()}
            for name, body in files.items():
                field = fields.get(name)
                if field is None:
                    raise BackupError(f"Bestand zonder verwijzing / file without a record: {name}")
                if field.storage.exists(name):
                    field.storage.delete(name)
                stored = field.storage.save(name, ContentFile(body))
                written.append((field, stored))
                if stored != name:
                    raise BackupError(f"Bestand kon niet terug onder zijn naam / renamed: {name}")
    except BaseException:
        for field, name in written:
            field.storage.delete(name)
        raise
    return Summary({model: t["count"] for model, t in manifest["tables"].items()}, len(files))
