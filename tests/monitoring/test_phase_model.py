"""A municipality's own phase model: its phases, their gate documents, and what may not change."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from koersvast.monitoring.errors import MonitoringError
from koersvast.monitoring.models import PhaseDefinition, PhaseGate
from koersvast.monitoring.selectors.phases import (
    MAX_PHASES,
    PhaseStep,
    current_phase,
    is_custom,
    phase_documents,
    phase_labels,
    phase_model,
)
from koersvast.monitoring.services.phases import phase_advance, phase_model_save
from koersvast.reports import selectors as report_selectors
from koersvast.tenancy.choices import Role
from tests.factories import InitiativeFactory

STANDARD = ["initiatie", "definitie", "ontwerp", "voorbereiding", "realisatie", "nazorg"]


def _own_model(municipality, by):
    """Initiatie → Haalbaarheid (new) → Realisatie, each with its own gate documents."""
    return phase_model_save(
        municipality_id=municipality.pk,
        by=by,
        steps=[
            PhaseStep("initiatie", "Idee", ["Startnotitie"]),
            PhaseStep("", "Haalbaarheid", ["Business case", "Risicoanalyse"]),
            PhaseStep("realisatie", "Uitvoering", []),
        ],
    )


def test_without_its_own_model_a_municipality_uses_the_standard(municipality):
    assert [step.code for step in phase_model(municipality.pk)] == STANDARD
    assert not is_custom(municipality.pk)
    initiative = InitiativeFactory(municipality=municipality)
    assert current_phase(initiative) == "initiatie"
    assert phase_documents(municipality.pk, "initiatie") == ["Projectopdracht"]


def test_own_phases_drive_the_gates_and_their_documents(municipality, personas):
    manager = personas[Role.PORTFOLIO_MANAGER]
    saved = _own_model(municipality, manager)
    assert [(p.code, p.name, p.position) for p in saved] == [
        ("initiatie", "Idee", 1),
        ("haalbaarheid", "Haalbaarheid", 2),
        ("realisatie", "Uitvoering", 3),
    ]
    initiative = InitiativeFactory(municipality=municipality)
    with pytest.raises(MonitoringError, match="Startnotitie"):
        phase_advance(initiative=initiative, by=manager, documents=["Projectopdracht"])
    gate = phase_advance(initiative=initiative, by=manager, documents=["Startnotitie"])
    assert (gate.from_phase, gate.to_phase) == ("initiatie", "haalbaarheid")
    with pytest.raises(MonitoringError, match="Business case"):
        phase_advance(initiative=initiative, by=manager, documents=["Risicoanalyse"])
    phase_advance(initiative=initiative, by=manager, documents=["Business case", "Risicoanalyse"])
    assert current_phase(initiative) == "realisatie"
    with pytest.raises(MonitoringError, match="laatste fase \\(Uitvoering\\)"):
        phase_advance(initiative=initiative, by=manager, documents=[])


def test_a_phase_named_in_a_gate_can_be_renamed_but_not_removed(municipality, personas):
    manager = personas[Role.PORTFOLIO_MANAGER]
    _own_model(municipality, manager)
    initiative = InitiativeFactory(municipality=municipality)
    phase_advance(initiative=initiative, by=manager, documents=["Startnotitie"])
    before = list(PhaseDefinition.objects.values_list("code", "name", "position", "documents"))

    with pytest.raises(MonitoringError, match=r"'Haalbaarheid' kan niet weg.*1 init"):
        phase_model_save(
            municipality_id=municipality.pk,
            by=manager,
            steps=[
                PhaseStep("initiatie", "Nieuwe naam", ["Startnotitie"]),  # would be renamed …
                PhaseStep("realisatie", "Uitvoering", []),
            ],
        )
    # … but nothing of the refused change was written.
    assert list(PhaseDefinition.objects.values_list("code", "name", "position", "documents")) == (
        before
    )

    phase_model_save(
        municipality_id=municipality.pk,
        by=manager,
        steps=[
            PhaseStep("initiatie", "Idee", ["Startnotitie"]),
            PhaseStep("haalbaarheid", "Verkenning", ["Business case"]),
            PhaseStep("realisatie", "Uitvoering", []),
        ],
    )
    assert phase_labels(municipality.pk)["haalbaarheid"] == "Verkenning"
    assert PhaseGate.objects.get().to_phase == "haalbaarheid"


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ([PhaseStep("", "Alleen", [])], "minstens twee fasen"),
        ([PhaseStep("", "Idee", []), PhaseStep("", "idee", [])], "komt twee keer voor"),
        (
            [PhaseStep("", f"Fase {n}", []) for n in range(MAX_PHASES + 1)],
            "hoogstens 12 fasen",
        ),
        ([PhaseStep("", "A", ["x" * 121]), PhaseStep("", "B", [])], "langer dan 120"),
        (
            [PhaseStep("", "A", [f"doc {n}" for n in range(13)]), PhaseStep("", "B", [])],
            "hoogstens 12 documenten",
        ),
    ],
)
def test_invalid_models_are_refused_whole(municipality, personas, steps, message):
    with pytest.raises(MonitoringError, match=message):
        phase_model_save(
            municipality_id=municipality.pk, by=personas[Role.PORTFOLIO_MANAGER], steps=steps
        )
    assert not PhaseDefinition.objects.exists()


def test_tampered_codes_become_new_phases(municipality, personas):
    saved = phase_model_save(
        municipality_id=municipality.pk,
        by=personas[Role.PORTFOLIO_MANAGER],
        steps=[
            PhaseStep("<script>", "Start", []),
            PhaseStep("initiatie", "Een", []),
            PhaseStep("initiatie", "Twee", []),
        ],
    )
    assert [p.code for p in saved] == ["start", "initiatie", "twee"]


def test_only_the_portfolio_manager_changes_the_model(municipality, personas, client_for):
    with pytest.raises(PermissionDenied):
        _own_model(municipality, personas[Role.OFFICIAL_SPONSOR])
    url = reverse("monitoring:phase_model")
    assert client_for(personas[Role.READER]).get(url).status_code == 403
    assert client_for(personas[Role.PORTFOLIO_MANAGER]).get(url).status_code == 200


def test_each_municipality_has_its_own_model(municipality, other_municipality, personas, outsider):
    _own_model(municipality, personas[Role.PORTFOLIO_MANAGER])
    assert [step.code for step in phase_model(other_municipality.pk)] == STANDARD
    phase_model_save(
        municipality_id=other_municipality.pk,
        by=outsider,
        steps=[PhaseStep("", "Verkennen", []), PhaseStep("", "Doen", [])],
    )
    assert phase_labels(municipality.pk)["initiatie"] == "Idee"
    with pytest.raises(PermissionDenied):
        _own_model(municipality, outsider)


def _management(prefix, total, initial):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "12",
    }


def test_the_editor_saves_order_renames_deletions_and_new_phases(municipality, pm_client):
    url = reverse("monitoring:phase_model")
    page = pm_client.get(url)
    assert "standaard fasemodel" in page.content.decode()
    data = _management("fase", 8, 6)
    names = ["Initiatie", "Definitie", "Ontwerp", "Voorbereiding", "Realisatie", "Nazorg"]
    for n, (code, name) in enumerate(zip(STANDARD, names, strict=True)):
        data |= {
            f"fase-{n}-code": code,
            f"fase-{n}-name": name,
            f"fase-{n}-documents": "",
            f"fase-{n}-ORDER": str(n + 1),
        }
    data["fase-2-DELETE"] = "on"  # no ontwerp phase here
    data["fase-5-ORDER"] = "0"  # nazorg moved to the front (why not)
    data |= {
        "fase-6-name": "Haalbaarheid",
        "fase-6-documents": "Business case\n\n",
        "fase-6-ORDER": "2",
    }
    data |= {"fase-7-name": "", "fase-7-documents": "", "fase-7-ORDER": ""}
    response = pm_client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    model = phase_model(municipality.pk)
    assert [(s.code, s.name) for s in model] == [
        ("nazorg", "Nazorg"),
        ("initiatie", "Initiatie"),
        ("haalbaarheid", "Haalbaarheid"),  # order 2, taken by definitie: the new one goes first
        ("definitie", "Definitie"),
        ("voorbereiding", "Voorbereiding"),
        ("realisatie", "Realisatie"),
    ]
    assert model[2].documents == ["Business case"]


def test_the_editor_shows_a_refusal_and_keeps_the_input(municipality, pm_client):
    data = _management("fase", 2, 0) | {
        "fase-0-name": "Alleen deze",
        "fase-0-documents": "",
        "fase-0-ORDER": "1",
        "fase-1-name": "",
        "fase-1-documents": "",
        "fase-1-ORDER": "",
    }
    response = pm_client.post(reverse("monitoring:phase_model"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "minstens twee fasen" in body
    assert 'value="Alleen deze"' in body
    assert not PhaseDefinition.objects.exists()


def test_the_raad_report_and_the_monitoring_page_use_the_own_names(
    municipality, personas, pm_client
):
    manager = personas[Role.PORTFOLIO_MANAGER]
    _own_model(municipality, manager)
    initiative = InitiativeFactory(
        municipality=municipality, state="in_uitvoering", budget_capital=5_000_000
    )
    phase_advance(initiative=initiative, by=manager, documents=["Startnotitie"])
    page = pm_client.get(reverse("monitoring:initiative", args=[initiative.pk])).content.decode()
    assert "Idee → Haalbaarheid" in page
    assert "Business case" in page  # the next gate's checklist
    report = report_selectors.raad_report(municipality=municipality, moment="begroting", year=2027)
    assert [p["phase_label"] for p in report["projects"]] == ["Haalbaarheid"]
