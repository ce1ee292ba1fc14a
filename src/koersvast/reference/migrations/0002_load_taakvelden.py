"""Load the BBV taakvelden (2026 list) shipped with the package."""

from django.db import migrations


def load(apps, schema_editor):
    from koersvast.reference.loaders import load_taakvelden

    load_taakvelden(apps.get_model("reference", "Taakveld"))


def unload(apps, schema_editor):
    apps.get_model("reference", "Taakveld").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
