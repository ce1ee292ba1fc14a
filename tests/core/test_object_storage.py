"""Every file flow through Django's storage API: on the local disk and on S3 (moto, 127.0.0.1).

Attachments, import workbooks between the steps, rendered report PDFs and backups land in the
configured storage and nowhere else, so that several web pods and a worker share them.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from koersvast.config.settings.base import file_storage
from koersvast.intake.models import Attachment
from koersvast.reports.models import PdfJob
from koersvast.reports.services import pdf_remove_expired
from koersvast.tenancy.choices import Role
from tests.factories import InitiativeFactory
from tests.storage_support import stored_names

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "excel" / "voorbeeld-portfolio.xlsx"
PORTFOLIO = {"kind": "portfolio", "moment": "najaarsnota", "year": 2026, "group_by": "taakveld"}


@pytest.fixture(params=["disk", "s3"])
def storage(request: Any) -> Any:
    return request.getfixturevalue(f"{request.param}_storage")


def test_without_s3_settings_files_go_to_the_local_disk(monkeypatch) -> None:
    monkeypatch.delenv("KOERSVAST_S3_BUCKET", raising=False)
    assert file_storage() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_s3_settings_come_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("KOERSVAST_S3_BUCKET", "gemeente-koersvast")
    monkeypatch.setenv("KOERSVAST_S3_ENDPOINT_URL", "https://s3.example.nl")
    monkeypatch.setenv("KOERSVAST_S3_ACCESS_KEY_ID", "key")
    monkeypatch.setenv("KOERSVAST_S3_SECRET_ACCESS_KEY", "secret")
    config = file_storage()
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    options = config["OPTIONS"]
    assert options["bucket_name"] == "gemeente-koersvast"
    assert options["endpoint_url"] == "https://s3.example.nl"
    assert (options["access_key"], options["secret_key"]) == ("key", "secret")
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["file_overwrite"] is False


@pytest.mark.django_db
def test_attachments(storage, municipality, personas, client_for) -> None:
    submitter = personas[Role.SUBMITTER]
    initiative = InitiativeFactory(municipality=municipality, state="idee", submitted_by=submitter)
    client = client_for(submitter)
    url = reverse("intake:attachment_upload", args=[initiative.pk])
    client.post(url, {"file": SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan")})
    attachment = Attachment.objects.get()
    assert stored_names(storage, "bijlagen/") == [attachment.file.name]
    download = client.get(reverse("intake:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 plan"


@pytest.mark.django_db
def test_import_workbook_between_the_steps(storage, municipality, pm_client) -> None:
    response = pm_client.post(
        reverse("spreadsheets:import_upload"),
        {"file": SimpleUploadedFile("lijst.xlsx", SAMPLE.read_bytes())},
    )
    assert response.status_code == 302
    token = pm_client.session["spreadsheets_import"]["token"]
    assert stored_names(storage, "imports/") == [f"imports/GM0344/{token}.xlsx"]
    # The next step (on any pod) reads the workbook back from the storage.
    page = pm_client.get(reverse("spreadsheets:import_mapping")).content.decode()
    assert "Projectnaam" in page
    pm_client.post(reverse("spreadsheets:import_cancel"))
    assert stored_names(storage, "imports/") == []


@pytest.mark.django_db
def test_report_pdf_is_a_stored_file(
    storage, pm_client, municipality, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = pm_client.post(reverse("reports:report_pdf"), PORTFOLIO)
    job = PdfJob.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))
    assert job.status == "ready", job.error
    assert stored_names(storage, "rapportages/") == [job.file.name]
    download = pm_client.get(reverse("reports:pdf_download", args=[job.pk]))
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    # A live report's PDF expires after a day: the row and its file go.
    PdfJob.objects.filter(pk=job.pk).update(created_at=job.created_at.replace(year=2000))
    assert pdf_remove_expired() == 1
    assert stored_names(storage, "rapportages/") == []


@pytest.mark.django_db(transaction=True)
def test_backup_to_and_restore_from_the_storage(storage, municipality, personas) -> None:
    initiative = InitiativeFactory(municipality=municipality, title="Sporthal")
    attachment = Attachment.objects.create(
        municipality=municipality,
        initiative=initiative,
        name="plan.pdf",
        file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 backup"),
    )
    out = io.StringIO()
    call_command("backup", "nacht.zip", "--storage", stdout=out)
    assert "opslag:backups/nacht.zip" in out.getvalue()
    assert stored_names(storage, "backups/") == ["backups/nacht.zip"]

    default_storage.delete(attachment.file.name)
    initiative.delete()
    out = io.StringIO()
    call_command("restore", "nacht.zip", "--storage", "--replace", stdout=out)
    assert "Hersteld en gecontroleerd" in out.getvalue()
    restored = Attachment.objects.get()
    with restored.file.open("rb") as file:
        assert file.read() == b"%PDF-1.4 backup"


@pytest.mark.django_db
def test_restore_of_a_missing_backup_says_so(storage) -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError, match=r"Geen back-up backups/weg\.zip"):
        call_command("restore", "weg.zip", "--storage")
