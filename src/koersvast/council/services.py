"""Writes of the bestuurlijke agenda, each in one transaction and checked against the policy
(`council.manage`). Auditing is done by the models (tenant models are audited)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from koersvast.audit.choices import AuditAction
from koersvast.audit.recorder import record
from koersvast.intake.models import Decision
from koersvast.tenancy.policy import Action, can, require

from .forms import AgendaMomentForm, CouncilItemForm, CouncilSettingsForm
from .models import AgendaMoment, CouncilItem, CouncilSettings


def may_manage(user: Any, municipality_id: int) -> bool:
    return can(user, municipality_id, Action.COUNCIL_MANAGE)


@transaction.atomic
def moment_save(*, form: AgendaMomentForm, by: Any) -> AgendaMoment:
    """Create or edit a college or raad moment of an initiative (a valid form)."""
    moment: AgendaMoment = form.instance
    require(by, moment.municipality_id, Action.COUNCIL_MANAGE)
    moment = form.save(commit=False)
    moment.full_clean()
    moment.save()
    return moment


@transaction.atomic
def moment_delete(*, moment: AgendaMoment, by: Any) -> None:
    require(by, moment.municipality_id, Action.COUNCIL_MANAGE)
    moment.delete()


@transaction.atomic
def item_save(*, form: CouncilItemForm, by: Any) -> CouncilItem:
    """Create or edit a toezegging, motie or amendement with its initiatives (a valid form)."""
    item: CouncilItem = form.instance
    require(by, item.municipality_id, Action.COUNCIL_MANAGE)
    before = _references(item) if item.pk else []
    item = form.save(commit=False)
    item.number = item.number.strip()
    item.full_clean(exclude=["initiatives"])
    item.save()
    form.save_m2m()
    # The model receivers see the row, not its links: the initiatives are recorded here.
    after = _references(item)
    if after != before:
        record(
            action=AuditAction.UPDATE,
            municipality_id=item.municipality_id,
            obj=item,
            changes={"initiatives": [before, after]},
        )
    return item


def _references(item: CouncilItem) -> list[str]:
    return sorted(item.initiatives.values_list("reference", flat=True))


@transaction.atomic
def settings_save(*, form: CouncilSettingsForm, by: Any) -> CouncilSettings:
    settings: CouncilSettings = form.instance
    require(by, settings.municipality_id, Action.COUNCIL_MANAGE)
    return form.save()


@transaction.atomic
def decision_publish(*, decision: Decision, public: bool, by: Any) -> Decision:
    """Mark a decision public (on the open decision list, Woo) or take it off."""
    require(by, decision.municipality_id, Action.COUNCIL_MANAGE)
    if decision.is_public != public:
        decision.is_public = public
        decision.save(update_fields=["is_public", "updated_at"])
    return decision
