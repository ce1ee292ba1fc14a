"""The fit checks beside the admission decision."""

from __future__ import annotations

from typing import Any

from koersvast.portfolio.models import Initiative
from koersvast.tenancy.access import get_for_user_or_404

from ..models import AdmissionCheck


def latest_check(initiative: Initiative) -> AdmissionCheck | None:
    return (
        AdmissionCheck.objects.filter(initiative=initiative)
        .select_related("plan_version")
        .order_by("-pk")
        .first()
    )


def check_get(*, user: Any, pk: int) -> AdmissionCheck:
    return get_for_user_or_404(
        AdmissionCheck.objects.select_related("initiative", "plan_version"), user, pk=pk
    )


def initiative_get(*, user: Any, pk: int) -> Initiative:
    return get_for_user_or_404(Initiative.objects.all(), user, pk=pk)
