"""The risk register: edits, and risks taken over from the intake advice."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from koersvast.intake.models import Advice
from koersvast.portfolio.models import Initiative

from ..choices import RiskSource
from ..models import (
    Risk,
)
from ..rules import may_edit_risk, require


@transaction.atomic
def risk_save(*, risk: Risk, by: Any) -> Risk:
    require(may_edit_risk(by, risk))
    risk.full_clean()
    risk.save()
    risk.refresh_from_db(fields=["score"])
    return risk


@transaction.atomic
def risks_from_advice(*, initiative: Initiative, by: Any = None) -> list[Risk]:
    """Turn every risk line of the given intake advice into a risk in the register (idempotent).

    Called when an initiative is admitted; running it again only adds lines added since.
    """
    created = []
    advices = Advice.objects.with_kind_names().filter(initiative=initiative).exclude(risks="")
    for advice in advices:
        for line in advice.risk_lines():
            risk, was_created = Risk.objects.get_or_create(
                initiative=initiative,
                source_advice=advice,
                title=line[:300],
                defaults={
                    "municipality_id": initiative.municipality_id,
                    "source": RiskSource.ADVICE,
                    "owner": initiative.contractor,
                    "description": _("Gesignaleerd in het %(kind)s-advies bij de intake.")
                    % {"kind": advice.kind_label},
                },
            )
            if was_created:
                created.append(risk)
    return created
