"""The framework lever: value a scenario under another framework version or other weights."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from koersvast.framework.models import Framework, ImpactAxis, Objective
from koersvast.intake.models import PriorityScore
from koersvast.intake.selectors.backlog import priority_totals_under
from koersvast.intake.services import scoring as intake_services
from koersvast.planning import translate
from koersvast.planning.errors import PlanningError
from koersvast.planning.models import Scenario
from koersvast.planning.services.runs import scenario_run_now, scenario_run_start
from koersvast.planning.services.scenarios import scenario_create, scenario_framework_set
from koersvast.tenancy.choices import Role

pytestmark = pytest.mark.django_db


def _version(municipality, version, status, weights):
    framework = Framework.objects.create(
        municipality=municipality, name="Kader", version=version, status=status
    )
    for code, weight in weights.items():
        Objective.objects.create(
            municipality=municipality,
            framework=framework,
            code=code,
            name=f"Doel {code}",
            source="coalitieakkoord",
            weight=Decimal(weight),
        )
    ImpactAxis.objects.create(
        municipality=municipality, framework=framework, code="risk", name="Risico"
    )
    return framework


@pytest.fixture
def versions(world, municipality, personas):
    """Published v2 weighs 'wonen' heavily, draft v3 'groen'; A helps wonen, B helps groen."""
    PriorityScore.objects.all().delete()
    world["framework"].status = "draft"  # the world's own version steps aside
    world["framework"].save()
    published = _version(municipality, 2, "published", {"wonen": "0.9", "groen": "0.1"})
    draft = _version(municipality, 3, "draft", {"wonen": "0.1", "groen": "0.9"})
    objectives = {o.code: o.pk for o in published.objectives.all()}
    axis = published.axes.get().pk
    for initiative, wonen, groen in ((world["a"], 3, -1), (world["b"], -1, 3)):
        intake_services.initiative_score(
            initiative=initiative,
            framework=published,
            contributions={objectives["wonen"]: (wonen, ""), objectives["groen"]: (groen, "")},
            impacts={axis: (3, "")},
            by=personas[Role.PORTFOLIO_MANAGER],
        )
    return published, draft


def _values(municipality, framework):
    problem = translate.build_problem(municipality=municipality, framework=framework).problem
    return {item["id"]: item["value"] for item in problem["initiatives"]}


def test_scores_in_memory_equal_the_stored_ones_under_the_same_version(versions, municipality):
    published, _draft = versions
    stored = {
        s.initiative_id: float(s.total) for s in PriorityScore.objects.filter(framework=published)
    }
    computed = priority_totals_under(
        framework=published, municipality=municipality, source=published
    )
    assert computed == pytest.approx(stored, abs=0.001)


def test_other_weights_change_the_values_and_write_nothing(versions, municipality):
    published, draft = versions
    before = list(PriorityScore.objects.order_by("pk").values_list("pk", "total"))
    under_published = _values(municipality, published)
    under_draft = _values(municipality, draft)
    assert under_published["A"] > under_published["B"]
    assert under_draft["B"] > under_draft["A"]
    assert list(PriorityScore.objects.order_by("pk").values_list("pk", "total")) == before


def test_the_lever_is_set_on_the_scenario_and_used_by_its_run(
    versions, municipality, personas, pm_client
):
    _published, draft = versions
    scenario = scenario_create(
        municipality=municipality, name="Groen voorop", by=personas[Role.PORTFOLIO_MANAGER]
    )
    page = pm_client.get(scenario.get_absolute_url()).content.decode()
    assert "Waarde volgens afwegingskader" in page
    response = pm_client.post(
        reverse("planning:framework", args=[scenario.pk]), {"framework": draft.pk}
    )
    assert response.status_code == 302
    assert Scenario.objects.get(pk=scenario.pk).framework == draft
    run = scenario_run_start(scenario=scenario, by=personas[Role.PORTFOLIO_MANAGER])
    run.refresh_from_db()
    values = {item["id"]: item["value"] for item in run.problem["initiatives"]}
    assert values["B"] > values["A"]


def test_an_unusable_draft_is_refused_with_the_reason(versions, municipality, personas):
    _published, draft = versions
    draft.objectives.update(weight=Decimal(0))
    scenario = scenario_create(
        municipality=municipality, name="Leeg", by=personas[Role.PORTFOLIO_MANAGER]
    )
    with pytest.raises(PlanningError, match="kan niet worden gescoord"):
        scenario_framework_set(
            scenario=scenario, framework=draft, by=personas[Role.PORTFOLIO_MANAGER]
        )


def test_only_the_own_frameworks_and_managers(
    versions, municipality, other_municipality, personas, client_for, outsider
):
    _published, draft = versions
    scenario = scenario_create(
        municipality=municipality, name="S", by=personas[Role.PORTFOLIO_MANAGER]
    )
    url = reverse("planning:framework", args=[scenario.pk])
    foreign = _version(other_municipality, 1, "published", {"x": "1"})
    manager = client_for(personas[Role.PORTFOLIO_MANAGER])
    assert manager.post(url, {"framework": foreign.pk}).status_code == 404
    assert manager.post(url, {"framework": "abc"}).status_code == 404
    assert client_for(personas[Role.READER]).post(url, {"framework": draft.pk}).status_code == 403
    assert client_for(outsider).post(url, {"framework": draft.pk}).status_code == 404
    assert Scenario.objects.get(pk=scenario.pk).framework != draft


def _objectives(municipality, framework):
    problem = translate.build_problem(municipality=municipality, framework=framework).problem
    return problem["x-themes"], {i["id"]: i.get("x-objectives") for i in problem["initiatives"]}


def test_value_per_objective_travels_with_the_problem(versions, municipality):
    published, draft = versions
    themes, points = _objectives(municipality, published)
    assert sorted(t["name"] for t in themes) == ["Doel groen", "Doel wonen"]
    # A helps wonen (+3) and hurts groen (−1): its contribution to groen counts against it.
    assert points["A"]["wonen"] > 0 > points["A"]["groen"]
    assert points["B"]["groen"] > 0 > points["B"]["wonen"]
    _themes, under_draft = _objectives(municipality, draft)  # groen weighs 0.9 there
    assert under_draft["A"]["wonen"] < points["A"]["wonen"]
    assert under_draft["B"]["groen"] > points["B"]["groen"]


def test_comparison_shows_value_per_objective(versions, municipality, personas, pm_client):
    _published, draft = versions
    manager = personas[Role.PORTFOLIO_MANAGER]
    first = scenario_create(municipality=municipality, name="Wonen voorop", by=manager)
    second = scenario_create(municipality=municipality, name="Groen voorop", by=manager)
    scenario_framework_set(scenario=second, framework=draft, by=manager)
    for scenario in (first, second):
        scenario_run_now(scenario=scenario, by=manager)
    page = pm_client.get(reverse("planning:compare") + f"?s={first.pk}&s={second.pk}").text
    assert "Bijdrage aan de doelstellingen" in page
    assert "Doel wonen" in page and "Doel groen" in page
