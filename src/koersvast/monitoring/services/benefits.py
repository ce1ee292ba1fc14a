"""Benefits and their measurements."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from ..models import (
    Benefit,
    BenefitMeasurement,
)
from ..rules import may_manage, may_measure, require


@transaction.atomic
def benefit_save(*, benefit: Benefit, by: Any) -> Benefit:
    require(may_manage(by, benefit.municipality_id))
    benefit.full_clean()
    benefit.save()
    return benefit


@transaction.atomic
def measurement_record(
    *, benefit: Benefit, measured_on: datetime.date, value: Decimal, note: str = "", by: Any
) -> BenefitMeasurement:
    """Record (or replace) the measurement of one date."""
    require(may_measure(by, benefit))
    measurement, _created = BenefitMeasurement.objects.update_or_create(
        benefit=benefit,
        measured_on=measured_on,
        defaults={
            "municipality_id": benefit.municipality_id,
            "value": value,
            "note": note,
            "recorded_by": by,
        },
    )
    return measurement
