"""Backup and restore: a round trip loses nothing (rows, checksums, files); bad input restores
nothing."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime

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
    # Timestamps finer than a millisecond come back exactly (Django's JSON encoder cut them, and
    # one below a millisecond then failed the restore's check: it was ".000" once, "" after).
    stamps = {
        "Sporthal": datetime(2026, 12, 6, 2, 55, 54, 123, tzinfo=UTC),
        "Wijkteam": datetime(2026, 12, 6, 2, 55, 54, 123456, tzinfo=UTC),
    }
    for title, stamp in stamps.items():
        Initiative.objects.filter(title=title).update(updated_at=stamp)
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
    for title, stamp in stamps.items():
        assert Initiative.objects.get(title=title).updated_at == stamp
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


def _archive_rows(archive):
    with zipfile.ZipFile(archive) as source:
        return json.loads(source.read("data.json")), json.loads(source.read("manifest.json"))


@pytest.mark.django_db(transaction=True)
def test_one_municipality_round_trip_holds_only_its_own_data(
    installation, municipality, other_municipality, outsider, tmp_path
):
    before = _table_checksums(_dump(municipality))
    archive = tmp_path / "utrecht.zip"
    assert "bestanden" in _run("backup", str(archive), "--municipality", "GM0344")

    rows, manifest = _archive_rows(archive)
    assert manifest["municipality"] == "GM0344"
    owners = {r["fields"].get("municipality") for r in rows if "municipality" in r["fields"]}
    assert owners == {municipality.pk}
    assert "Elders" not in json.dumps(rows)  # the other municipality's initiative
    usernames = {r["fields"]["username"] for r in rows if r["model"] == "auth.user"}
    assert outsider.username not in usernames
    assert "portfolio_manager" in usernames
    assert all("pk" not in r for r in rows if r["model"] == "auth.user")  # by username only

    # It does not restore over the installation it came from: the municipality is there.
    with pytest.raises(CommandError, match="GM0344 bestaat al"):
        _run("restore", str(archive))
    with pytest.raises(CommandError, match="--replace"):
        _run("restore", str(archive), "--replace")

    # Into a new installation: everything of this one municipality, checked, files too.
    call_command("flush", interactive=False, verbosity=0)
    assert "Hersteld en gecontroleerd" in _run("restore", str(archive))
    restored = Municipality.objects.get()
    assert restored.cbs_code == "GM0344"
    assert _table_checksums(_dump(restored)) == before
    attachment = Attachment.objects.get()
    assert attachment.file.storage.open(attachment.file.name).read() == b"%PDF-1.4 test"
    assert sorted(Initiative.objects.values_list("title", flat=True)) == ["Sporthal", "Wijkteam"]


@pytest.mark.django_db(transaction=True)
def test_one_municipality_never_overwrites_another(installation, municipality, tmp_path):
    archive = tmp_path / "utrecht.zip"
    _run("backup", str(archive), "--municipality", "GM0344")
    taken = Initiative.objects.get(title="Sporthal").pk
    call_command("flush", interactive=False, verbosity=0)
    # A new installation that already has another municipality, with an id of the backup in use.
    other = InitiativeFactory(pk=taken, title="Van een andere gemeente")
    with pytest.raises(CommandError, match="al in gebruik"):
        _run("restore", str(archive))
    assert list(Initiative.objects.values_list("title", flat=True)) == [other.title]
    assert not Municipality.objects.filter(cbs_code="GM0344").exists()


def test_backup_of_an_unknown_municipality_is_refused(tmp_path, db):
    with pytest.raises(CommandError, match="GM9999"):
        _run("backup", str(tmp_path / "x.zip"), "--municipality", "GM9999")
