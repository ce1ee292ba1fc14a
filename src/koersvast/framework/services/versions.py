"""Writes of the afwegingskader: versions, objectives, impact axes, weights and AHP comparisons.

Every function is keyword-only and atomic. A published version is immutable: every write to
it is refused with a Dutch message (`ValidationError`, code ``"published"``). Each takes `by`,
the acting user, and refuses with `PermissionDenied` unless that user may manage the framework
in its municipality; `by=None` is reserved for system actions (demo loading, imports in
commands). All saves go through the model, so every change is audited.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action, require

from . import mail, selectors
from .choices import (
    JUDGEMENT_VALUES,
    AxisDirection,
    ComparisonGroup,
    FrameworkStatus,
    ObjectiveSource,
    RoundStatus,
)
from .models import (
    MAX_OBJECTIVE_DEPTH,
    Comparison,
    ComparisonRound,
    Framework,
    ImpactAxis,
    Objective,
    RoundParticipant,
)

WEIGHT_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class AxisTemplate:
    """A standard impact axis that every new framework starts with."""

    code: str
    name: str
    description: str
    direction: str


#: The four axes of the issue; stored in Dutch because they are data, not interface text.
STANDARD_AXES: tuple[AxisTemplate, ...] = (
    AxisTemplate(
        "complexiteit",
        "Complexiteit",
        "Technische, organisatorische en bestuurlijke complexiteit.",
        AxisDirection.HIGHER_IS_WORSE,
    ),
    AxisTemplate(
        "risico", "Risico", "Kans op en gevolg van tegenvallers.", AxisDirection.HIGHER_IS_WORSE
    ),
    AxisTemplate(
        "capaciteitsbeslag",
        "Capaciteitsbeslag",
        "Beslag op schaarse capaciteit (projectleiders, specialisten).",
        AxisDirection.HIGHER_IS_WORSE,
    ),
    AxisTemplate(
        "urgentie",
        "Urgentie",
        "Hoe snel het moet: wettelijke termijn, bestuurlijke afspraak, risico bij uitstel.",
        AxisDirection.HIGHER_IS_BETTER,
    ),
)


# --- Guards ---------------------------------------------------------------------------------


def _check_may_manage(by: Any, municipality_id: int) -> None:
    if by is not None:  # None: the demo and imports by the operator
        message = _("Alleen een portfoliomanager mag het afwegingskader wijzigen.")
        require(by, municipality_id, Action.FRAMEWORK_MANAGE, message=message)


def _check_draft(framework: Framework) -> None:
    if not framework.is_draft:
        raise ValidationError(
            _(
                "Versie %(version)s van ‘%(name)s’ is vastgesteld en kan niet meer worden "
                "gewijzigd. Maak een nieuwe versie om wijzigingen voor te bereiden."
            )
            % {"version": framework.version, "name": framework.name},
            code="published",
        )


def _check_editable(framework: Framework, by: Any) -> None:
    _check_may_manage(by, framework.municipality_id)
    _check_draft(framework)


def _quantize(value: Decimal | float) -> Decimal:
    return Decimal(str(value)).quantize(WEIGHT_PLACES, rounding=ROUND_HALF_UP)


def _check_weight(weight: Decimal, field: str = "weight") -> None:
    if weight < 0:
        raise ValidationError({field: _("Een gewicht kan niet negatief zijn.")}, code="negative")


# --- Versions -------------------------------------------------------------------------------


def next_version(*, municipality: Municipality, name: str) -> int:
    """The next free version number for a framework name in a municipality."""
    highest = (
        Framework.objects.in_municipality(municipality)
        .filter(name=name)
        .aggregate(highest=Max("version"))["highest"]
    )
    return (highest or 0) + 1


@transaction.atomic
def framework_create(
    *,
    municipality: Municipality,
    name: str,
    by: Any,
    description: str = "",
    standard_axes: bool = True,
) -> Framework:
    """A new draft framework (version 1, or the next free version of that name).

    It starts with the four standard impact axes (complexity, risk, capacity demand, urgency),
    equally weighted on a 1–5 scale.
    """
    _check_may_manage(by, municipality.pk)
    framework = Framework.objects.create(
        municipality=municipality,
        name=name,
        version=next_version(municipality=municipality, name=name),
        description=description,
    )
    if standard_axes:
        for order, axis in enumerate(STANDARD_AXES):
            ImpactAxis.objects.create(
                municipality=municipality,
                framework=framework,
                code=axis.code,
                name=axis.name,
                description=axis.description,
                direction=axis.direction,
                weight=_quantize(Decimal(1) / len(STANDARD_AXES)),
                order=order,
            )
    return framework


@transaction.atomic
def framework_update(
    *,
    framework: Framework,
    by: Any,
    name: str,
    description: str,
    value_weight: Decimal,
    impact_weight: Decimal,
) -> Framework:
    """Change the name, description and value/impact split of a draft."""
    _check_editable(framework, by)
    if value_weight < 0 or impact_weight < 0 or value_weight + impact_weight <= 0:
        raise ValidationError(
            _("De verdeling tussen bijdrage aan doelen en impact moet samen meer dan 0 zijn."),
            code="split",
        )
    if (
        name != framework.name
        and Framework.objects.in_municipality(framework.municipality)
        .filter(name=name, version=framework.version)
        .exclude(pk=framework.pk)
        .exists()
    ):
        raise ValidationError(
            {"name": _("Er is al een afwegingskader met deze naam en dit versienummer.")}
        )
    framework.name = name
    framework.description = description
    framework.value_weight = value_weight
    framework.impact_weight = impact_weight
    framework.save()
    return framework


@transaction.atomic
def framework_publish(
    *,
    framework: Framework,
    by: Any,
    body: Any = None,
    decision_date: date | None = None,
    rationale: str = "",
) -> Framework:
    """Vaststellen: make a draft the immutable, published version.

    Refused when the draft is not usable (no objectives or axes, a sibling group with only zero
    weights); AHP consistency warnings do not block. Records when and by whom, and the
    decision that adopted it (the gremium, usually the college, its date and rationale).
    """
    _check_may_manage(by, framework.municipality_id)
    if body is not None and body.municipality_id != framework.municipality_id:
        raise ValidationError({"body": _("Kies een gremium van de eigen gemeente.")})
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    _check_draft(framework)
    readiness = selectors.readiness(framework=framework)
    if not readiness.can_publish:
        raise ValidationError(readiness.errors, code="not_ready")
    framework.status = FrameworkStatus.PUBLISHED
    framework.published_at = timezone.now()
    framework.published_by = by
    framework.decision_body = body
    framework.decision_date = decision_date or (timezone.localdate() if body else None)
    framework.decision_rationale = rationale
    framework.save()
    return framework


@transaction.atomic
def framework_new_version(*, framework: Framework, by: Any) -> Framework:
    """A new draft copied from `framework` (published or draft), with the next version number.

    Objectives (with their tree), impact axes and comparisons are copied; the source version
    is left untouched.
    """
    _check_may_manage(by, framework.municipality_id)
    copy = Framework.objects.create(
        municipality=framework.municipality,
        name=framework.name,
        version=next_version(municipality=framework.municipality, name=framework.name),
        description=framework.description,
        value_weight=framework.value_weight,
        impact_weight=framework.impact_weight,
        based_on=framework,
    )
    objective_map: dict[int, Objective] = {}
    children: dict[int | None, list[Objective]] = {}
    for objective in framework.objectives.order_by("order", "code"):
        children.setdefault(objective.parent_id, []).append(objective)

    def copy_children(parent_id: int | None) -> None:
        for old in children.get(parent_id, []):
            objective_map[old.pk] = Objective.objects.create(
                municipality=copy.municipality,
                framework=copy,
                parent=objective_map[parent_id] if parent_id else None,
                code=old.code,
                name=old.name,
                description=old.description,
                source=old.source,
                owner=old.owner,
                esg_theme=old.esg_theme,
                kpi=old.kpi,
                weight=old.weight,
                order=old.order,
            )
            copy_children(old.pk)

    copy_children(None)
    axis_map: dict[int, ImpactAxis] = {}
    for old_axis in framework.axes.order_by("order", "code"):
        axis_map[old_axis.pk] = ImpactAxis.objects.create(
            municipality=copy.municipality,
            framework=copy,
            code=old_axis.code,
            name=old_axis.name,
            description=old_axis.description,
            scale_min=old_axis.scale_min,
            scale_max=old_axis.scale_max,
            direction=old_axis.direction,
            weight=old_axis.weight,
            order=old_axis.order,
        )
    for comparison in framework.comparisons.order_by("pk"):
        Comparison.objects.create(
            municipality=copy.municipality,
            framework=copy,
            group=comparison.group,
            parent=objective_map.get(comparison.parent_id) if comparison.parent_id else None,
            first_objective=objective_map.get(comparison.first_objective_id or 0),
            second_objective=objective_map.get(comparison.second_objective_id or 0),
            first_axis=axis_map.get(comparison.first_axis_id or 0),
            second_axis=axis_map.get(comparison.second_axis_id or 0),
            judgement=comparison.judgement,
        )
    return copy


# --- Objectives -----------------------------------------------------------------------------


def _check_parent(framework: Framework, objective: Objective | None, parent: Objective | None):
    if parent is None:
        return
    if parent.framework_id != framework.pk:
        raise ValidationError(
            {"parent": _("De bovenliggende doelstelling hoort bij een ander afwegingskader.")}
        )
    ancestors = []
    node: Objective | None = parent
    while node is not None:
        ancestors.append(node.pk)
        node = node.parent
    if objective is not None and objective.pk in ancestors:
        raise ValidationError(
            {"parent": _("Een doelstelling kan niet onder zichzelf of een eigen subdoel vallen.")}
        )
    subtree_height = _subtree_height(objective) if objective is not None else 0
    if len(ancestors) + 1 + subtree_height > MAX_OBJECTIVE_DEPTH:
        raise ValidationError(
            {
                "parent": _(
                    "De boom heeft hoogstens drie niveaus: thema → doelstelling → "
                    "subdoelstelling. Kies een hoger niveau."
                )
            },
            code="too_deep",
        )


def _subtree_height(objective: Objective) -> int:
    """Levels below the objective (0 for a leaf)."""
    children = list(Objective.objects.filter(parent=objective))
    return max((1 + _subtree_height(child) for child in children), default=0)


def _check_code_free(
    framework: Framework, code: str, model: type[Objective] | type[ImpactAxis], pk: int | None
):
    # pk=None (a new objective or axis) excludes nothing.
    others = model.objects.filter(framework=framework, code=code)
    if (others.exclude(pk=pk) if pk is not None else others).exists():
        raise ValidationError(
            {"code": _("De code ‘%(code)s’ is in deze versie al in gebruik.") % {"code": code}},
            code="duplicate",
        )


def _mean_sibling_weight(framework: Framework, parent: Objective | None) -> Decimal:
    weights = list(
        Objective.objects.filter(framework=framework, parent=parent).values_list(
            "weight", flat=True
        )
    )
    return _quantize(sum(weights) / len(weights)) if weights else Decimal(1)


@transaction.atomic
def objective_create(
    *,
    framework: Framework,
    by: Any,
    code: str,
    name: str,
    source: str = ObjectiveSource.COALITION_AGREEMENT,
    parent: Objective | None = None,
    description: str = "",
    owner: str = "",
    esg_theme: str = "",
    kpi: str = "",
    weight: Decimal | None = None,
    order: int | None = None,
) -> Objective:
    """Add an objective (under `parent`, or as a theme) to a draft.

    Without a weight it gets the mean weight of its siblings, i.e. an equal share. An AHP
    comparison of its sibling group becomes incomplete until the new pairs are judged.
    """
    _check_editable(framework, by)
    _check_parent(framework, None, parent)
    _check_code_free(framework, code, Objective, None)
    if weight is None:
        weight = _mean_sibling_weight(framework, parent)
    _check_weight(weight)
    if order is None:
        highest = framework.objectives.filter(parent=parent).aggregate(m=Max("order"))["m"]
        order = 0 if highest is None else highest + 1
    return Objective.objects.create(
        municipality=framework.municipality,
        framework=framework,
        parent=parent,
        code=code,
        name=name,
        description=description,
        source=source,
        owner=owner,
        esg_theme=esg_theme,
        kpi=kpi,
        weight=weight,
        order=order,
    )


@transaction.atomic
def objective_update(*, objective: Objective, by: Any, **fields: Any) -> Objective:
    """Change an objective of a draft; a new parent leaves the old group's comparisons."""
    framework = objective.framework
    _check_editable(framework, by)
    allowed = {
        "parent",
        "code",
        "name",
        "description",
        "source",
        "owner",
        "esg_theme",
        "kpi",
        "weight",
        "order",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown objective fields: {sorted(unknown)}")
    if "parent" in fields:
        _check_parent(framework, objective, fields["parent"])
    if "code" in fields:
        _check_code_free(framework, fields["code"], Objective, objective.pk)
    if "weight" in fields:
        _check_weight(fields["weight"])
    new_parent = fields.get("parent", objective.parent)
    if (new_parent.pk if new_parent else None) != objective.parent_id:
        for comparison in Comparison.objects.filter(
            Q(first_objective=objective) | Q(second_objective=objective)
        ):
            comparison.delete()
    for key, value in fields.items():
        setattr(objective, key, value)
    objective.save()
    return objective


@transaction.atomic
def objective_delete(*, objective: Objective, by: Any) -> None:
    """Remove an objective of a draft, with its sub-objectives and their comparisons."""
    _check_editable(objective.framework, by)
    for child in list(Objective.objects.filter(parent=objective)):
        objective_delete(objective=child, by=by)
    objective.delete()


# --- Impact axes ----------------------------------------------------------------------------


def _check_scale(scale_min: int, scale_max: int) -> None:
    if scale_max <= scale_min:
        raise ValidationError(
            {"scale_max": _("De schaal moet van laag naar hoog lopen (‘tot’ groter dan ‘van’).")},
            code="scale",
        )


@transaction.atomic
def axis_create(
    *,
    framework: Framework,
    by: Any,
    code: str,
    name: str,
    description: str = "",
    scale_min: int = 1,
    scale_max: int = 5,
    direction: str = AxisDirection.HIGHER_IS_WORSE,
    weight: Decimal | None = None,
    order: int | None = None,
) -> ImpactAxis:
    """Add an impact axis to a draft (without a weight: the mean of the other axes)."""
    _check_editable(framework, by)
    _check_code_free(framework, code, ImpactAxis, None)
    _check_scale(scale_min, scale_max)
    if weight is None:
        weights = list(framework.axes.values_list("weight", flat=True))
        weight = _quantize(sum(weights) / len(weights)) if weights else Decimal(1)
    _check_weight(weight)
    if order is None:
        highest = framework.axes.aggregate(m=Max("order"))["m"]
        order = 0 if highest is None else highest + 1
    return ImpactAxis.objects.create(
        municipality=framework.municipality,
        framework=framework,
        code=code,
        name=name,
        description=description,
        scale_min=scale_min,
        scale_max=scale_max,
        direction=direction,
        weight=weight,
        order=order,
    )


@transaction.atomic
def axis_update(*, axis: ImpactAxis, by: Any, **fields: Any) -> ImpactAxis:
    """Change an impact axis of a draft."""
    _check_editable(axis.framework, by)
    allowed = {
        "code",
        "name",
        "description",
        "scale_min",
        "scale_max",
        "direction",
        "weight",
        "order",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown axis fields: {sorted(unknown)}")
    if "code" in fields:
        _check_code_free(axis.framework, fields["code"], ImpactAxis, axis.pk)
    _check_scale(fields.get("scale_min", axis.scale_min), fields.get("scale_max", axis.scale_max))
    if "weight" in fields:
        _check_weight(fields["weight"])
    for key, value in fields.items():
        setattr(axis, key, value)
    axis.save()
    return axis


@transaction.atomic
def axis_delete(*, axis: ImpactAxis, by: Any) -> None:
    """Remove an impact axis (and its comparisons) from a draft."""
    _check_editable(axis.framework, by)
    axis.delete()


# --- Weights --------------------------------------------------------------------------------


def _group_of(framework: Framework, group: str, parent: Objective | None) -> selectors.WeightGroup:
    if group not in ComparisonGroup.values:
        raise ValueError(f"Unknown group {group!r}")
    if parent is not None and parent.framework_id != framework.pk:
        raise ValidationError(_("Deze doelstelling hoort bij een ander afwegingskader."))
    return selectors.weight_group(framework=framework, group=group, parent=parent)


def _store_weights(members: list[selectors.Member], weights: Mapping[int, float]) -> None:
    for member in members:
        new = _quantize(weights[member.pk])
        if member.weight != new:
            member.weight = new
            member.save()


@transaction.atomic
def group_weights_set(
    *,
    framework: Framework,
    by: Any,
    group: str,
    parent: Objective | None = None,
    weights: Mapping[int, Decimal],
) -> selectors.WeightGroup:
    """Enter the weights of one sibling group directly (any non-negative numbers).

    They are normalised (stored as fractions that sum to 1, shown as percentages) and replace
    an AHP comparison of the group, which is removed so the source of the weights is clear.
    """
    _check_editable(framework, by)
    weight_group = _group_of(framework, group, parent)
    members = weight_group.members
    missing = [m for m in members if m.pk not in weights]
    if missing:
        raise ValidationError(
            _("Geef een gewicht voor ‘%(name)s’.") % {"name": missing[0].name}, code="missing"
        )
    for member in members:
        if weights[member.pk] < 0:
            raise ValidationError(
                _("Het gewicht van ‘%(name)s’ kan niet negatief zijn.") % {"name": member.name},
                code="negative",
            )
    total = sum((Decimal(weights[m.pk]) for m in members), Decimal(0))
    if members and total <= 0:
        raise ValidationError(
            _("Alle gewichten zijn nul; geef ten minste één gewicht groter dan nul."),
            code="all_zero",
        )
    _store_weights(members, {m.pk: float(Decimal(weights[m.pk]) / total) for m in members})
    for comparison in weight_group.comparisons:
        comparison.delete()
    return _group_of(framework, group, parent)


@transaction.atomic
def comparisons_save(
    *,
    framework: Framework,
    by: Any,
    group: str,
    parent: Objective | None = None,
    judgements: Mapping[tuple[int, int], int],
) -> selectors.WeightGroup:
    """Store the AHP judgements of one sibling group and derive its weights from them.

    `judgements[(a, b)] = k` (member ids) means "a is k times as important as b" on Saaty's
    scale stored as a signed whole number (−k: b is k times as important as a; 1: equal).
    Every pair of the group must be judged once. The principal-eigenvector weights are stored
    on the members; the returned group carries the consistency ratio and, above 0.10, the most
    inconsistent pair with a suggested judgement (`inconsistency_text()`).
    """
    _check_editable(framework, by)
    weight_group = _group_of(framework, group, parent)
    members = weight_group.members
    normalised = _normalise_judgements(weight_group, judgements)
    _replace_comparisons(framework, weight_group, normalised)
    result = _group_of(framework, group, parent)
    assert result.ahp is not None  # every pair is judged
    _store_weights(
        result.members, {m.pk: w for m, w in zip(members, result.ahp.weights, strict=True)}
    )
    return _group_of(framework, group, parent)


def _normalise_judgements(
    weight_group: selectors.WeightGroup, judgements: Mapping[tuple[int, int], int]
) -> dict[tuple[int, int], int]:
    """Check a complete set of judgements of one group and key them in member order."""
    members = weight_group.members
    if len(members) < 2:
        raise ValidationError(
            _("Er valt niets te vergelijken: deze groep heeft minder dan twee elementen."),
            code="too_few",
        )
    by_id = {m.pk: m for m in members}
    position = {m.pk: index for index, m in enumerate(members)}
    normalised: dict[tuple[int, int], int] = {}
    for (first, second), value in judgements.items():
        if first not in by_id or second not in by_id or first == second:
            raise ValidationError(_("Een vergelijking noemt een onbekend element."), code="pair")
        if value not in JUDGEMENT_VALUES:
            raise ValidationError(
                _("Het oordeel %(value)s ligt niet op de schaal van Saaty (1–9).")
                % {"value": value},
                code="scale",
            )
        key, judgement = (
            ((first, second), value)
            if position[first] < position[second]
            else ((second, first), 1 if value == 1 else -value)
        )
        if key in normalised:
            raise ValidationError(
                _("Het paar ‘%(a)s’ en ‘%(b)s’ is twee keer beoordeeld.")
                % {"a": by_id[key[0]].name, "b": by_id[key[1]].name},
                code="duplicate",
            )
        normalised[key] = judgement
    for first_member, second_member in weight_group.pairs():
        if (first_member.pk, second_member.pk) not in normalised:
            raise ValidationError(
                _("Het oordeel voor ‘%(a)s’ t.o.v. ‘%(b)s’ ontbreekt.")
                % {"a": first_member.name, "b": second_member.name},
                code="missing",
            )
    return normalised


def _replace_comparisons(
    framework: Framework,
    weight_group: selectors.WeightGroup,
    judgements: Mapping[tuple[int, int], int],
) -> None:
    existing: dict[tuple[int, int], Comparison] = {}
    for held in weight_group.comparisons:
        first, second = selectors._comparison_member_ids(held)
        existing[(first, second)] = held
    for (first, second), judgement in judgements.items():
        comparison = existing.pop((first, second), None)
        if comparison is None and (second, first) in existing:
            comparison = existing.pop((second, first))
            comparison.delete()
            comparison = None
        if comparison is None:
            comparison = Comparison(
                municipality=framework.municipality,
                framework=framework,
                group=weight_group.group,
                parent=weight_group.parent,
            )
            if weight_group.is_axes:
                comparison.first_axis_id, comparison.second_axis_id = first, second
            else:
                comparison.first_objective_id, comparison.second_objective_id = first, second
        if comparison.pk is None or comparison.judgement != judgement:
            comparison.judgement = judgement
            comparison.save()
    for stale in existing.values():
        stale.delete()


# --- Group comparison rounds (groepsvergelijking) -------------------------------------------


@transaction.atomic
def round_create(
    *,
    framework: Framework,
    by: Any,
    title: str,
    participants: Iterable[Any],
    site_url: str = "",
) -> ComparisonRound:
    """Invite members to judge every pair of a draft version themselves.

    Participants must be members who may see the framework (wethouders, gemeentesecretaris,
    MT, the portfolio manager); at least two, or there is no group. With `site_url` (the
    address the page was asked at) each participant is mailed the link to their comparisons
    once the round is committed (`framework.mail`).
    """
    _check_editable(framework, by)
    users = list(dict.fromkeys(participants))
    allowed = set(
        selectors.invitable_users(municipality=framework.municipality).values_list("pk", flat=True)
    )
    if any(user.pk not in allowed for user in users):
        raise ValidationError(
            {"participants": _("Nodig alleen leden van de gemeente uit.")}, code="not_member"
        )
    if len(users) < 2:
        raise ValidationError(
            {"participants": _("Nodig ten minste twee deelnemers uit.")}, code="too_few"
        )
    if not selectors.comparable_groups(framework=framework):
        raise ValidationError(
            _("Er valt niets te vergelijken: geen enkele groep heeft twee elementen of meer."),
            code="nothing",
        )
    comparison_round = ComparisonRound.objects.create(
        municipality=framework.municipality, framework=framework, title=title, created_by=by
    )
    for user in users:
        RoundParticipant.objects.create(
            municipality=framework.municipality, round=comparison_round, user=user
        )
    if site_url:
        mail.schedule(comparison_round=comparison_round, recipients=users, by=by, site_url=site_url)
    return comparison_round


@transaction.atomic
def round_remind(*, comparison_round: ComparisonRound, by: Any, site_url: str) -> int:
    """Mail a reminder to the participants who have not finished (portfolio manager, open
    round); returns how many are mailed (those without an address are not)."""
    _check_editable(comparison_round.framework, by)
    if not comparison_round.is_open:
        raise ValidationError(
            _("Deze groepsvergelijking is afgesloten; de oordelen kunnen niet meer wijzigen."),
            code="closed",
        )
    pending = selectors.round_overview(comparison_round=comparison_round).pending
    return mail.schedule(
        comparison_round=comparison_round,
        recipients=[p.user for p in pending],
        by=by,
        site_url=site_url,
        reminder=True,
    )


@transaction.atomic
def round_judgements_save(
    *,
    comparison_round: ComparisonRound,
    by: Any,
    judgements: Mapping[str, Mapping[tuple[int, int], int]],
) -> RoundParticipant:
    """Store the acting participant's own judgements (every pair of every group).

    Only an invited participant, only their own row, only while the round is open and the
    version a draft.
    """
    participant = (
        RoundParticipant.objects.select_for_update().filter(round=comparison_round, user=by).first()
        if by is not None
        else None
    )
    if participant is None:
        raise PermissionDenied(_("U bent niet uitgenodigd voor deze groepsvergelijking."))
    _check_draft(comparison_round.framework)
    if not comparison_round.is_open:
        raise ValidationError(
            _("Deze groepsvergelijking is afgesloten; de oordelen kunnen niet meer wijzigen."),
            code="closed",
        )
    stored: dict[str, dict[str, int]] = {}
    for group in selectors.comparable_groups(framework=comparison_round.framework):
        key = selectors.group_key(group)
        normalised = _normalise_judgements(group, judgements.get(key, {}))
        stored[key] = {f"{a}-{b}": value for (a, b), value in normalised.items()}
    participant.judgements = stored
    participant.submitted_at = timezone.now()
    participant.save()
    return participant


@transaction.atomic
def round_apply(*, comparison_round: ComparisonRound, by: Any) -> selectors.RoundOverview:
    """Write the group weights (AIJ) on the draft and close the round.

    The aggregated judgements are geometric means, not points on Saaty's scale, so they are
    stored as the group's weights (like directly entered weights): the group's own comparisons
    are removed, and the round is the record of where the weights came from.
    """
    _check_editable(comparison_round.framework, by)
    comparison_round = ComparisonRound.objects.select_for_update().get(pk=comparison_round.pk)
    if not comparison_round.is_open:
        raise ValidationError(_("Deze groepsvergelijking is al toegepast."), code="applied")
    overview = selectors.round_overview(comparison_round=comparison_round)
    if not overview.can_apply:
        raise ValidationError(
            _("Er zijn nog geen volledige oordelen; er valt niets toe te passen."),
            code="empty",
        )
    for entry in overview.groups:
        if entry.result is None:
            continue
        members = entry.group.members
        _store_weights(
            members,
            {m.pk: w for m, w in zip(members, entry.result.aggregate.weights, strict=True)},
        )
        for comparison in entry.group.comparisons:
            comparison.delete()
    comparison_round.status = RoundStatus.APPLIED
    comparison_round.applied_at = timezone.now()
    comparison_round.applied_by = by
    comparison_round.save()
    overview.round = comparison_round
    return overview
