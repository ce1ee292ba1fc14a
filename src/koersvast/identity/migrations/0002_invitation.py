"""Invitations: a one-time, expiring, revocable link to join a municipality (decision 1001)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('identity', '0001_initial'),
        ('tenancy', '0003_membership_dates_and_history'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Invitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='aangemaakt op')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='gewijzigd op')),
                ('email', models.EmailField(max_length=254, verbose_name='e-mailadres')),
                ('first_name', models.CharField(blank=True, max_length=150, verbose_name='voornaam')),
                ('last_name', models.CharField(blank=True, max_length=150, verbose_name='achternaam')),
                ('roles', models.JSONField(default=list, verbose_name='rollen')),
                ('starts_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='rol vanaf')),
                ('ends_on', models.DateField(blank=True, null=True, verbose_name='rol tot en met')),
                ('token_hash', models.CharField(editable=False, max_length=64, unique=True)),
                ('expires_at', models.DateTimeField(verbose_name='verloopt op')),
                ('accepted_at', models.DateTimeField(blank=True, null=True, verbose_name='aangenomen op')),
                ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='ingetrokken op')),
                ('accepted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='aangenomen door')),
                ('invited_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uitgenodigd door')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tenancy.municipality', verbose_name='gemeente')),
                ('revoked_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ingetrokken door')),
            ],
            options={
                'verbose_name': 'uitnodiging',
                'verbose_name_plural': 'uitnodigingen',
                'ordering': ['-created_at', '-id'],
            },
        ),
    ]
