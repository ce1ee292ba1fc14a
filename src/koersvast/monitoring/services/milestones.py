"""Milestones of an initiative."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ..models import (
    Milestone,
)
from ..rules import may_report, require


@transaction.atomic
def milestone_save(*, milestone: Milestone, by: Any) -> Milestone:
    require(may_report(by, milestone.initiative))
    milestone.full_clean()
    milestone.save()
    return milestone
