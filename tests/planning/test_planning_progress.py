"""The run's progress in words: a Dutch label per optimiser phase (English when translated),
and a bar that follows the solver's fraction without ever going back."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from koersvast.optimizer.progress import PHASES
from koersvast.planning import presenters
from koersvast.planning.choices import RunStatus
from koersvast.planning.models import ScenarioRun
from koersvast.planning.services import jobs, runs
from koersvast.planning.services.runs import scenario_run_now
from koersvast.planning.services.scenarios import scenario_create
from koersvast.tenancy.choices import Role


@pytest.fixture
def scenario(world, municipality, personas):
    return scenario_create(
        municipality=municipality, name="Basis", by=personas[Role.PORTFOLIO_MANAGER]
    )


@pytest.mark.parametrize(
    ("phase", "kwargs", "label"),
    [
        ("start", {}, "Eerste plannen maken (rangschikken en vullen)"),
        ("lp", {}, "LP-relaxatie oplossen"),
        ("milp", {}, "Exact zoeken (MILP)"),
        ("lns", {"step": 3, "steps": 30}, "Verbeterrondes (3 van 30)"),
        ("lns", {"step": 4}, "Verbeterrondes (ronde 4)"),
        ("lns", {}, "Verbeterrondes"),
        ("check", {}, "Plan controleren"),
        (
            "milp",
            {"parallel": "cpsat"},
            "Exact zoeken (MILP); CP-SAT rekent mee op een tweede kern",
        ),
        (
            "lns",
            {"parallel": "lns"},
            "Verbeterrondes; 1 zoektocht rekent mee op een andere kern",
        ),
        (
            "lns",
            {"parallel": "lns+lns-2"},
            "Verbeterrondes; 2 zoektochten rekenen mee op andere kernen",
        ),
        ("done", {"parallel": "lns"}, "Plan gevonden"),
    ],
)
def test_each_phase_has_a_dutch_label(phase: str, kwargs: dict, label: str) -> None:
    with translation.override("nl"):
        assert presenters.progress_label(phase, **kwargs) == label


def test_every_solver_phase_has_its_own_label_in_both_languages() -> None:
    for language in ("nl", "en"):
        with translation.override(language):
            labels = [presenters.progress_label(phase) for phase in PHASES]
            assert len(set(labels)) == len(labels)
            assert not any(phase in label for phase, label in zip(PHASES, labels, strict=True))


def test_the_labels_are_translated() -> None:
    with translation.override("en"):
        assert presenters.progress_label("lp") == "Solving the LP relaxation"
        assert presenters.progress_label("lns", step=3, steps=30) == "Improvement rounds (3 of 30)"
        assert presenters.progress_label("lns", parallel="lns+lns-2").endswith(
            "; 2 searches run alongside on other cores"
        )


@pytest.mark.django_db
def test_the_bar_follows_the_solver_and_never_goes_back(scenario, monkeypatch) -> None:
    run = ScenarioRun.objects.create(
        municipality=scenario.municipality, scenario=scenario, status=RunStatus.RUNNING
    )
    monkeypatch.setattr(jobs.time, "monotonic", iter(range(1, 1000)).__next__)
    write = jobs.progress_writer(ScenarioRun, run.pk, 2.0)
    seen = []
    with translation.override("nl"):
        for phase, fraction, step in [
            ("start", 0.0, None),
            ("lp", 0.1, None),
            ("lns", 0.6, 3),
            ("lns", 0.5, 4),  # a second solve of the same job starts over: the bar holds
            ("done", 1.0, None),
        ]:
            write(phase, 1.0, 12.0, fraction=fraction, step=step, steps=30 if step else None)
            run.refresh_from_db()
            seen.append((run.progress, run.message))
    assert [pct for pct, _ in seen] == sorted(pct for pct, _ in seen)
    assert seen[1] == (10, "LP-relaxatie oplossen, 1.0 s, beste waarde tot nu toe 12.0")
    assert seen[2][1].startswith("Verbeterrondes (3 van 30)")
    assert seen[-1][0] == 99


@pytest.mark.django_db
def test_a_job_of_several_solves_shares_the_bar(scenario, monkeypatch) -> None:
    run = ScenarioRun.objects.create(
        municipality=scenario.municipality, scenario=scenario, status=RunStatus.RUNNING
    )
    monkeypatch.setattr(jobs.time, "monotonic", iter(range(1, 1000)).__next__)
    write = jobs.progress_writer(ScenarioRun, run.pk, 2.0, solves=4)
    progress = []
    for fraction in (0.5, 1.0, 0.0, 0.5):
        write("milp", 0.5, None, fraction=fraction)
        run.refresh_from_db()
        progress.append(run.progress)
    assert progress == [12, 25, 25, 37]


def test_the_progress_is_labelled_and_announced(scenario, pm_client) -> None:
    run = ScenarioRun.objects.create(
        municipality=scenario.municipality,
        scenario=scenario,
        status=RunStatus.RUNNING,
        progress=40,
        message="LP-relaxatie oplossen, 0.4 s",
    )
    body = pm_client.get(reverse("planning:run_progress", args=[run.pk])).content.decode()
    assert f'<label for="run-bar-{run.pk}">' in body
    assert f'aria-describedby="run-phase-{run.pk}"' in body
    assert f'id="run-phase-{run.pk}" role="status" aria-live="polite"' in body
    assert "LP-relaxatie oplossen, 0.4 s" in body


@pytest.mark.django_db
def test_a_run_reports_its_phases_then_the_check(scenario, personas, monkeypatch) -> None:
    phases: list[tuple[str, float | None]] = []

    def spy(model, pk, time_limit, **kwargs):
        write = jobs.progress_writer(model, pk, time_limit, **kwargs)

        def record(phase, elapsed, objective, **info):
            phases.append((phase, info.get("fraction")))
            write(phase, elapsed, objective, **info)

        return record

    monkeypatch.setattr(runs, "progress_writer", spy)
    run = scenario_run_now(scenario=scenario, by=personas[Role.PORTFOLIO_MANAGER])
    assert run.status == RunStatus.DONE
    names = [phase for phase, _ in phases]
    assert names[0] == "start" and names[-2:] == ["done", "check"]
    fractions = [fraction for _, fraction in phases]
    assert fractions == sorted(fractions)  # type: ignore[type-var]
