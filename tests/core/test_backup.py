"""Backup and restore: a round trip loses nothing (rows, checksums, files); bad input restores
nothing."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from koersvast.audit.models import AuditEvent
from koersvast.core.backup import _dump, _table_checksums
from koersvast.intake.models import Attachment
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality
from tests.factories import AttachmentFactory, InitiativeFactory, RiskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def installation(municipality, other_municipality, personas):
    for title in ("Sporthal", "Wijkteam"):
        initiative = InitiativeFactory(municipality=municipality, title=title)
        RiskFactory(initiative=initiative)
    InitiativeFactory(municipality=other_municipality, title="Elders")
    attachment = AttachmentFactory(initiative=Initiative.objects.get(title="Sporthal"))
    return attachment


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


# A real transaction (not the test's wrapper): PostgreSQL cannot TRUNCATE tables that the same
# transaction has already written to, and `restore --replace` runs in a transaction of its own.
@pytest.mark.django_db(transaction=True)
def test_round_trip_loses_nothing(installation, tmp_path):
    before = _table_checksums(_dump())
    assert before["portfolio.initiative"]["count"] == 3
    assert before["audit.auditevent"]["count"] > 0
    archive = tmp_path / "koersvast.zip"
    assert "bestanden" in _run("backup", str(archive))

    # Disaster: everything is gone, uploaded files too.
    Attachment.objects.get().file.storage.delete(installation.file.name)
    Initiative.objects.all().delete()

    assert "Hersteld en gecontroleerd" in _run("restore", str(archive), "--replace")
    assert _table_checksums(_dump()) == before  # every table: same rows, same checksum
    restored = Attachment.objects.get()
    assert restored.file.storage.open(restored.file.name).read() == b"%PDF-1.4 test"
    assert Municipality.objects.count() == 2


def test_restore_refuses_a_database_that_is_not_empty(installation, tmp_path):
    archive = tmp_path / "b.zip"
    _run("backup", str(archive))
    with pytest.raises(CommandError, match="not empty"):
        _run("restore", str(archive))


def test_a_damaged_backup_restores_nothing(installation, tmp_path):
    archive = tmp_path / "b.zip"
    _run("backup", str(archive))
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.namelist():
            body = source.read(item)
            if item == "data.json":
                rows = json.loads(body)
                rows = [r for r in rows if r["model"] != "monitoring.risk"]  # rows lost
                body = json.dumps(rows).encode()
            target.writestr(item, body)
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError, match="manifest"):
        _run("restore", str(damaged), "--replace")
    assert Initiative.objects.count() == 3  # nothing flushed, nothing loaded
    assert AuditEvent.objects.count() == events

    not_a_zip = tmp_path / "x.zip"
    not_a_zip.write_bytes(b"no zip")
    with pytest.raises(CommandError, match="not a readable backup"):
        _run("restore", str(not_a_zip), "--replace")
