"""Saving an initiative, who may edit it, its entry criteria, and its moves through the lifecycle
(`initiative_transition`, with what still blocks a move)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from koersvast.capacity.models import Demand
from koersvast.core.concurrency import check_version
from koersvast.notifications.services import notify
from koersvast.portfolio import custom_fields
from koersvast.portfolio.choices import CustomFieldStage
from koersvast.portfolio.choices import LifecycleState as S
from koersvast.portfolio.models import Initiative
from koersvast.portfolio.references import save_with_new_reference
from koersvast.tenancy.choices import Role
from koersvast.tenancy.policy import Action, can, require

from .. import criteria, lifecycle, signals
from ..choices import Verdict
from ..models import Advice, AdviceKind, CriterionCheck, EntryCriterion, PriorityScore, Transition
from .common import IntakeError, members_with_role, people_involved
from .scoring import published_framework

# --- saving ------------------------------------------------------------------------------


@transaction.atomic
def initiative_save(
    *,
    initiative: Initiative,
    by: Any,
    demand: Mapping[int, list[Decimal]] | None = None,
    expected_version: str | None = None,
) -> Initiative:
    """Save a new or edited initiative with its capacity demand (pool id → hours per quarter).

    A new initiative gets the next reference number of its municipality and starts as an idea
    (a draft the submitter can keep editing). With `expected_version` (the version the edit
    started from) an edit of a record someone saved meanwhile raises `EditConflict`.
    """
    if initiative.pk is not None:
        check_version(initiative, expected_version)
    if initiative.pk is None:
        if not can(by, initiative.municipality_id, Action.INITIATIVE_SUBMIT):
            raise PermissionDenied
        initiative.submitted_by = by
        initiative.state = S.IDEA
        save_with_new_reference(initiative)
    elif not may_edit(by, initiative):
        raise PermissionDenied
    else:
        initiative.full_clean()
        initiative.save()
    if demand is not None:
        initiative.demands.all().delete()
        Demand.objects.bulk_create(
            Demand(
                municipality_id=initiative.municipality_id,
                initiative=initiative,
                pool_id=pool_id,
                offset=offset,
                hours=hours,
            )
            for pool_id, hours_per_quarter in demand.items()
            for offset, hours in enumerate(hours_per_quarter)
            if hours
        )
    return initiative


def may_edit(user: Any, initiative: Initiative) -> bool:
    """Portfolio managers edit any initiative; a submitter edits their own until it is in intake."""
    if can(user, initiative.municipality_id, Action.INITIATIVE_MANAGE):
        return True
    own_draft = initiative.submitted_by_id == user.pk and initiative.state in (S.IDEA, S.RETURNED)
    return own_draft and can(user, initiative.municipality_id, Action.INITIATIVE_SUBMIT)


# --- lifecycle ---------------------------------------------------------------------------


def criteria_results(initiative: Initiative) -> list[criteria.CriterionResult]:
    """Every active entry criterion of the municipality, evaluated for the initiative."""
    return criteria.evaluate(
        initiative=initiative,
        criteria=EntryCriterion.objects.filter(municipality_id=initiative.municipality_id)
        .with_advice_kind_names()
        .select_related("custom_field"),
        advices=Advice.objects.filter(initiative=initiative),
        checks=CriterionCheck.objects.filter(initiative=initiative),
        has_demand=initiative.demands.exists(),
    )


def transition_blockers(*, initiative: Initiative, target: str) -> list[str]:
    """What still stands in the way of moving the initiative to `target` (empty: nothing)."""
    blockers: list[str] = []
    if target == S.SUBMITTED:
        if not initiative.problem.strip():
            blockers.append(_("Beschrijf het probleem of de behoefte."))
        if not initiative.intended_result.strip():
            blockers.append(_("Beschrijf het beoogde resultaat."))
        blockers += _missing_own_fields(initiative, CustomFieldStage.SUBMISSION)
    if target == S.ADVICE:
        blockers += _missing_own_fields(initiative, CustomFieldStage.INTAKE)
    if target in (S.ADVICE, S.DECISION):
        for result in criteria_results(initiative):
            advice_pending = result.criterion.kind == "advice" and target == S.ADVICE
            if result.blocking and not advice_pending:
                blockers.append(f"{result.criterion.name}: {result.reason}")
    if target == S.DECISION:
        blockers += _unanswered_negative_advice(initiative)
        framework = published_framework(initiative.municipality_id)
        score = (
            PriorityScore.objects.filter(initiative=initiative, framework=framework).first()
            if framework
            else None
        )
        if framework is None:
            blockers.append(_("Er is geen vastgesteld afwegingskader om tegen te scoren."))
        elif score is None or score.incomplete:
            blockers.append(
                _("Scoor de bijdrage aan elke doelstelling en elke impactas van '%(fw)s'.")
                % {"fw": framework}
            )
    return blockers


def _missing_own_fields(initiative: Initiative, stage: str) -> list[str]:
    """The municipality's required own fields of `stage` that the initiative lacks."""
    fields = custom_fields.definitions(initiative.municipality_id)
    return [
        _("Vul ‘%(field)s’ in.") % {"field": field.name}
        for field in custom_fields.missing_required(initiative, fields, stage)
    ]


def _unanswered_negative_advice(initiative: Initiative) -> list[str]:
    """Negative advice of a kind that asks for a response, not yet answered by the owner."""
    needing = AdviceKind.objects.filter(
        municipality_id=initiative.municipality_id, negative_needs_response=True
    ).values("code")
    advices = Advice.objects.with_kind_names().filter(
        initiative=initiative, verdict=Verdict.NEGATIVE, response="", kind__in=needing
    )
    return [
        _("Reageer op het negatieve advies %(kind)s.") % {"kind": advice.kind_label}
        for advice in advices
    ]


@transaction.atomic
def initiative_transition(
    *, initiative: Initiative, target: str, by: Any, reason: str = "", via_decision: bool = False
) -> Initiative:
    """Move the initiative through its lifecycle, checking role, ownership and preconditions."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    rule = lifecycle.rule_for(initiative.state, target)
    if rule is None:
        raise IntakeError(
            _("Van '%(from)s' naar '%(to)s' is geen toegestane stap.")
            % {"from": S(initiative.state).label, "to": S(target).label}
        )
    if rule.by_decision and not via_decision:
        raise IntakeError(_("Deze stap gaat alleen via een besluit van een gremium."))
    allowed = can(by, initiative.municipality_id, rule.action)
    if rule.own_only and not can(by, initiative.municipality_id, Action.INITIATIVE_MANAGE):
        allowed = allowed and initiative.submitted_by_id == by.pk
    if not allowed:
        raise PermissionDenied
    if rule.needs_reason and not reason.strip():
        raise IntakeError(_("Geef een reden op voor deze stap."))
    blockers = transition_blockers(initiative=initiative, target=target)
    if blockers:
        raise IntakeError(" ".join(blockers))
    source = initiative.state
    initiative.state = target
    initiative.save(update_fields=["state", "updated_at"])
    Transition.objects.create(
        municipality_id=initiative.municipality_id,
        initiative=initiative,
        from_state=source,
        to_state=target,
        by=by,
        reason=reason,
    )
    message = _("%(ref)s '%(title)s' is nu: %(state)s.") % {
        "ref": initiative.reference,
        "title": initiative.title,
        "state": S(target).label,
    }
    recipients = people_involved(initiative)
    if target == S.SUBMITTED:
        recipients += members_with_role(initiative, Role.PORTFOLIO_MANAGER)
    notify(recipients=[u for u in recipients if u != by], initiative=initiative, message=message)
    transaction.on_commit(
        lambda: signals.initiative_transitioned.send(
            sender=Initiative, initiative=initiative, source=source, target=target, by=by
        )
    )
    return initiative


@transaction.atomic
def criterion_check(
    *, initiative: Initiative, criterion: EntryCriterion, met: bool, note: str, by: Any
) -> CriterionCheck:
    """The portfolio manager's judgement on a manual entry criterion."""
    require(by, initiative.municipality_id, Action.INITIATIVE_MANAGE)
    check, _created = CriterionCheck.objects.update_or_create(
        municipality_id=initiative.municipality_id,
        initiative=initiative,
        criterion=criterion,
        defaults={"met": met, "note": note, "checked_by": by},
    )
    return check
