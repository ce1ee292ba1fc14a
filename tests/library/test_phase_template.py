"""The phase model as a template: publish, adopt (keeping phases in use), compare and merge."""

from __future__ import annotations

import pytest

from koersvast.library.kinds import ContentError
from koersvast.library.services import (
    adoption_merge,
    merge_changes,
    template_adopt,
    template_publish,
)
from koersvast.monitoring.phase_exchange import FORMAT, PhaseFileError, phases_validate
from koersvast.monitoring.selectors.phases import PhaseStep, phase_labels, phase_model
from koersvast.monitoring.services.phases import phase_advance, phase_model_save
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def _own_model(municipality, manager, *, extra=None):
    steps = [
        PhaseStep("", "Verkennen", ["Startnotitie"]),
        PhaseStep("", "Haalbaarheid", ["Business case"]),
        PhaseStep("", "Uitvoeren", []),
    ]
    if extra:
        steps.insert(2, extra)
    phase_model_save(municipality_id=municipality.pk, steps=steps, by=manager)


def _publish(municipality, manager, template=None):
    return template_publish(
        municipality=municipality,
        kind="phases",
        source_key="model",
        title="Fasemodel compact",
        description="Drie fasen",
        template=template,
        by=manager,
    )


def test_a_municipality_on_the_standard_model_has_nothing_to_publish(municipality, manager):
    with pytest.raises(ContentError, match="standaard fasemodel"):
        _publish(municipality, manager)


def test_adopting_keeps_the_phases_that_own_gates_refer_to(
    municipality, manager, other_municipality, outsider
):
    _own_model(municipality, manager)
    version = _publish(municipality, manager)
    assert version.content["format"] == FORMAT
    # The other municipality has a project that passed the standard "initiatie" gate.
    initiative = InitiativeFactory(municipality=other_municipality)
    phase_advance(initiative=initiative, by=outsider, documents=["Projectopdracht"])

    template_adopt(version=version, municipality=other_municipality, by=outsider)
    model = phase_model(other_municipality.pk)
    assert [s.name for s in model] == [
        "Initiatie",
        "Definitie",
        "Verkennen",
        "Haalbaarheid",
        "Uitvoeren",
    ]
    assert model[3].documents == ["Business case"]
    assert phase_labels(other_municipality.pk)["definitie"] == "Definitie"  # history


def test_a_newer_version_is_compared_and_merged(
    municipality, manager, other_municipality, outsider
):
    _own_model(municipality, manager)
    first = _publish(municipality, manager)
    adoption, _result = template_adopt(version=first, municipality=other_municipality, by=outsider)
    _own_model(municipality, manager, extra=PhaseStep("", "Aanbesteden", ["Bestek"]))
    newer = _publish(municipality, manager, template=first.template)
    found, changes = merge_changes(adoption)
    assert found == newer
    assert {(c.op, c.label) for c in changes} >= {("added", "Aanbesteden")}
    adoption_merge(adoption=adoption, keys=[c.key for c in changes], by=outsider)
    assert [s.name for s in phase_model(other_municipality.pk)] == [
        "Verkennen",
        "Haalbaarheid",
        "Aanbesteden",
        "Uitvoeren",
    ]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"format": "x"}, "onbekend formaat"),
        ({"format": FORMAT, "phases": [{"code": "a", "name": "A"}]}, "2 tot 12"),
        (
            {"format": FORMAT, "phases": [{"code": "A B", "name": "A"}, {"code": "b", "name": ""}]},
            r"phases\[0\]\.code.*phases\[1\]\.name",
        ),
        (
            {
                "format": FORMAT,
                "phases": [
                    {"code": "a", "name": "A", "documents": ["x" * 121]},
                    {"code": "b", "name": "B"},
                ],
            },
            r"phases\[0\]\.documents",
        ),
    ],
)
def test_bad_documents_name_every_problem(document, message):
    with pytest.raises(PhaseFileError, match=message):
        phases_validate(document)
