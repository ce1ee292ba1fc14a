"""Notifications move to their own app (koersvast.notifications): the table is renamed and the
model leaves intake's state; notifications/0001 takes it over without touching the database."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0008_decision_is_public"),
    ]

    operations = [
        migrations.AlterModelTable(name="notification", table="notifications_notification"),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="notification")],
        ),
    ]
