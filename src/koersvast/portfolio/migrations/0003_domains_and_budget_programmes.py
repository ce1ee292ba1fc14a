"""Domains link to BBV taakvelden and a budget programme, and can be retired; budget
programmes become a list per municipality (Beheer)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('portfolio', '0002_latest_start'),
        ('reference', '0002_load_taakvelden'),
        ('tenancy', '0003_membership_dates_and_history'),
    ]

    operations = [
        migrations.AddField(
            model_name='domain',
            name='retired_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='buiten gebruik sinds'),
        ),
        migrations.AddField(
            model_name='domain',
            name='taakvelden',
            field=models.ManyToManyField(blank=True, help_text='Optioneel: de taakvelden van de begroting die bij dit domein horen.', related_name='+', to='reference.taakveld', verbose_name='BBV-taakvelden'),
        ),
        migrations.CreateModel(
            name='BudgetProgramme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='aangemaakt op')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='gewijzigd op')),
                ('name', models.CharField(max_length=100, verbose_name='naam')),
                ('code', models.SlugField(max_length=40, verbose_name='code')),
                ('description', models.TextField(blank=True, verbose_name='toelichting')),
                ('order', models.PositiveIntegerField(default=0, verbose_name='volgorde')),
                ('retired_at', models.DateTimeField(blank=True, null=True, verbose_name='buiten gebruik sinds')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tenancy.municipality', verbose_name='gemeente')),
            ],
            options={
                'verbose_name': 'begrotingsprogramma',
                'verbose_name_plural': "begrotingsprogramma's",
                'ordering': ['municipality', 'order', 'name'],
            },
        ),
        migrations.AddField(
            model_name='domain',
            name='budget_programme',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='domains', to='portfolio.budgetprogramme', verbose_name='begrotingsprogramma'),
        ),
        migrations.AddConstraint(
            model_name='budgetprogramme',
            constraint=models.UniqueConstraint(fields=('municipality', 'code'), name='budget_programme_unique_code'),
        ),
        migrations.AddConstraint(
            model_name='budgetprogramme',
            constraint=models.UniqueConstraint(fields=('municipality', 'name'), name='budget_programme_unique_name'),
        ),
    ]
