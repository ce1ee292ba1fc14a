"""Phase gates (the opdrachtgever's decision to go on) and the municipality's phase model."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from koersvast.portfolio.models import Initiative

from ..errors import MonitoringError
from ..models import (
    PhaseDefinition,
    PhaseGate,
)
from ..rules import may_decide_phase, may_manage, require
from ..selectors import phases
from ..selectors.phases import current_phase


@transaction.atomic
def phase_advance(
    *,
    initiative: Initiative,
    by: Any,
    documents: Iterable[str],
    decided_on: datetime.date | None = None,
    note: str = "",
) -> PhaseGate:
    """Record the opdrachtgever's decision to move to the next phase; its documents must exist."""
    require(may_decide_phase(by, initiative))
    model = phases.phase_model(initiative.municipality_id)
    codes = [step.code for step in model]
    current = current_phase(initiative)
    if current not in codes:
        raise MonitoringError(_("De huidige fase staat niet meer in het fasemodel."))
    index = codes.index(current)
    if index == len(codes) - 1:
        raise MonitoringError(
            _("Het project is al in de laatste fase (%(phase)s).") % {"phase": model[index].name}
        )
    required = model[index].documents
    present = [d for d in documents if d in required]
    missing = [d for d in required if d not in present]
    if missing:
        raise MonitoringError(
            _("Voor de fasepoort ontbreken nog: %(docs)s.") % {"docs": ", ".join(missing)}
        )
    return PhaseGate.objects.create(
        municipality_id=initiative.municipality_id,
        initiative=initiative,
        from_phase=current,
        to_phase=codes[index + 1],
        decided_on=decided_on or timezone.localdate(),
        decided_by=by,
        documents="\n".join(present),
        note=note,
    )


def _phase_model_errors(municipality_id: int, steps: list[phases.PhaseStep]) -> list[str]:
    errors = []
    if len(steps) < 2:
        errors.append(_("Een fasemodel heeft minstens twee fasen."))
    if len(steps) > phases.MAX_PHASES:
        errors.append(
            _("Een fasemodel heeft hoogstens %(max)d fasen.") % {"max": phases.MAX_PHASES}
        )
    names = [step.name.casefold() for step in steps]
    for name in sorted({n for n in names if names.count(n) > 1}):
        errors.append(_("De fase '%(name)s' komt twee keer voor.") % {"name": name})
    for step in steps:
        if len(step.documents) > phases.MAX_DOCUMENTS:
            errors.append(
                _("Fase '%(name)s': hoogstens %(max)d documenten.")
                % {"name": step.name, "max": phases.MAX_DOCUMENTS}
            )
        if any(len(d) > phases.MAX_DOCUMENT_LENGTH for d in step.documents):
            errors.append(
                _("Fase '%(name)s': een documentnaam is langer dan %(max)d tekens.")
                % {"name": step.name, "max": phases.MAX_DOCUMENT_LENGTH}
            )
    kept = {step.code for step in steps}
    labels = phases.phase_labels(municipality_id)
    for code in sorted(phases.codes_in_use(municipality_id) - kept):
        errors.append(
            _(
                "De fase '%(name)s' kan niet weg: fasebesluiten van %(count)d initiatieven "
                "verwijzen ernaar. Wijzig de naam in plaats daarvan."
            )
            % {
                "name": labels.get(code, code),
                "count": phases.initiatives_in_phase(municipality_id, code),
            }
        )
    return errors


def _new_code(name: str, taken: set[str]) -> str:
    base = slugify(name)[:34] or "fase"
    code, n = base, 2
    while code in taken:
        code, n = f"{base}-{n}", n + 1
    taken.add(code)
    return code


@transaction.atomic
def phase_model_save(
    *, municipality_id: int, steps: Iterable[phases.PhaseStep], by: Any
) -> list[PhaseDefinition]:
    """Store the municipality's own phase model, replacing the previous one as a whole.

    Steps without a code are new phases (a code is made from the name); a phase that a recorded
    gate refers to cannot be removed, so the history of every project stays readable.
    """
    require(may_manage(by, municipality_id))
    return phase_model_write(municipality_id=municipality_id, steps=steps)


@transaction.atomic
def phase_model_write(
    *, municipality_id: int, steps: Iterable[phases.PhaseStep]
) -> list[PhaseDefinition]:
    """`phase_model_save` without the rights check, for a caller that checked its own right
    (the template library adopting a phase model)."""
    seen: set[str] = set()
    cleaned = []
    for step in steps:
        if not step.name.strip():
            continue
        # A code is kept once; a repeated or malformed one (a tampered form) becomes a new phase.
        code = step.code if step.code == slugify(step.code) and step.code not in seen else ""
        seen.add(code)
        documents = [d.strip() for d in step.documents if d.strip()]
        cleaned.append(phases.PhaseStep(code, step.name.strip(), documents))
    steps = cleaned
    errors = _phase_model_errors(municipality_id, steps)
    if errors:
        raise MonitoringError(" ".join(errors))
    existing = {p.code: p for p in PhaseDefinition.objects.filter(municipality_id=municipality_id)}
    taken = {step.code for step in steps if step.code} | set(existing)
    kept: list[PhaseDefinition] = []
    for position, step in enumerate(steps, start=1):
        code = step.code or _new_code(step.name, taken)
        definition = existing.pop(code, None) or PhaseDefinition(
            municipality_id=municipality_id, code=code
        )
        definition.name = step.name
        definition.position = position
        definition.documents = "\n".join(step.documents)
        definition.full_clean()
        definition.save()
        kept.append(definition)
    for removed in existing.values():
        removed.delete()
    return kept
