"""Opgaven and programmes: create, edit, and which initiatives belong to a programme."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from koersvast.portfolio.models import Initiative

from ..models import (
    Programme,
    ProgrammeInitiative,
)
from ..rules import may_manage, require


@transaction.atomic
def opgave_save(*, opgave: Any, by: Any) -> Any:
    """Create or edit an opgave (portfolio managers)."""
    require(may_manage(by, opgave.municipality_id))
    opgave.full_clean()
    opgave.save()
    return opgave


@transaction.atomic
def programme_save(
    *, programme: Programme, initiatives: Iterable[Initiative], by: Any
) -> Programme:
    """Save a programme and its initiatives; an initiative moves here from any other programme."""
    require(may_manage(by, programme.municipality_id))
    programme.full_clean()
    programme.save()
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
