"""Rendered PDFs move from a database column to Django's file storage (local disk or S3), and a
published report's PDF gets an archive copy (PDF/A-3b)."""

from django.core.files.base import ContentFile
from django.db import migrations, models

import koersvast.reports.models


def to_storage(apps, schema_editor):
    job = apps.get_model("reports", "PdfJob")
    for pdf in job.objects.exclude(content=None).iterator():
        pdf.file.save(f"rapportage-{pdf.pk}.pdf", ContentFile(bytes(pdf.content)), save=False)
        job.objects.filter(pk=pdf.pk).update(file=pdf.file.name)


def to_database(apps, schema_editor):
    job = apps.get_model("reports", "PdfJob")
    for pdf in job.objects.exclude(file="").iterator():
        with pdf.file.open("rb") as file:
            content = file.read()
        job.objects.filter(pk=pdf.pk).update(content=content)
        pdf.file.storage.delete(pdf.file.name)
        if pdf.archive:  # the archive copy has no place in the old schema
            pdf.archive.storage.delete(pdf.archive.name)


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_pdf_jobs")]

    operations = [
        migrations.AddField(
            model_name="pdfjob",
            name="file",
            field=models.FileField(
                blank=True,
                max_length=200,
                upload_to=koersvast.reports.models.pdf_path,
                verbose_name="PDF",
            ),
        ),
        migrations.AddField(
            model_name="pdfjob",
            name="archive",
            field=models.FileField(
                blank=True,
                max_length=200,
                upload_to=koersvast.reports.models.pdf_path,
                verbose_name="PDF/A",
            ),
        ),
        migrations.RunPython(to_storage, to_database),
        migrations.RemoveField(model_name="pdfjob", name="content"),
    ]
