"""A municipality's phase model (fasemodel): its phases in order and the documents each gate asks.

Municipalities work with their own set of phases (some add "haalbaarheid", others merge
"ontwerp" into "definitie"). Until a municipality stores its own, the standard model of
``choices.Phase`` applies; codes of the standard phases are kept when the set is first stored,
so existing phase gates stay valid.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from koersvast.portfolio.models import Initiative

from ..choices import PHASE_DOCUMENTS, Phase
from ..models import PhaseDefinition, PhaseGate

MAX_PHASES = 12


MAX_DOCUMENTS = 12


MAX_DOCUMENT_LENGTH = 120


@dataclass(frozen=True)
class PhaseStep:
    """One phase of a model, as the views and services use it."""

    code: str
    name: str
    documents: list[str] = field(default_factory=list)


def standard_phases() -> list[PhaseStep]:
    """The standard model, in the active language."""
    return [
        PhaseStep(phase.value, str(phase.label), [str(d) for d in PHASE_DOCUMENTS[phase]])
        for phase in Phase
    ]


def phase_model(municipality_id: int) -> list[PhaseStep]:
    """The municipality's phases in order: its own set, or the standard one."""
    own = PhaseDefinition.objects.filter(municipality_id=municipality_id).order_by("position", "pk")
    steps = [PhaseStep(p.code, p.name, p.document_list) for p in own]
    return steps or standard_phases()


def is_custom(municipality_id: int) -> bool:
    return PhaseDefinition.objects.filter(municipality_id=municipality_id).exists()


def phase_labels(municipality_id: int, model: list[PhaseStep] | None = None) -> dict[str, str]:
    """Code → name, including standard names for codes a gate recorded under the standard set.

    Pass the municipality's `model` when you have read it already (saves its query).
    """
    labels = {step.code: step.name for step in standard_phases()}
    steps = model if model is not None else phase_model(municipality_id)
    labels.update({step.code: step.name for step in steps})
    return labels


def codes_in_use(municipality_id: int) -> set[str]:
    """Phase codes that a recorded phase gate refers to: these phases cannot be removed."""
    gates = PhaseGate.objects.filter(municipality_id=municipality_id)
    used = set(gates.values_list("from_phase", flat=True).distinct())
    used |= set(gates.values_list("to_phase", flat=True).distinct())
    return used


def initiatives_in_phase(municipality_id: int, code: str) -> int:
    """How many initiatives have a gate into or out of this phase (for the error message)."""
    return (
        PhaseGate.objects.filter(municipality_id=municipality_id)
        .filter(Q(from_phase=code) | Q(to_phase=code))
        .values("initiative")
        .distinct()
        .count()
    )


def current_phase(initiative: Initiative, model: list[PhaseStep] | None = None) -> str:
    """The code of the phase the initiative is in: the last gate's, or the model's first.

    Pass the municipality's phase `model` when you have read it already (saves its query).
    """
    last = (
        PhaseGate.objects.filter(initiative=initiative)
        .order_by("-decided_on", "-pk")
        .values_list("to_phase", flat=True)
        .first()
    )
    if last:
        return last
    return (model if model is not None else phase_model(initiative.municipality_id))[0].code


def phase_documents(
    municipality_id: int, code: str, model: list[PhaseStep] | None = None
) -> list[str]:
    """The documents the gate out of this phase asks for, in the municipality's model."""
    steps = model if model is not None else phase_model(municipality_id)
    step = next((s for s in steps if s.code == code), None)
    return list(step.documents) if step else []
