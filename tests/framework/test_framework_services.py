"""Services of the afwegingskader: versions, immutability, tree rules, weights and AHP."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from koersvast import weighing
from koersvast.audit.models import AuditEvent
from koersvast.framework.choices import ComparisonGroup, FrameworkStatus
from koersvast.framework.models import Comparison, Framework, ImpactAxis, Objective
from koersvast.framework.selectors import versions as versions_selectors
from koersvast.framework.selectors.tree import flatten, objective_tree
from koersvast.framework.selectors.versions import scoring_framework
from koersvast.framework.selectors.weights import weight_group
from koersvast.framework.services.structure import (
    axis_create,
    axis_delete,
    axis_update,
    objective_create,
    objective_delete,
    objective_update,
)
from koersvast.framework.services.versions import (
    framework_create,
    framework_new_version,
    framework_publish,
    framework_update,
)
from koersvast.framework.services.weights import comparisons_save, group_weights_set
from koersvast.tenancy.choices import Role

from .helpers import build_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def pm(personas):
    return personas[Role.PORTFOLIO_MANAGER]


@pytest.fixture
def draft(municipality, pm):
    return build_framework(municipality, by=pm)


def themes(framework):
    return list(framework.objectives.filter(parent=None).order_by("order"))


def test_new_framework_has_the_four_standard_axes(municipality, pm):
    framework = framework_create(municipality=municipality, name="Nieuw", by=pm)
    assert framework.status == FrameworkStatus.DRAFT
    assert framework.version == 1
    codes = list(framework.axes.order_by("order").values_list("code", flat=True))
    assert codes == ["complexiteit", "risico", "capaciteitsbeslag", "urgentie"]
    assert framework.axes.get(code="urgentie").direction == "higher_is_better"
    again = framework_create(municipality=municipality, name="Nieuw", by=pm)
    assert again.version == 2


def test_only_a_portfolio_manager_may_write(municipality, personas, draft):
    reader = personas[Role.READER]
    with pytest.raises(PermissionDenied):
        framework_publish(framework=draft, by=reader)
    with pytest.raises(PermissionDenied):
        objective_create(framework=draft, by=reader, code="X", name="X")
    with pytest.raises(PermissionDenied):
        framework_create(municipality=municipality, name="X", by=reader)


def test_publish_records_when_and_by_whom(draft, pm):
    published = framework_publish(framework=draft, by=pm)
    assert published.is_published
    assert published.published_at is not None
    assert published.published_by == pm
    assert AuditEvent.objects.filter(object_id=str(draft.pk)).count() >= 2


def test_publish_refuses_an_unusable_draft(municipality, pm):
    empty = framework_create(municipality=municipality, name="Leeg", by=pm, standard_axes=False)
    with pytest.raises(ValidationError) as error:
        framework_publish(framework=empty, by=pm)
    text = " ".join(error.value.messages)
    assert "ten minste één doelstelling" in text
    assert "ten minste één impactas" in text
    empty.refresh_from_db()
    assert empty.is_draft


def test_publish_refuses_an_all_zero_sibling_group(draft, pm):
    for objective in draft.objectives.filter(parent__code="T1"):
        objective.weight = Decimal(0)
        objective.save()
    with pytest.raises(ValidationError, match="Alle gewichten in de groep"):
        framework_publish(framework=draft, by=pm)


def test_published_version_is_immutable(draft, pm):
    framework_publish(framework=draft, by=pm)
    draft.refresh_from_db()
    t1 = draft.objectives.get(code="T1")
    axis = draft.axes.first()
    attempts = [
        lambda: objective_create(framework=draft, by=pm, code="T9", name="Nieuw"),
        lambda: objective_update(objective=t1, by=pm, name="Anders"),
        lambda: objective_delete(objective=t1, by=pm),
        lambda: axis_create(framework=draft, by=pm, code="x", name="X"),
        lambda: axis_update(axis=axis, by=pm, name="Anders"),
        lambda: axis_delete(axis=axis, by=pm),
        lambda: framework_update(
            framework=draft,
            by=pm,
            name="Anders",
            description="",
            value_weight=Decimal("0.5"),
            impact_weight=Decimal("0.5"),
        ),
        lambda: group_weights_set(
            framework=draft,
            by=pm,
            group=ComparisonGroup.OBJECTIVES,
            weights={o.pk: Decimal(1) for o in themes(draft)},
        ),
        lambda: comparisons_save(
            framework=draft, by=pm, group=ComparisonGroup.OBJECTIVES, judgements={}
        ),
        lambda: framework_publish(framework=draft, by=pm),
    ]
    before = AuditEvent.objects.count()
    for attempt in attempts:
        with pytest.raises(ValidationError) as error:
            attempt()
        assert "vastgesteld" in error.value.messages[0]
    assert AuditEvent.objects.count() == before
    assert draft.objectives.get(code="T1").name == "Iedereen doet mee"


def test_new_version_copies_tree_axes_and_comparisons(draft, pm):
    t = themes(draft)
    comparisons_save(
        framework=draft,
        by=pm,
        group=ComparisonGroup.OBJECTIVES,
        judgements={(t[0].pk, t[1].pk): 3, (t[0].pk, t[2].pk): 5, (t[1].pk, t[2].pk): 2},
    )
    framework_publish(framework=draft, by=pm)
    copy = framework_new_version(framework=draft, by=pm)
    assert (copy.name, copy.version, copy.status) == (draft.name, 2, FrameworkStatus.DRAFT)
    assert copy.based_on == draft
    assert copy.published_at is None

    def shape(framework):
        return sorted(
            framework.objectives.values_list("code", "parent__code", "name", "weight", "kpi")
        )

    assert shape(copy) == shape(draft)
    assert sorted(copy.axes.values_list("code", "weight", "direction")) == sorted(
        draft.axes.values_list("code", "weight", "direction")
    )
    assert sorted(
        copy.comparisons.values_list("first_objective__code", "second_objective__code", "judgement")
    ) == [("T1", "T2", 3), ("T1", "T3", 5), ("T2", "T3", 2)]
    # The copy points at its own objectives, never at the published version's.
    assert not copy.comparisons.exclude(first_objective__framework=copy).exists()
    assert not copy.objectives.exclude(parent=None).exclude(parent__framework=copy).exists()
    # The copy is editable; the original is not touched.
    objective_update(objective=copy.objectives.get(code="T1"), by=pm, name="Nieuw")
    assert draft.objectives.get(code="T1").name == "Iedereen doet mee"
    assert framework_new_version(framework=draft, by=pm).version == 3


def test_tree_has_at_most_three_levels(draft, pm):
    t11 = draft.objectives.get(code="T1.1")
    sub = objective_create(framework=draft, by=pm, code="T1.1.1", name="Sub", parent=t11)
    with pytest.raises(ValidationError) as error:
        objective_create(framework=draft, by=pm, code="T1.1.1.1", name="Te diep", parent=sub)
    assert "drie niveaus" in str(error.value)
    # Moving a theme with children under another theme would also make four levels.
    t1 = draft.objectives.get(code="T1")
    with pytest.raises(ValidationError):
        objective_update(objective=t1, by=pm, parent=draft.objectives.get(code="T2"))
    with pytest.raises(ValidationError, match="onder zichzelf"):
        objective_update(objective=t1, by=pm, parent=t11)


def test_codes_are_unique_within_a_version(draft, pm):
    with pytest.raises(ValidationError, match="al in gebruik"):
        objective_create(framework=draft, by=pm, code="T1", name="Dubbel")
    with pytest.raises(ValidationError, match="al in gebruik"):
        axis_create(framework=draft, by=pm, code="risico", name="Dubbel")


def test_new_objective_gets_an_equal_share(draft, pm):
    objective = objective_create(framework=draft, by=pm, code="T4", name="Nieuw")
    assert objective.weight == Decimal(2)  # mean of 3, 2, 1


def test_direct_weights_are_normalised_and_replace_ahp(draft, pm):
    t = themes(draft)
    comparisons_save(
        framework=draft,
        by=pm,
        group=ComparisonGroup.OBJECTIVES,
        judgements={(t[0].pk, t[1].pk): 1, (t[0].pk, t[2].pk): 1, (t[1].pk, t[2].pk): 1},
    )
    group = group_weights_set(
        framework=draft,
        by=pm,
        group=ComparisonGroup.OBJECTIVES,
        weights={t[0].pk: Decimal(50), t[1].pk: Decimal(30), t[2].pk: Decimal(20)},
    )
    assert [m.weight for m in group.members] == [Decimal("0.5"), Decimal("0.3"), Decimal("0.2")]
    assert group.percents == {t[0].pk: 50, t[1].pk: 30, t[2].pk: 20}
    assert not group.uses_ahp
    assert not Comparison.objects.filter(framework=draft).exists()
    with pytest.raises(ValidationError, match="Alle gewichten zijn nul"):
        group_weights_set(
            framework=draft,
            by=pm,
            group=ComparisonGroup.OBJECTIVES,
            weights=dict.fromkeys((o.pk for o in t), Decimal(0)),
        )


def test_ahp_derives_and_stores_weights_with_cr(draft, pm):
    t = themes(draft)
    judgements = {(t[0].pk, t[1].pk): 3, (t[0].pk, t[2].pk): 5, (t[2].pk, t[1].pk): -2}
    group = comparisons_save(
        framework=draft, by=pm, group=ComparisonGroup.OBJECTIVES, judgements=judgements
    )
    expected = weighing.ahp_weights(["a", "b", "c"], {("a", "b"): 3, ("a", "c"): 5, ("b", "c"): 2})
    stored = [float(o.weight) for o in themes(draft)]
    assert stored == pytest.approx(expected.weights, abs=1e-4)
    assert group.ahp is not None
    assert group.ahp.cr == pytest.approx(expected.cr)
    assert group.ahp.cr < 0.10
    assert not group.is_inconsistent
    assert Comparison.objects.filter(framework=draft).count() == 3
    # Stored once per pair, in member order, whichever way round it was entered.
    assert Comparison.objects.get(first_objective=t[1], second_objective=t[2]).judgement == 2
    # Saving the same judgements again writes nothing.
    before = AuditEvent.objects.count()
    comparisons_save(
        framework=draft, by=pm, group=ComparisonGroup.OBJECTIVES, judgements=judgements
    )
    assert AuditEvent.objects.count() == before
    # The scoring framework uses the derived weights.
    leaves = scoring_framework(draft).objective_weights
    assert math.fsum(leaves.values()) == pytest.approx(1)


def test_inconsistent_ahp_warns_with_the_worst_pair(draft, pm):
    t = themes(draft)
    group = comparisons_save(
        framework=draft,
        by=pm,
        group=ComparisonGroup.OBJECTIVES,
        # T1 > T2 and T2 > T3, yet T3 far above T1: circular.
        judgements={(t[0].pk, t[1].pk): 5, (t[1].pk, t[2].pk): 5, (t[0].pk, t[2].pk): -5},
    )
    assert group.is_inconsistent
    assert group.ahp.cr > 0.10
    text = group.inconsistency_text()
    assert "wijkt het meest af" in text
    assert "T1 Iedereen doet mee" in text or "T3 Duurzaam" in text
    readiness = versions_selectors.readiness(framework=draft)
    assert readiness.can_publish  # a warning, not a blocker
    assert any("consistentieratio" in warning for warning in readiness.warnings)


def test_ahp_requires_every_pair_on_the_scale(draft, pm):
    t = themes(draft)
    with pytest.raises(ValidationError, match="ontbreekt"):
        comparisons_save(
            framework=draft,
            by=pm,
            group=ComparisonGroup.OBJECTIVES,
            judgements={(t[0].pk, t[1].pk): 3, (t[0].pk, t[2].pk): 5},
        )
    with pytest.raises(ValidationError, match="schaal van Saaty"):
        comparisons_save(
            framework=draft,
            by=pm,
            group=ComparisonGroup.OBJECTIVES,
            judgements={(t[0].pk, t[1].pk): 10, (t[0].pk, t[2].pk): 5, (t[1].pk, t[2].pk): 1},
        )
    assert not Comparison.objects.exists()


def test_axes_can_be_weighed_by_ahp(draft, pm):
    axes = list(draft.axes.order_by("order"))
    judgements = {(a.pk, b.pk): 2 for i, a in enumerate(axes) for b in axes[i + 1 :]}
    group = comparisons_save(
        framework=draft, by=pm, group=ComparisonGroup.AXES, judgements=judgements
    )
    weights = [float(a.weight) for a in draft.axes.order_by("order")]
    assert weights == sorted(weights, reverse=True)
    assert group.is_axes
    assert group.ahp is not None


def test_a_new_sibling_makes_the_comparison_incomplete(draft, pm):
    t = themes(draft)
    comparisons_save(
        framework=draft,
        by=pm,
        group=ComparisonGroup.OBJECTIVES,
        judgements={(t[0].pk, t[1].pk): 3, (t[0].pk, t[2].pk): 5, (t[1].pk, t[2].pk): 2},
    )
    objective_create(framework=draft, by=pm, code="T4", name="Nieuw thema")
    group = weight_group(framework=draft, group=ComparisonGroup.OBJECTIVES)
    assert group.missing_pairs == 3
    assert group.ahp is None
    assert any("onvolledig" in w for w in versions_selectors.readiness(framework=draft).warnings)


def test_moving_an_objective_drops_its_comparisons(draft, pm):
    t1 = draft.objectives.get(code="T1")
    children = list(t1.children.order_by("order"))
    comparisons_save(
        framework=draft,
        by=pm,
        group=ComparisonGroup.OBJECTIVES,
        parent=t1,
        judgements={(children[0].pk, children[1].pk): 3},
    )
    objective_update(objective=children[0], by=pm, parent=draft.objectives.get(code="T2"))
    assert not Comparison.objects.filter(framework=draft).exists()


def test_deleting_an_objective_removes_its_subtree(draft, pm):
    t1 = draft.objectives.get(code="T1")
    objective_delete(objective=t1, by=pm)
    assert sorted(draft.objectives.values_list("code", flat=True)) == ["T2", "T3"]


def test_framework_update_sets_the_value_impact_split(draft, pm):
    framework_update(
        framework=draft,
        by=pm,
        name="Kader 2027",
        description="Bijgewerkt",
        value_weight=Decimal("0.6"),
        impact_weight=Decimal("0.4"),
    )
    draft.refresh_from_db()
    assert (draft.name, draft.value_weight, draft.impact_weight) == (
        "Kader 2027",
        Decimal("0.6"),
        Decimal("0.4"),
    )
    assert scoring_framework(draft).value_share == pytest.approx(0.6)


def test_scoring_framework_uses_leaves_and_axes_by_pk(draft, pm):
    scoring = scoring_framework(draft)
    leaves = {str(o.pk): o.code for o in draft.objectives.all()}
    assert {leaves[key] for key in scoring.objective_weights} == {"T1.1", "T1.2", "T2", "T3"}
    # T1 has 3/6 of the weight, split equally over T1.1 and T1.2.
    by_code = {leaves[key]: w for key, w in scoring.objective_weights.items()}
    assert by_code["T1.1"] == pytest.approx(0.25)
    assert by_code["T2"] == pytest.approx(2 / 6)
    axis_ids = {str(a.pk) for a in ImpactAxis.objects.filter(framework=draft)}
    assert {axis.id for axis in scoring.axes} == axis_ids
    urgency = next(a for a in scoring.axes if a.id == str(draft.axes.get(code="urgentie").pk))
    assert urgency.direction is weighing.Direction.HIGHER_IS_BETTER
    score = weighing.priority_score(
        scoring,
        weighing.InitiativeScores(
            "x",
            contributions=dict.fromkeys(scoring.objective_weights, 3),
            impacts={axis.id: axis.scale_min for axis in scoring.axes},
        ),
    )
    assert 0 <= score.total <= 100


def test_objective_tree_shows_local_and_global_shares(draft):
    rows = flatten(objective_tree(framework=draft))
    by_code = {row.objective.code: row for row in rows}
    assert [row.objective.code for row in rows] == ["T1", "T1.1", "T1.2", "T2", "T3"]
    assert by_code["T1"].local_percent == 50
    assert by_code["T1.1"].local_percent == 50
    assert by_code["T1.1"].global_weight == pytest.approx(0.25)
    assert by_code["T1.1"].depth == 1


def test_frameworks_of_other_municipalities_are_separate(municipality, other_municipality, pm):
    build_framework(municipality, by=pm, name="Kader")
    other = build_framework(other_municipality, by=None, name="Kader")
    assert other.version == 1
    assert Framework.objects.filter(name="Kader").count() == 2
    assert Objective.objects.filter(municipality=other_municipality).count() == 5
