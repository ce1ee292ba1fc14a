"""The demo's afwegingskader: published, AHP-weighted themes and axes, idempotent."""

from __future__ import annotations

import pytest

from koersvast import weighing
from koersvast.audit.models import AuditEvent
from koersvast.demo import content
from koersvast.demo.framework_demo import load_framework
from koersvast.framework.choices import ComparisonGroup
from koersvast.framework.models import Comparison, ImpactAxis, Objective
from koersvast.framework.selectors.rounds import round_overview
from koersvast.framework.selectors.versions import readiness, scoring_framework
from koersvast.framework.selectors.weights import weight_groups
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def state():
    return (
        list(Objective.objects.order_by("code").values_list("code", "weight", "parent__code")),
        list(ImpactAxis.objects.order_by("code").values_list("code", "weight")),
        Comparison.objects.count(),
        AuditEvent.objects.count(),
    )


def test_demo_framework_is_published_with_ahp_weights():
    municipality = MunicipalityFactory(cbs_code=content.DEMO_CODE, name=content.DEMO_NAME)
    framework = load_framework(municipality)
    assert framework.is_published
    assert framework.name == content.FRAMEWORK_NAME
    codes = [row[0] for row in content.OBJECTIVES]
    assert sorted(framework.objectives.values_list("code", flat=True)) == sorted(codes)
    groups = weight_groups(framework=framework)
    themes = groups[0]
    assert themes.parent is None
    assert themes.uses_ahp
    assert themes.ahp is not None
    assert themes.ahp.cr < weighing.CONSISTENCY_THRESHOLD
    for member, weight in zip(themes.members, themes.ahp.weights, strict=True):
        assert float(member.weight) == pytest.approx(weight, abs=1e-4)
    axes = groups[-1]
    assert axes.group == ComparisonGroup.AXES
    assert axes.ahp is not None
    assert axes.ahp.cr < weighing.CONSISTENCY_THRESHOLD
    assert [a.code for a in axes.members] == [
        "complexiteit",
        "risico",
        "capaciteitsbeslag",
        "urgentie",
    ]
    # Below the themes the weights are entered directly.
    assert all(not group.uses_ahp for group in groups[1:-1])
    assert readiness(framework=framework).warnings == []
    scoring = scoring_framework(framework)
    assert len(scoring.objective_weights) == len([r for r in content.OBJECTIVES if r[1]])


def test_demo_framework_is_idempotent_and_deterministic():
    municipality = MunicipalityFactory(cbs_code=content.DEMO_CODE, name=content.DEMO_NAME)
    load_framework(municipality)
    first = state()
    load_framework(municipality)
    assert state() == first


def test_demo_framework_completes_an_existing_demo():
    from tests.demo_snapshot import load_demo

    municipality, _logins = load_demo()
    framework = load_framework(municipality)
    assert framework.axes.count() == 4
    assert framework.comparisons.count() == 12
    first = state()
    load_framework(municipality)
    assert state() == first


def test_demo_group_comparison_reproduces_the_published_weights():
    from koersvast.demo.group_ahp_demo import PARTICIPANTS, load_group_ahp
    from koersvast.framework.choices import RoundStatus
    from koersvast.framework.models import ComparisonRound
    from tests.factories import DecisionBodyFactory, UserFactory

    municipality = MunicipalityFactory(cbs_code=content.DEMO_CODE, name=content.DEMO_NAME)
    framework = load_framework(municipality)
    college = DecisionBodyFactory(municipality=municipality, name="College", kind="college")
    users = {name: UserFactory(username=name) for name in (*PARTICIPANTS, "portfoliomanager")}
    load_group_ahp(municipality, framework=framework, users=users)
    load_group_ahp(municipality, framework=framework, users=users)  # idempotent
    comparison_round = ComparisonRound.objects.get()
    assert comparison_round.status == RoundStatus.APPLIED
    framework.refresh_from_db()
    assert framework.decision_body == college
    overview = round_overview(comparison_round=comparison_round)
    assert overview.submitted == 3
    done = [entry for entry in overview.groups if entry.result is not None]
    assert {entry.key for entry in done} == {"objectives", "axes"}
    for entry in done:
        assert entry.result.consensus < 1
        assert entry.divergent
        for member, weight in zip(entry.group.members, entry.result.aggregate.weights, strict=True):
            assert float(member.weight) == pytest.approx(weight, abs=1e-4)
