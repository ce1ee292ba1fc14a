"""Switching a municipality's participation in the benchmark on or off (audited)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from koersvast.tenancy.models import Municipality

from .models import BenchmarkSettings


@transaction.atomic
def benchmark_opt(
    *, municipality: Municipality, opted_in: bool, by: Any = None
) -> BenchmarkSettings:
    """Set participation; takes effect at once because all aggregates are computed live."""
    settings_, _created = BenchmarkSettings.objects.select_for_update().get_or_create(
        municipality=municipality
    )
    if settings_.opted_in != opted_in or _created:
        settings_.opted_in = opted_in
        settings_.changed_by = by if getattr(by, "is_authenticated", False) else None
        settings_.changed_at = timezone.now()
        settings_.save()
    return settings_
