"""Fill the digest of runs stored before it existed (a frozen copy of `selectors.run_digest`)."""

from django.db import migrations

ITEM_KEYS = ("id", "name", "duration", "x-pk", "x-domain", "x-budget", "x-objectives")


def digest(problem, solution):
    chosen = {entry["id"] for entry in solution.get("selected", [])}
    return {
        "problem": {
            "periods": problem.get("periods", []),
            "pools": problem.get("pools", []),
            "x-themes": problem.get("x-themes", []),
            "initiatives": [
                {key: item[key] for key in ITEM_KEYS if key in item}
                for item in problem.get("initiatives", [])
                if item["id"] in chosen
            ],
        },
        "solution": {
            "selected": solution.get("selected", []),
            "utilisation": solution.get("utilisation", {}),
        },
    }


def fill(apps, schema_editor):
    ScenarioRun = apps.get_model("planning", "ScenarioRun")
    pending = ScenarioRun.objects.filter(digest__isnull=True, problem__isnull=False)
    for pk in pending.values_list("pk", flat=True).iterator():
        run = ScenarioRun.objects.only("problem", "solution").get(pk=pk)
        ScenarioRun.objects.filter(pk=pk).update(
            digest=digest(run.problem or {}, run.solution or {})
        )


def clear(apps, schema_editor):
    apps.get_model("planning", "ScenarioRun").objects.update(digest=None)


class Migration(migrations.Migration):
    dependencies = [("planning", "0005_run_digest")]

    operations = [migrations.RunPython(fill, clear)]
