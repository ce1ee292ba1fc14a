"""Backup and restore of the installation or of one municipality: data, files and a manifest.

A backup is one zip file: `data.json` (Django's JSON serialisation with natural foreign keys, so
it loads into any freshly migrated database, and timestamps to the microsecond), `files/...`
(every uploaded file) and `manifest.json` (per table the row count and a SHA-256 of its rows,
per file its SHA-256, and the migrations the data belongs to). A restore loads everything in one
transaction, serialises the result again and compares it with the manifest: any difference
undoes the whole restore, and the error names the tables that differ.

A backup of one municipality holds its own rows (every model with a `municipality`), the
municipality itself and the accounts its rows refer to (by username, not by id). It restores
into an installation that does not have that municipality, its accounts or its ids yet (a new
installation, or a copy for testing): nothing of another municipality is ever touched.
"""

from __future__ import annotations

import hashlib
import io
import json
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from koersvast import __version__

FORMAT = "koersvast.backup/1"
# Django's JSON fixture format with timestamps to the microsecond (core/serialization.py).
SERIAL_FORMAT = "koersvast-json"
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


def _tenant_models() -> Iterator[type[models.Model]]:
    """Every model whose rows belong to one municipality (it has a `municipality` key)."""
    from koersvast.tenancy.models import Municipality

    for model in apps.get_models():
        field = next((f for f in model._meta.fields if f.name == "municipality"), None)
        if field is not None and field.related_model is Municipality:
            yield model


def _users_of(municipality: Any) -> models.QuerySet:
    """Members of the municipality, and every account its rows refer to (deciders, actors)."""
    user_model = get_user_model()
    ids = set(
        user_model._base_manager.filter(memberships__municipality=municipality).values_list(
            "pk", flat=True
        )
    )
    for model in _tenant_models():
        rows = model._base_manager.filter(municipality=municipality)
        for field in model._meta.fields:
            if field.is_relation and field.related_model is user_model:
                ids |= set(
                    rows.exclude(**{field.attname: None}).values_list(field.attname, flat=True)
                )
    return user_model._base_manager.filter(pk__in=ids).order_by("pk")


def _scoped_dump(municipality: Any) -> bytes:
    """The rows of one municipality, in Django's fixture format; accounts by username."""
    from koersvast.tenancy.models import Municipality

    # Accounts first, by natural key: the rows after them refer to them by username.
    users = serializers.serialize(
        SERIAL_FORMAT,
        _users_of(municipality),
        use_natural_foreign_keys=True,
        use_natural_primary_keys=True,
    )
    querysets: list[models.QuerySet] = [Municipality._base_manager.filter(pk=municipality.pk)]
    querysets += [
        model._base_manager.filter(municipality=municipality).order_by("pk")
        for model in _tenant_models()
    ]
    rows = [
        item
        for queryset in querysets
        for item in json.loads(
            serializers.serialize(SERIAL_FORMAT, queryset, use_natural_foreign_keys=True)
        )
    ]
    return json.dumps(json.loads(users) + rows, ensure_ascii=False).encode()


def _dump(municipality: Any = None) -> bytes:
    if municipality is not None:
        return _scoped_dump(municipality)
    out = io.StringIO()
    call_command(
        "dumpdata",
        exclude=EXCLUDED,
        natural_foreign=True,
        use_base_manager=True,  # every row, also those a default manager would hide
        format=SERIAL_FORMAT,
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


def _files(municipality: Any = None) -> Iterator[tuple[models.FileField, str]]:
    """Every stored file (of one municipality): (its field, its name in the field's storage)."""
    for model, field in _file_fields():
        rows = model._base_manager.exclude(**{field.name: ""})
        if municipality is not None:
            if model not in set(_tenant_models()):
                continue
            rows = rows.filter(municipality=municipality)
        for name in rows.values_list(field.name, flat=True).order_by(field.name):
            yield field, name


def _migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = defaultdict(list)
    for app, name in MigrationRecorder(connections[DEFAULT_DB_ALIAS]).applied_migrations():
        applied[app].append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def backup(path: Path | IO[bytes], municipality: Any = None) -> Summary:
    """Write a backup of the whole installation, or of one municipality, to `path` (a zip).

    `path` is a file name or an open binary file (a temporary file that then goes to the file
    storage: `koersvast backup --storage`).
    """
    with transaction.atomic():  # one consistent moment (a snapshot on PostgreSQL)
        data = _dump(municipality)
        files = {name: field.storage.open(name).read() for field, name in _files(municipality)}
        tables = _table_checksums(data)
        manifest = {
            "format": FORMAT,
            "municipality": municipality.cbs_code if municipality is not None else None,
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


def _read(path: Path | IO[bytes]) -> tuple[dict[str, Any], bytes, dict[str, bytes]]:
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


def _municipality(cbs_code: str) -> Any:
    from koersvast.tenancy.models import Municipality

    return Municipality.objects.get(cbs_code=cbs_code)


def _check_free(data: bytes, cbs_code: str) -> None:
    """One municipality restores only where its code, accounts and ids are all still free."""
    from koersvast.tenancy.models import Municipality

    if Municipality.objects.filter(cbs_code=cbs_code).exists():
        raise BackupError(
            f"Gemeente {cbs_code} bestaat al in deze installatie. / "
            f"Municipality {cbs_code} already exists here."
        )
    user_label = get_user_model()._meta.label_lower
    pks: dict[str, list[Any]] = defaultdict(list)
    usernames = []
    for item in json.loads(data):
        if item["model"] == user_label:
            usernames.append(item["fields"][get_user_model().USERNAME_FIELD])
        else:
            pks[item["model"]].append(item["pk"])
    taken = sorted(
        get_user_model()
        ._base_manager.filter(**{f"{get_user_model().USERNAME_FIELD}__in": usernames})
        .values_list(get_user_model().USERNAME_FIELD, flat=True)
    )
    if taken:
        raise BackupError(
            f"Deze accounts bestaan hier al: {', '.join(taken[:5])}. / Accounts exist already."
        )
    for label, ids in sorted(pks.items()):
        model = apps.get_model(label)
        if model._base_manager.filter(pk__in=ids).exists():
            raise BackupError(
                f"Id's van {label} zijn hier al in gebruik; herstel deze gemeente in een nieuwe "
                f"installatie. / Ids of {label} are taken here: use a new installation."
            )


def restore(path: Path | IO[bytes], *, replace: bool = False) -> Summary:
    """Restore a backup into this database: all of it, checked against its manifest, or nothing.

    The database must be migrated to the same migrations as the backup. A backup of the whole
    installation needs an empty database (no municipalities, no users) unless `replace` is
    given, which first removes all data. A backup of one municipality needs its code, its
    accounts and its ids to be free here (`_check_free`).
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
    scope = manifest.get("municipality")
    if scope and replace:
        raise BackupError(
            "--replace geldt alleen voor een back-up van de hele installatie. / "
            "--replace only applies to a backup of the whole installation."
        )
    written: list[tuple[models.FileField, str]] = []
    try:
        with transaction.atomic():
            if scope:
                _check_free(data, scope)
            elif replace:
                call_command("flush", interactive=False, verbosity=0)
            elif not _is_empty():
                raise BackupError(
                    "De database bevat al gegevens; herstel in een lege database of gebruik "
                    "--replace. / The database is not empty: use --replace to overwrite it."
                )
            # loaddata reads a file: a temporary one (the backup's own folder may be read-only,
            # or the backup may come from object storage).
            with tempfile.TemporaryDirectory(prefix="koersvast-restore-") as folder:
                fixture = Path(folder) / "data.json"
                fixture.write_bytes(data)
                call_command("loaddata", str(fixture), verbosity=0)
            municipality = _municipality(scope) if scope else None
            restored = _table_checksums(_dump(municipality))
            differing = sorted(
                model
                for model in restored.keys() | manifest["tables"].keys()
                if restored.get(model) != manifest["tables"].get(model)
            )
            if differing:
                raise BackupError(
                    "Na herstel wijken de gegevens af / data differ after restore: "
                    + ", ".join(differing)
                )
            fields = {name: field for field, name in _files(municipality)}
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


#: Where `koersvast backup --storage` keeps backups in the file storage (local disk or S3).
STORAGE_FOLDER = "backups"


def backup_to_storage(name: str, municipality: Any = None) -> tuple[str, Summary]:
    """Write a backup into the file storage as backups/<name>; returns the stored name.

    On a pod with a read-only root (Haven) there is no disk to keep a backup on: it goes to the
    same object storage as the other files, spooled through a temporary file.
    """
    from django.core.files import File
    from django.core.files.storage import default_storage

    with tempfile.TemporaryFile() as spool:
        summary = backup(spool, municipality)
        spool.seek(0)
        stored = default_storage.save(f"{STORAGE_FOLDER}/{Path(name).name}", File(spool))
    return stored, summary


def restore_from_storage(name: str, *, replace: bool = False) -> Summary:
    """Restore backups/<name> (or a full storage name) from the file storage."""
    from django.core.files.storage import default_storage

    if not name.startswith(f"{STORAGE_FOLDER}/"):
        name = f"{STORAGE_FOLDER}/{name}"
    try:
        file = default_storage.open(name, "rb")
    except FileNotFoundError as error:
        raise BackupError(f"Geen back-up {name} in de opslag / not in the storage") from error
    with tempfile.TemporaryFile() as spool, file:
        for chunk in file.chunks():
            spool.write(chunk)
        spool.seek(0)
        return restore(spool, replace=replace)
