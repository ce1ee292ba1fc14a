"""Roles get a start and an end date and are withdrawn instead of deleted (role history).

Existing roles start on the day they were granted. Going back deletes the history (ended and
withdrawn roles), so that the old one-row-per-role constraint can be restored.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def start_on_grant_day(apps, schema_editor):
    Membership = apps.get_model("tenancy", "Membership")
    for membership in Membership.objects.all().only("pk", "granted_at"):
        day = timezone.localdate(membership.granted_at) if membership.granted_at else None
        if day is not None:
            Membership.objects.filter(pk=membership.pk).update(starts_on=day)


def forget_history(apps, schema_editor):
    Membership = apps.get_model("tenancy", "Membership")
    ended = models.Q(withdrawn_at__isnull=False) | models.Q(ends_on__lt=timezone.localdate())
    Membership.objects.filter(ended).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('tenancy', '0002_municipality_reference_prefix'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='membership',
            options={'ordering': ['municipality__name', 'user__username', 'role', 'starts_on'], 'verbose_name': 'lidmaatschap', 'verbose_name_plural': 'lidmaatschappen'},
        ),
        migrations.RemoveConstraint(
            model_name='membership',
            name='membership_unique_role',
        ),
        migrations.AddField(
            model_name='membership',
            name='ends_on',
            field=models.DateField(blank=True, help_text='Leeg: zonder einddatum.', null=True, verbose_name='tot en met'),
        ),
        migrations.AddField(
            model_name='membership',
            name='starts_on',
            field=models.DateField(default=django.utils.timezone.localdate, verbose_name='vanaf'),
        ),
        migrations.AddField(
            model_name='membership',
            name='withdrawn_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='ingetrokken op'),
        ),
        migrations.AddField(
            model_name='membership',
            name='withdrawn_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ingetrokken door'),
        ),
        migrations.AddIndex(
            model_name='membership',
            index=models.Index(fields=['user', 'municipality'], name='tenancy_mem_user_id_3c1082_idx'),
        ),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.UniqueConstraint(condition=models.Q(('ends_on', None), ('withdrawn_at', None)), fields=('user', 'municipality', 'role'), name='membership_one_open_role'),
        ),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.CheckConstraint(condition=models.Q(('ends_on', None), ('ends_on__gte', models.F('starts_on')), _connector='OR'), name='membership_ends_after_start'),
        ),
        migrations.RunPython(start_on_grant_day, forget_history),
    ]
