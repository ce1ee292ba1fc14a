"""Every existing municipality gets the default asset categories (gebouwen 40, wegen 25, ICT 5
jaar, ...); new municipalities get them when finance is first used
(`finance.services.categories_ensure`)."""

from django.db import migrations

# A copy of choices.DEFAULT_CATEGORIES as it was when this migration was written.
DEFAULTS = (
    ("Gebouwen", 40),
    ("Wegen, straten en pleinen", 25),
    ("Riolering", 60),
    ("Civiele kunstwerken", 40),
    ("Installaties", 15),
    ("Vervoermiddelen", 8),
    ("Inventaris", 10),
    ("ICT", 5),
)


def seed(apps, schema_editor):
    Municipality = apps.get_model("tenancy", "Municipality")
    AssetCategory = apps.get_model("finance", "AssetCategory")
    for municipality in Municipality.objects.all():
        if AssetCategory.objects.filter(municipality=municipality).exists():
            continue
        AssetCategory.objects.bulk_create(
            AssetCategory(municipality=municipality, name=name, default_term=term)
            for name, term in DEFAULTS
        )


def unseed(apps, schema_editor):
    AssetCategory = apps.get_model("finance", "AssetCategory")
    AssetCategory.objects.filter(
        name__in=[name for name, _term in DEFAULTS], investments=None
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial"), ("tenancy", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
