"""Bodies whose mandate covered every admission decision also decide on running work
(stop, pause, resume, change; decision 0403); a restricted mandate stays as it was."""

from django.db import migrations

ADMISSION = {"admit", "admit_conditions", "reject", "park", "return"}
RUNNING_WORK = ["stop", "pause", "resume", "change"]


def extend(apps, schema_editor):
    DecisionBody = apps.get_model("intake", "DecisionBody")
    for body in DecisionBody.objects.all():
        mandate = list(body.mandate_decisions or [])
        if ADMISSION <= set(mandate):
            body.mandate_decisions = mandate + [d for d in RUNNING_WORK if d not in mandate]
            body.save(update_fields=["mandate_decisions"])


def shrink(apps, schema_editor):
    DecisionBody = apps.get_model("intake", "DecisionBody")
    for body in DecisionBody.objects.all():
        mandate = [d for d in body.mandate_decisions or [] if d not in RUNNING_WORK]
        if mandate != body.mandate_decisions:
            body.mandate_decisions = mandate
            body.save(update_fields=["mandate_decisions"])


class Migration(migrations.Migration):
    dependencies = [("intake", "0006_governance_proposals")]

    operations = [migrations.RunPython(extend, shrink)]
