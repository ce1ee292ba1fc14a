"""Initiative references (kenmerken): one scheme per municipality, "<prefix>-<number>".

The prefix is the municipality's own (`Municipality.reference_prefix`, set by its beheerder;
default KV). A new initiative gets the highest number in use under that prefix plus one, so a
reference an Excel import brought in (KV-120) is respected and never handed out twice; other
references (an old "2026-001", a prefix used before) are left alone.

Two submissions at the same moment must not pick the same number: the municipality's row is
locked (SELECT ... FOR UPDATE) from choosing the number until the surrounding transaction ends,
so numbering is serialised per municipality on PostgreSQL. SQLite ignores the lock but allows
one writer at a time; the unique constraint and a retry are the last line on both.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from koersvast.tenancy.models import Municipality

from .models import Initiative

ATTEMPTS = 5


def next_reference(municipality: Municipality) -> str:
    """The reference the municipality's next new initiative gets (no lock: for display too)."""
    prefix = f"{municipality.reference_prefix}-"
    used = Initiative.objects.filter(
        municipality_id=municipality.pk, reference__startswith=prefix
    ).values_list("reference", flat=True)
    numbers = [int(ref[len(prefix) :]) for ref in used if ref[len(prefix) :].isdigit()]
    return municipality.reference(max(numbers, default=0) + 1)


def save_with_new_reference(initiative: Initiative) -> None:
    """Save a new initiative under its municipality's next reference (concurrency-safe)."""
    with transaction.atomic():
        for attempt in range(ATTEMPTS):
            municipality = Municipality.objects.select_for_update().get(
                pk=initiative.municipality_id
            )
            initiative.reference = next_reference(municipality)
            initiative.full_clean(validate_unique=False)
            try:
                with transaction.atomic():
                    initiative.save()
                return
            except IntegrityError:
                if attempt == ATTEMPTS - 1:
                    raise
