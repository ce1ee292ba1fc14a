"""Migration reports 0003: PDFs kept in the database move to the file storage, and back."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("reports", "0002_pdf_jobs")]
AFTER = [("reports", "0003_pdf_files_in_storage")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_pdfs_move_to_the_storage_and_back(disk_storage, municipality) -> None:
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = migrate(BEFORE)  # only reports goes back: the municipality is today's model
        job = old.get_model("reports", "PdfJob").objects.create(
            municipality_id=municipality.pk, title="Najaarsnota", status="ready", content=b"%PDF-1"
        )
        empty = old.get_model("reports", "PdfJob").objects.create(
            municipality_id=municipality.pk, title="Bezig", status="pending"
        )

        new = migrate(AFTER)
        moved = new.get_model("reports", "PdfJob").objects.get(pk=job.pk)
        assert moved.file.name == f"rapportages/{municipality.pk}/rapportage-{job.pk}.pdf"
        with default_storage.open(moved.file.name) as file:
            assert file.read() == b"%PDF-1"
        assert new.get_model("reports", "PdfJob").objects.get(pk=empty.pk).file == ""

        back = migrate(BEFORE)
        restored = back.get_model("reports", "PdfJob").objects.get(pk=job.pk)
        assert bytes(restored.content) == b"%PDF-1"
        assert not default_storage.exists(moved.file.name)
    finally:
        migrate(latest)
