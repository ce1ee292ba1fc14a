"""Scoring against the published framework, explanations, and re-scoring under a new version."""

from __future__ import annotations

from decimal import Decimal

import pytest

from koersvast.framework.models import Framework, ImpactAxis, Objective
from koersvast.intake.models import PriorityScore
from koersvast.intake.services.common import IntakeError
from koersvast.intake.services.scoring import framework_rescore, initiative_score
from koersvast.tenancy.choices import Role

from .conftest import full_scores

pytestmark = pytest.mark.django_db


def score(initiative, framework, personas, contributions, impacts):
    return initiative_score(
        initiative=initiative,
        framework=framework,
        contributions=contributions,
        impacts=impacts,
        by=personas[Role.PORTFOLIO_MANAGER],
    )


def test_score_is_explained_by_its_terms(make_initiative, personas, framework, leaves, axes):
    contributions, impacts = full_scores(leaves, axes)
    result = score(make_initiative(), framework, personas, contributions, impacts)
    assert not result.incomplete
    assert 0 <= result.total <= 100
    assert sum(Decimal(str(t["points"])) for t in result.terms) == pytest.approx(
        result.total, abs=Decimal("0.01")
    )
    assert {t["ref"] for t in result.terms if t["kind"] == "objective"} == {
        str(o.pk) for o in leaves.values()
    }


def test_negative_contributions_lower_the_score(make_initiative, personas, framework, leaves, axes):
    good, impacts = full_scores(leaves, axes, value=2)
    harmful = dict(good)
    harmful[leaves["T2.1"].pk] = (-3, "kapt bomen")
    assert (
        score(make_initiative(), framework, personas, harmful, impacts).total
        < score(make_initiative(), framework, personas, good, impacts).total
    )


def test_missing_scores_are_flagged(make_initiative, personas, framework, leaves, axes):
    contributions, _impacts = full_scores(leaves, axes)
    assert score(make_initiative(), framework, personas, contributions, {}).incomplete


@pytest.mark.parametrize("bad", [4, -4])
def test_contribution_out_of_range_is_refused(bad, make_initiative, personas, framework, leaves):
    with pytest.raises(IntakeError):
        score(make_initiative(), framework, personas, {leaves["T1.1"].pk: (bad, "")}, {})


def test_a_parent_objective_cannot_be_scored(make_initiative, personas, framework, leaves):
    # Its value comes from its children; the API refused it, the service now too (any caller).
    parent = leaves["T1.1"].parent
    initiative = make_initiative()
    with pytest.raises(IntakeError, match="subdoelstellingen"):
        score(initiative, framework, personas, {parent.pk: (2, "")}, {})
    assert not initiative.contributions.exists()


def test_draft_framework_cannot_be_scored_against(make_initiative, personas, framework):
    framework.status = "draft"
    framework.save()
    with pytest.raises(IntakeError):
        score(make_initiative(), framework, personas, {}, {})


def _copy_as_new_version(framework: Framework, weights: dict[str, str]) -> Framework:
    new = Framework.objects.create(
        municipality=framework.municipality,
        name=framework.name,
        version=framework.version + 1,
        status="published",
    )
    mapping = {}
    # Parents first (PostgreSQL sorts NULL parent ids last).
    for objective in sorted(
        framework.objectives.all(), key=lambda o: (o.parent_id is not None, o.pk)
    ):
        mapping[objective.pk] = Objective.objects.create(
            municipality=new.municipality,
            framework=new,
            code=objective.code,
            name=objective.name,
            source=objective.source,
            weight=Decimal(weights.get(objective.code, str(objective.weight))),
            parent=mapping.get(objective.parent_id),
        )
    for axis in framework.axes.all():
        ImpactAxis.objects.create(
            municipality=new.municipality,
            framework=new,
            code=axis.code,
            name=axis.name,
            direction=axis.direction,
        )
    return new


def test_rescoring_under_a_new_version_reports_the_ranking_change(
    make_initiative, personas, framework, leaves, axes
):
    social = make_initiative(title="Sociaal")
    green = make_initiative(title="Groen")
    impacts = {a.pk: (3, "") for a in axes.values()}
    score(
        social,
        framework,
        personas,
        {leaves["T1.1"].pk: (3, ""), leaves["T1.2"].pk: (3, ""), leaves["T2.1"].pk: (0, "")},
        impacts,
    )
    score(
        green,
        framework,
        personas,
        {leaves["T1.1"].pk: (0, ""), leaves["T1.2"].pk: (0, ""), leaves["T2.1"].pk: (3, "")},
        impacts,
    )
    # The new coalition weighs green far above social.
    new = _copy_as_new_version(framework, {"T1": "0.1", "T2": "0.9"})
    diff = framework_rescore(framework=new, previous=framework, by=personas[Role.PORTFOLIO_MANAGER])
    assert diff.changed
    moves = {m.item_id: m.places for m in diff.moved}
    assert moves == {str(green.pk): 1, str(social.pk): -1}
    assert PriorityScore.objects.filter(framework=new).count() == 2


def test_rescore_page_shows_the_moves(
    make_initiative, personas, framework, leaves, axes, client_for
):
    from django.urls import reverse

    social = make_initiative(title="Sociaal")
    green = make_initiative(title="Groen")
    impacts = {a.pk: (3, "") for a in axes.values()}
    score(
        social,
        framework,
        personas,
        {leaves["T1.1"].pk: (3, ""), leaves["T1.2"].pk: (3, ""), leaves["T2.1"].pk: (0, "")},
        impacts,
    )
    score(
        green,
        framework,
        personas,
        {leaves["T1.1"].pk: (0, ""), leaves["T1.2"].pk: (0, ""), leaves["T2.1"].pk: (3, "")},
        impacts,
    )
    new = _copy_as_new_version(framework, {"T1": "0.1", "T2": "0.9"})
    url = reverse("intake:rescore", args=[new.pk])
    assert client_for(personas[Role.READER]).get(url).status_code == 403
    client = client_for(personas[Role.PORTFOLIO_MANAGER])
    assert "Nu herscoren" in client.get(url).content.decode()
    body = client.post(url).content.decode()
    assert "2 initiatieven zijn van plaats veranderd" in body
    assert "▲ 1" in body and "▼ 1" in body


def _score_post(leaves, value, reason, version):
    data = {f"objective-{o.pk}": str(value) for o in leaves.values()}
    data[f"objective-{leaves['T1.1'].pk}-reason"] = reason
    return data | {"loaded_version": version}


def test_two_scorers_at_once_the_second_sees_both_versions(
    make_initiative, personas, framework, leaves, client_for
):
    """No lost update: a score sheet saved meanwhile is not overwritten without a word."""
    from django.urls import reverse

    initiative = make_initiative()
    url = reverse("intake:score", args=[initiative.pk])
    anna = client_for(personas[Role.PORTFOLIO_MANAGER])
    version = anna.get(url).context["version"]  # both open the empty sheet
    assert version == ""
    assert anna.post(url, _score_post(leaves, 2, "Anna", version)).status_code == 302
    saved = PriorityScore.objects.get(initiative=initiative).total

    response = anna.post(url, _score_post(leaves, -1, "Bram", version))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in body
    assert "-1 (Bram)" in body and "2 (Anna)" in body
    assert PriorityScore.objects.get(initiative=initiative).total == saved
    # The form keeps Bram's input and carries the new version: saving again is a choice.
    assert 'value="Bram"' in body
    again = _score_post(leaves, -1, "Bram", response.context["version"])
    assert anna.post(url, again).status_code == 302
    assert PriorityScore.objects.get(initiative=initiative).total < saved


def test_a_score_that_is_not_a_number_keeps_the_input(
    make_initiative, personas, framework, leaves, client_for
):
    from django.urls import reverse

    initiative = make_initiative()
    url = reverse("intake:score", args=[initiative.pk])
    client = client_for(personas[Role.PORTFOLIO_MANAGER])
    data = _score_post(leaves, 1, "Goed onderbouwd", "") | {f"objective-{leaves['T1.2'].pk}": "x"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Een score is een geheel getal." in response.content.decode()
    assert 'value="Goed onderbouwd"' in response.content.decode()
    assert not PriorityScore.objects.filter(initiative=initiative).exists()


def test_explanation_names_objectives_and_axes_by_kind_and_id(
    make_initiative, personas, framework, leaves
):
    """Objectives and axes are separate tables whose ids overlap: each term keeps its own name."""
    from koersvast.intake.selectors.dossier import score_terms

    # Axes with the ids of the objectives (explicit: on PostgreSQL the sequences of the two
    # tables need not meet within one test).
    taken = set(ImpactAxis.objects.values_list("pk", flat=True))
    for index, objective in enumerate(leaves.values()):
        if objective.pk not in taken:
            ImpactAxis.objects.create(
                pk=objective.pk,
                municipality=framework.municipality,
                framework=framework,
                code=f"as-{index}",
                name=f"As {index}",
            )
    axes = {a.code: a for a in framework.axes.all()}
    overlap = {str(o.pk) for o in leaves.values()} & {str(a.pk) for a in axes.values()}
    assert overlap, "the test needs a scored objective and an axis with the same id"
    contributions, impacts = full_scores(leaves, axes)
    result = score(make_initiative(), framework, personas, contributions, impacts)
    terms = score_terms(result, list(framework.objectives.all()), list(axes.values()))
    named = {(t["kind"], t["ref"]): t["name"] for t in terms}
    for objective in leaves.values():
        assert named[("objective", str(objective.pk))] == str(objective)
    for axis in axes.values():
        assert named[("impact", str(axis.pk))] == axis.name
