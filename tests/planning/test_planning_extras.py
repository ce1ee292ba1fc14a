"""Planning extras: value density, marginal value and frontier, heat-map drill-down, roadmap,
and the urgency button on a submitted initiative."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from koersvast.planning import presenters, translate
from koersvast.planning.choices import RunStatus
from koersvast.planning.errors import PlanningError
from koersvast.planning.selectors.roadmap import heat_cell, move_preview, roadmap
from koersvast.planning.services.adoption import scenario_adopt
from koersvast.planning.services.marginal import marginal_start
from koersvast.planning.services.runs import scenario_run_now
from koersvast.planning.services.scenarios import scenario_create
from koersvast.tenancy.choices import Role
from tests.factories import InitiativeFactory, PriorityScoreFactory

from .conftest import _initiative

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(personas):
    return personas[Role.PORTFOLIO_MANAGER]


@pytest.fixture
def plan(world, municipality, manager):
    scenario = scenario_create(municipality=municipality, name="Plan", by=manager)
    scenario_run_now(scenario=scenario, by=manager)
    scenario_adopt(scenario=scenario, body=world["body"], rationale="Begroting", by=manager)
    return scenario


# --- value density -------------------------------------------------------------------------


def test_value_density_divides_the_score_by_demand_hours(world, municipality):
    plain = translate.build_problem(municipality=municipality, framework=world["framework"])
    dense = translate.build_problem(
        municipality=municipality, framework=world["framework"], value_density=True
    )
    items = {i["id"]: i for i in dense.problem["initiatives"]}
    assert items["A"]["x-score"] == 80.0
    assert items["A"]["value"] == pytest.approx(80 / 300 * 100, abs=1e-3)  # 300 demand hours
    assert items["D"]["value"] == pytest.approx(5.0)  # unscored 5 over 80 h → counted as 100 h
    assert {p["id"]: p["x-hours-per-fte"] for p in plain.problem["pools"]} == {
        "pl": 100.0,
        "jur": 100.0,
    }
    assert translate.demand_hours(items["B"]) == 200.0


def test_density_warning_needs_narrow_scores_and_varied_sizes():
    def item(ref, value, hours):
        return {"id": ref, "value": value, "duration": 1, "demand": {"pl": [hours]}}

    narrow = {"initiatives": [item("a", 50, 20), item("b", 52, 30), item("c", 55, 2000)]}
    check = presenters.value_density_check(narrow)
    assert check is not None and check["value_cv"] < 0.25 and check["size_cv"] > 1.0
    wide = {"initiatives": [item("a", 5, 20), item("b", 50, 30), item("c", 95, 2000)]}
    assert presenters.value_density_check(wide) is None
    even = {"initiatives": [item("a", 50, 100), item("b", 52, 110), item("c", 55, 120)]}
    assert presenters.value_density_check(even) is None


def test_density_warning_and_toggle_on_the_scenario_page(world, municipality, manager, pm_client):
    for index, hours in enumerate([10, 15, 20, 20, 1200]):
        extra = _initiative(
            municipality,
            f"S{index}",
            {world["pl"]: [hours]},
            state="opgenomen",
            duration_quarters=1,
        )
        PriorityScoreFactory(initiative=extra, framework=world["framework"], total=Decimal(60))
    scenario = scenario_create(municipality=municipality, name="Dicht", by=manager)
    scenario_run_now(scenario=scenario, by=manager)
    page = pm_client.get(scenario.get_absolute_url()).content.decode()
    assert "Smalle waardeschaal" in page
    assert "Waardedichtheid gebruiken" in page
    pm_client.post(reverse("planning:value_density", args=[scenario.pk]), {"on": "1"})
    scenario.refresh_from_db()
    assert scenario.value_density
    run = scenario_run_now(scenario=scenario, by=manager)
    assert run.status == RunStatus.DONE
    assert all("x-score" in i for i in run.problem["initiatives"])
    page = pm_client.get(scenario.get_absolute_url()).content.decode()
    assert "Smalle waardeschaal" in page  # still judged on the scores themselves
    assert "rekent met waardedichtheid" in page


def test_reader_cannot_toggle_value_density(plan, personas, client_for):
    reader = client_for(personas[Role.READER])
    url = reverse("planning:value_density", args=[plan.pk])
    assert reader.post(url, {"on": "1"}).status_code == 403


# --- marginal value and efficient frontier ------------------------------------------------


def test_marginal_value_and_frontier(world, municipality, manager):
    # F must start in 2027-Q1 and needs 180 project-leader hours next to C's 50: 230 > 200.
    f = _initiative(
        municipality,
        "F",
        {world["pl"]: [180]},
        state="opgenomen",
        duration_quarters=1,
        start_year=2027,
        start_quarter=1,
        latest_year=2027,
        latest_quarter=1,
    )
    PriorityScoreFactory(initiative=f, framework=world["framework"], total=Decimal(70))
    plan = scenario_create(municipality=municipality, name="Krap", by=manager)
    scenario_run_now(scenario=plan, by=manager)
    analysis = marginal_start(scenario=plan, by=manager, pool=world["pl"])
    analysis.refresh_from_db()
    assert analysis.status == RunStatus.DONE, analysis.failure_reason
    result = analysis.result
    base = plan.runs.get().objective
    assert result["base"] == pytest.approx(base, abs=1e-3)
    gains = {row["pool"]: row["gain"] for row in result["marginal"]}
    assert set(gains) == {"pl", "jur"}
    assert gains["pl"] == pytest.approx(70.0, abs=1e-3)  # F fits with 100 hours more
    assert gains["jur"] == 0
    assert result["pool"] == "pl"
    frontier = result["frontier"]
    assert [p["fte"] for p in frontier] == [0.0, 0.5, 1.0, 2.0, 3.0]
    assert frontier[0]["value"] == pytest.approx(base, abs=1e-3)
    values = [p["value"] for p in frontier]
    assert values == sorted(values)
    assert frontier[2]["gain"] == pytest.approx(gains["pl"], abs=1e-3)


def test_marginal_pages(plan, world, pm_client, personas, client_for):
    url = reverse("planning:marginal", args=[plan.pk])
    assert "Berekenen" in pm_client.get(url).content.decode()
    response = pm_client.post(
        reverse("planning:marginal_start", args=[plan.pk]), {"pool": world["pl"].pk}
    )
    assert response.url == url
    page = pm_client.get(url).content.decode()
    assert "Haalbare waarde van het portfolio tegen extra capaciteit Projectleiders" in page
    assert "<svg" in page and "<desc" in page
    analysis = plan.analyses.get()
    progress = pm_client.get(
        reverse("planning:marginal_progress", args=[analysis.pk]), HTTP_HX_REQUEST="true"
    )
    assert progress["HX-Refresh"] == "true"
    reader = client_for(personas[Role.READER])
    assert reader.get(url).status_code == 200
    assert reader.post(reverse("planning:marginal_start", args=[plan.pk])).status_code == 403


def test_marginal_needs_a_finished_run(world, municipality, manager):
    scenario = scenario_create(municipality=municipality, name="Leeg", by=manager)
    with pytest.raises(PlanningError):
        marginal_start(scenario=scenario, by=manager)


def test_frontier_chart_coordinates():
    chart = presenters.frontier_chart(
        [{"fte": 0.0, "value": 100.0}, {"fte": 1.0, "value": 150.0}, {"fte": 3.0, "value": 160.0}]
    )
    first, last = chart["dots"][0], chart["dots"][-1]
    assert first["x"] == chart["left"] and first["y"] == chart["bottom"]
    assert last["x"] == chart["right"] and last["y"] == chart["top"]
    assert presenters.frontier_chart([{"fte": 0.0, "value": 1.0}]) is None


# --- heat map drill-down ------------------------------------------------------------------


def test_heat_map_cells_link_to_their_initiatives(plan, pm_client):
    page = pm_client.get(reverse("planning:capacity_map")).content.decode()
    cell_url = reverse("planning:capacity_cell", args=["pl", 0])
    assert cell_url in page
    detail = pm_client.get(cell_url).content.decode()
    run = plan.runs.get()
    cell = heat_cell(run, "pl", 0)
    assert cell.total == pytest.approx(run.solution["utilisation"]["pl"][0], abs=0.5)
    assert "Charlie" in detail  # running: 50 hours in 2027-Q1
    assert {line.id for line in cell.lines} >= {"C"}
    assert pm_client.get(reverse("planning:capacity_cell", args=["xx", 0])).status_code == 404
    assert pm_client.get(reverse("planning:capacity_cell", args=["pl", 99])).status_code == 404


def test_capacity_pages_without_plan_and_rights(world, pm_client, personas, client_for):
    assert (
        "nog geen doorgerekend" in pm_client.get(reverse("planning:capacity_map")).content.decode()
    )
    assert pm_client.get(reverse("planning:capacity_cell", args=["pl", 0])).status_code == 404
    submitter = client_for(personas[Role.SUBMITTER])
    assert submitter.get(reverse("planning:capacity_map")).status_code == 403
    assert submitter.get(reverse("planning:roadmap")).status_code == 403


# --- roadmap ------------------------------------------------------------------------------


def test_roadmap_groups_by_domain_and_marks_running_quarters(plan):
    result = roadmap(plan.runs.get())
    rows = {row.id: row for _domain, rows in result.domains for row in rows}
    assert rows["C"].running and rows["C"].cells[:3] == [True, True, False]
    assert sum(span for _year, span in result.years) == len(result.periods) == 8


def test_move_preview_shows_overload_without_changing_the_plan(plan, pm_client):
    run = plan.runs.get()
    starts = {e["id"]: e["start"] for e in run.solution["selected"]}
    movable = next(i for i in ("A", "B") if i in starts)
    # Moving it onto C's last quarter and next to the other project-leader work.
    other_start = 1
    response = pm_client.get(
        reverse("planning:roadmap"), {"initiatief": movable, "start": run.problem["periods"][1]}
    )
    page = response.content.decode()
    assert "Gevolg van" in page
    preview = move_preview(run, movable, other_start)
    used = {(o.pool, o.period): o.used for o in preview.overloads}
    for overload in preview.overloads:
        assert overload.used > overload.capacity
    assert all(pool == "Projectleiders" for pool, _period in used)
    run.refresh_from_db()
    assert {e["id"]: e["start"] for e in run.solution["selected"]} == starts  # unchanged
    late = move_preview(run, movable, 7)
    assert "na de planningshorizon" in " ".join(late.notes)
    assert move_preview(run, "nope", 1) is None


def test_move_preview_counts_demand_exactly(plan):
    run = plan.runs.get()
    starts = {e["id"]: e["start"] for e in run.solution["selected"]}
    utilisation = run.solution["utilisation"]["pl"]
    # Moving A to 2027-Q4 (index 3) adds 150 there and in 2028-Q1, and frees its old quarters.
    preview = move_preview(run, "A", 3)
    after = {o.period: o.used for o in preview.overloads}
    expected_q4 = utilisation[3] + (150 if starts["A"] not in (2, 3) else 0)
    assert expected_q4 <= 200 or after["2027-Q4"] == pytest.approx(expected_q4)
    assert preview.old == run.problem["periods"][starts["A"]] and preview.new == "2027-Q4"
    # Moving it onto B's quarters with C running overloads project leaders when B starts in Q1.
    crowded = move_preview(run, "A", starts["B"])
    if starts["A"] != starts["B"]:
        load = utilisation[starts["B"]] + 150
        assert crowded.overloads and crowded.overloads[0].used == pytest.approx(load)


# --- urgency on submission ----------------------------------------------------------------


def test_urgency_button_on_a_submitted_urgent_initiative(
    world, municipality, pm_client, personas, client_for
):
    urgent = InitiativeFactory(
        municipality=municipality, has_political_urgency=True, state="ingediend", title="Opvang"
    )
    quiet = InitiativeFactory(municipality=municipality, state="ingediend", title="Gewoon")
    url = reverse("portfolio:initiative_detail", args=[urgent.pk])
    assert "Drie opties doorrekenen" in pm_client.get(url).content.decode()
    quiet_url = reverse("portfolio:initiative_detail", args=[quiet.pk])
    assert "Drie opties doorrekenen" not in pm_client.get(quiet_url).content.decode()
    reader = client_for(personas[Role.READER])
    assert "Drie opties doorrekenen" not in reader.get(url).content.decode()
    response = pm_client.post(
        reverse("planning:urgency_start"), {"initiative": urgent.pk, "period": ""}
    )
    request = urgent.__class__.objects.get(pk=urgent.pk)
    from koersvast.planning.models import UrgencyRequest

    created = UrgencyRequest.objects.get(initiative=request)
    assert response.url == created.get_absolute_url()
