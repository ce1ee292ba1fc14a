"""Scores and ranking: WSJF estimates, the ranking method, the contributions and impact scores of
an initiative, and its priority score under a framework version (re-scored explicitly)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from koersvast.core.concurrency import EditConflict, version_token
from koersvast.framework.models import Framework, ImpactAxis, Objective
from koersvast.framework.selectors import versions as framework_selectors
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.policy import Action, can, require
from koersvast.weighing import InitiativeScores, RankingDiff, rank, ranking_diff
from koersvast.weighing import priority_score as compute_priority

from .. import signals
from ..choices import RankingMethod
from ..models import Contribution, ImpactScore, IntakeSettings, PriorityScore, WsjfEstimate
from .common import IntakeError


@transaction.atomic
def wsjf_estimate(*, initiative: Initiative, by: Any, **values: int) -> WsjfEstimate:
    """Store the WSJF estimate (business value, time criticality, risk reduction, job size)."""
    require(by, initiative.municipality_id, Action.INITIATIVE_MANAGE)
    if values.get("job_size", 0) < 1:
        raise IntakeError(_("De omvang moet minstens 1 zijn."))
    estimate, _created = WsjfEstimate.objects.update_or_create(
        municipality_id=initiative.municipality_id, initiative=initiative, defaults=values
    )
    return estimate


@transaction.atomic
def ranking_method_set(*, municipality_id: int, method: str, by: Any) -> IntakeSettings:
    """Choose how the backlog of the municipality is ranked (framework score or WSJF)."""
    if not can(by, municipality_id, Action.FRAMEWORK_MANAGE):
        raise PermissionDenied
    if method not in RankingMethod.values:
        raise IntakeError(_("Onbekende rangschikking."))
    settings, _created = IntakeSettings.objects.update_or_create(
        municipality_id=municipality_id, defaults={"ranking_method": method}
    )
    return settings


# --- scoring -----------------------------------------------------------------------------


def published_framework(municipality_id: int) -> Framework | None:
    """The newest published afwegingskader of the municipality."""
    return (
        Framework.objects.filter(municipality_id=municipality_id, status="published")
        .order_by("-version")
        .first()
    )


@transaction.atomic
def initiative_score(
    *,
    initiative: Initiative,
    framework: Framework,
    contributions: Mapping[int, tuple[int, str]],
    impacts: Mapping[int, tuple[int, str]],
    by: Any,
    expected_version: str | None = None,
) -> PriorityScore:
    """Store contributions (objective id → score, reason) and impact scores, then the score.

    `expected_version` is the score sheet's version the edit started from (`score_version`):
    when someone scored the initiative meanwhile, `EditConflict` is raised and nothing is saved.
    """
    require(by, initiative.municipality_id, Action.INITIATIVE_MANAGE)
    if not framework.is_published or framework.municipality_id != initiative.municipality_id:
        raise IntakeError(_("Scoren kan alleen tegen een vastgesteld afwegingskader."))
    if expected_version is not None:
        # The initiative row serialises scorers, also before the first score exists.
        locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
        current = PriorityScore.objects.filter(initiative=initiative, framework=framework).first()
        if score_version(current) != expected_version:
            raise EditConflict(current or locked)
    objectives = {o.pk: o for o in Objective.objects.filter(framework=framework)}
    axes = {a.pk: a for a in ImpactAxis.objects.filter(framework=framework)}
    # The weighing engine scores leaves only; a parent's value comes from its children.
    parents = {o.parent_id for o in objectives.values() if o.parent_id is not None}
    for objective_id, (score, reason) in contributions.items():
        if objective_id not in objectives or not -3 <= score <= 3:
            raise IntakeError(_("Een bijdrage loopt van −3 tot +3."))
        if objective_id in parents:
            raise IntakeError(
                _(
                    "Deze doelstelling heeft subdoelstellingen; geef de bijdrage aan een "
                    "subdoelstelling."
                )
            )
        Contribution.objects.update_or_create(
            municipality_id=initiative.municipality_id,
            initiative=initiative,
            objective_id=objective_id,
            defaults={"score": score, "reason": reason},
        )
    for axis_id, (score, reason) in impacts.items():
        axis = axes.get(axis_id)
        if axis is None or not axis.scale_min <= score <= axis.scale_max:
            raise IntakeError(_("Een impactscore valt buiten de schaal van de as."))
        ImpactScore.objects.update_or_create(
            municipality_id=initiative.municipality_id,
            initiative=initiative,
            axis_id=axis_id,
            defaults={"score": score, "reason": reason},
        )
    transaction.on_commit(
        lambda: signals.initiative_scored.send(sender=Initiative, initiative=initiative, by=by)
    )
    return priority_recompute(initiative=initiative, framework=framework)


def score_version(score: PriorityScore | None) -> str:
    """The version token of an initiative's score sheet: when its priority score last changed."""
    return version_token(score) if score is not None else ""


def priority_recompute(*, initiative: Initiative, framework: Framework) -> PriorityScore:
    """Compute and store the priority score of the initiative under the framework version."""
    engine = framework_selectors.scoring_framework(framework)
    scores = InitiativeScores(
        initiative_id=str(initiative.pk),
        contributions={
            str(c.objective_id): c.score
            for c in Contribution.objects.filter(
                initiative=initiative, objective__framework=framework
            )
        },
        impacts={
            str(s.axis_id): float(s.score)
            for s in ImpactScore.objects.filter(initiative=initiative, axis__framework=framework)
        },
    )
    result = compute_priority(engine, scores)
    score, _created = PriorityScore.objects.update_or_create(
        municipality_id=initiative.municipality_id,
        initiative=initiative,
        framework=framework,
        defaults={
            "total": Decimal(f"{result.total:.3f}"),
            "value_part": Decimal(f"{result.value_part:.5f}"),
            "impact_part": Decimal(f"{result.impact_part:.5f}"),
            "incomplete": result.incomplete,
            "terms": [
                {
                    "kind": str(term.kind),
                    "ref": term.ref_id,
                    "raw": term.raw_score,
                    "weight": round(term.weight * term.part_weight, 6),
                    "points": round(term.points, 3),
                    "missing": term.missing,
                }
                for term in result.terms
            ],
        },
    )
    return score


@transaction.atomic
def framework_rescore(*, framework: Framework, previous: Framework, by: Any) -> RankingDiff:
    """Re-score every scored initiative under a new framework version (explicit action).

    Contributions and impact scores carry over by objective and axis code; the result tells
    which initiatives moved in the ranking and by how many places.
    """
    if not can(by, framework.municipality_id, Action.FRAMEWORK_MANAGE):
        raise PermissionDenied
    if not framework.is_published:
        raise IntakeError(_("Herscoren kan alleen onder een vastgesteld afwegingskader."))
    new_objectives = {o.code: o for o in Objective.objects.filter(framework=framework)}
    new_axes = {a.code: a for a in ImpactAxis.objects.filter(framework=framework)}
    old_scores = PriorityScore.objects.filter(framework=previous).select_related("initiative")
    old_rank = rank({str(s.initiative_id): float(s.total) for s in old_scores})
    new_totals = {}
    for old in old_scores:
        initiative = old.initiative
        for c in Contribution.objects.filter(initiative=initiative, objective__framework=previous):
            target = new_objectives.get(c.objective.code)
            if target is not None:
                Contribution.objects.update_or_create(
                    municipality_id=initiative.municipality_id,
                    initiative=initiative,
                    objective=target,
                    defaults={"score": c.score, "reason": c.reason},
                )
        for s in ImpactScore.objects.filter(initiative=initiative, axis__framework=previous):
            axis = new_axes.get(s.axis.code)
            if axis is not None:
                ImpactScore.objects.update_or_create(
                    municipality_id=initiative.municipality_id,
                    initiative=initiative,
                    axis=axis,
                    defaults={"score": s.score, "reason": s.reason},
                )
        new = priority_recompute(initiative=initiative, framework=framework)
        new_totals[str(initiative.pk)] = float(new.total)
    return ranking_diff(old_rank, rank(new_totals))
