"""Advice kinds become rows per municipality (seeded with the five that were fixed in code, so
nothing changes for an existing municipality); bodies get a mandate of decisions, an escalation
and members; advice gets the owner's response; bodies and kinds can be retired."""

import django.db.models.deletion
import koersvast.intake.models
from django.conf import settings
from django.db import migrations, models

# The kinds that were fixed in code (intake.choices.AdviceKind before this migration).
DEFAULT_KINDS = [
    ("ciso", "Informatiebeveiliging (CISO)"),
    ("privacy", "Privacy (FG/privacyadviseur)"),
    ("controller", "Financieel (controller)"),
    ("legal", "Juridisch"),
    ("architect", "Architectuur"),
]


def seed_advice_kinds(apps, schema_editor):
    Municipality = apps.get_model("tenancy", "Municipality")
    AdviceKind = apps.get_model("intake", "AdviceKind")
    for municipality in Municipality.objects.all():
        for order, (code, name) in enumerate(DEFAULT_KINDS, start=1):
            AdviceKind.objects.get_or_create(
                municipality=municipality,
                code=code,
                defaults={"name": name, "role": "adviser", "order": order},
            )


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0002_transition_lead_time_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='advice',
            name='responded_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='reactie op'),
        ),
        migrations.AddField(
            model_name='advice',
            name='responded_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reactie door'),
        ),
        migrations.AddField(
            model_name='advice',
            name='response',
            field=models.TextField(blank=True, verbose_name='reactie op het advies'),
        ),
        migrations.AddField(
            model_name='decisionbody',
            name='escalates_to',
            field=models.ForeignKey(blank=True, help_text='Het gremium dat besluit over wat buiten dit mandaat valt.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='escalated_from', to='intake.decisionbody', verbose_name='legt voor aan'),
        ),
        migrations.AddField(
            model_name='decisionbody',
            name='mandate_decisions',
            field=models.JSONField(default=koersvast.intake.models.all_mandate_decisions, help_text='Welke besluiten over een initiatief dit gremium zelf mag nemen.', verbose_name='besluiten binnen het mandaat'),
        ),
        migrations.AddField(
            model_name='decisionbody',
            name='members',
            field=models.ManyToManyField(blank=True, related_name='decision_bodies', to=settings.AUTH_USER_MODEL, verbose_name='leden'),
        ),
        migrations.AddField(
            model_name='decisionbody',
            name='retired_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='buiten gebruik sinds'),
        ),
        migrations.AlterField(
            model_name='advice',
            name='kind',
            field=models.CharField(max_length=20, verbose_name='soort advies'),
        ),
        migrations.AlterField(
            model_name='decisionbody',
            name='kind',
            field=models.CharField(choices=[('portfolioboard', 'Portfolioboard'), ('mt', 'Managementteam'), ('college', 'College van B&W'), ('raad', 'Gemeenteraad'), ('other', 'Ander gremium')], max_length=20, verbose_name='soort'),
        ),
        migrations.AlterField(
            model_name='entrycriterion',
            name='advice_kind',
            field=models.CharField(blank=True, max_length=20, verbose_name='vereist advies'),
        ),
        migrations.CreateModel(
            name='AdviceKind',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='aangemaakt op')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='gewijzigd op')),
                ('code', models.SlugField(max_length=20, verbose_name='code')),
                ('name', models.CharField(max_length=100, verbose_name='naam')),
                ('role', models.CharField(choices=[('submitter', 'Indiener'), ('portfolio_manager', 'Portfoliomanager'), ('official_sponsor', 'Ambtelijk opdrachtgever'), ('political_sponsor', 'Bestuurlijk opdrachtgever'), ('project_leader', 'Opdrachtnemer (projectleider)'), ('adviser', 'Adviseur'), ('board_member', 'Lid portfolioboard'), ('reader', 'Lezer'), ('administrator', 'Beheerder')], default='adviser', max_length=30, verbose_name='gegeven door rol')),
                ('negative_needs_response', models.BooleanField(default=False, help_text='Aan: een initiatief met een negatief advies van deze soort gaat pas naar besluitvorming als de eigenaar op het advies heeft gereageerd.', verbose_name='negatief advies vraagt een reactie')),
                ('order', models.PositiveIntegerField(default=0, verbose_name='volgorde')),
                ('retired_at', models.DateTimeField(blank=True, null=True, verbose_name='buiten gebruik sinds')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tenancy.municipality', verbose_name='gemeente')),
            ],
            options={
                'verbose_name': 'adviessoort',
                'verbose_name_plural': 'adviessoorten',
                'ordering': ['municipality', 'order', 'name'],
                'constraints': [models.UniqueConstraint(fields=('municipality', 'code'), name='advicekind_unique_code')],
            },
        ),
        migrations.RunPython(seed_advice_kinds, migrations.RunPython.noop),
    ]
