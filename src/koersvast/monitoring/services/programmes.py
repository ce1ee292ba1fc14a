"""Opgaven and programmes: create, edit, and which initiatives belong to a programme."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from koersvast.audit.choices import AuditAction
from koersvast.audit.recorder import record
from koersvast.portfolio.models import Initiative

from ..models import (
    Opgave,
    Programme,
    ProgrammeInitiative,
)
from ..rules import may_manage, require


def links_set(*, obj: Any, field: str, chosen: Iterable[Any]) -> None:
    """Set a many-to-many of `obj` to `chosen` (same municipality only) and audit the change.

    The audit receivers see saves of rows, not of link tables, so the change of the links is
    written as one update event of `obj` with the old and new ids.
    """
    manager = getattr(obj, field)
    wanted = sorted({c.pk for c in chosen if c.municipality_id == obj.municipality_id})
    before = sorted(manager.values_list("pk", flat=True))
    if wanted == before:
        return
    manager.set(wanted)
    record(
        action=AuditAction.UPDATE,
        municipality_id=obj.municipality_id,
        obj=obj,
        changes={field: [before, wanted]},
    )


@transaction.atomic
def opgave_save(*, opgave: Opgave, by: Any, objectives: Iterable[Any] | None = None) -> Opgave:
    """Create or edit an opgave with its linked objectives (portfolio managers)."""
    require(may_manage(by, opgave.municipality_id))
    opgave.full_clean()
    opgave.save()
    if objectives is not None:
        links_set(obj=opgave, field="objectives", chosen=objectives)
    return opgave


@transaction.atomic
def programme_save(
    *,
    programme: Programme,
    initiatives: Iterable[Initiative],
    by: Any,
    objectives: Iterable[Any] | None = None,
) -> Programme:
    """Save a programme and its initiatives; an initiative moves here from any other programme.

    `objectives` (when given) are the framework objectives the programme's goals link to.
    """
    require(may_manage(by, programme.municipality_id))
    if (
        programme.steering_group is not None
        and programme.steering_group.municipality_id != programme.municipality_id
    ):
        programme.steering_group = None
    programme.full_clean()
    programme.save()
    if objectives is not None:
        links_set(obj=programme, field="objectives", chosen=objectives)
    chosen = {i.pk: i for i in initiatives if i.municipality_id == programme.municipality_id}
    programme.links.exclude(initiative_id__in=chosen).delete()
    linked = set(
        ProgrammeInitiative.objects.filter(initiative_id__in=chosen).values_list(
            "initiative_id", "programme_id"
        )
    )
    for initiative_id, programme_id in linked:
        if programme_id != programme.pk:
            link = ProgrammeInitiative.objects.get(initiative_id=initiative_id)
            link.programme = programme
            link.save()
    already = {initiative_id for initiative_id, _p in linked}
    for pk in chosen.keys() - already:
        ProgrammeInitiative.objects.create(
            municipality_id=programme.municipality_id, programme=programme, initiative_id=pk
        )
    return programme
