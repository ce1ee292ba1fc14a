"""The dashboard page: its figures match the data, and every figure opens the list behind it."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import resolve, reverse

from koersvast.tenancy.choices import Role
from tests.factories import InitiativeFactory, ScenarioFactory, ScenarioRunFactory

from .conftest import build_portfolio

URL = reverse("dashboards:index")


def _page(client: Client, **params: str) -> Any:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.context["page"]


def _listed(client: Client, url: str) -> int:
    """How many items the list page at `url` shows (its paginator's count)."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


def _query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_figures_match_the_data(portfolio, pm_client: Client) -> None:
    page = _page(pm_client)
    data = page.data
    assert data.composition.total == 12
    assert {row.key: row.count for row in data.composition.by_state if row.count} == {
        "in_uitvoering": 4,
        "gepland": 4,
        "ingediend": 4,
    }
    # 1000 × (1 + … + 12) krediet plus 12 × 100 exploitatie
    assert data.composition.budget == 79_200
    assert [(row.label, row.count) for row in data.domains] == [("Ruimte", 6), ("Sociaal", 6)]
    assert {row.key: row.count for row in data.composition.by_work_form} == {
        "project": 3,
        "programma": 3,
        "proces": 3,
        "lijn": 3,
    }
    assert [(row.label, row.count) for row in data.programmes] == [("D Programma", 6), ("", 6)]
    assert {row.key: row.count for row in data.rag} == {"groen": 2, "oranje": 1, "rood": 1, "": 0}
    assert data.risks.active == 12
    assert [(row.code, row.benefits, row.due) for row in data.benefits] == [("D1", 12, 12)]
    assert len(data.decisions) == 6
    body = page_html(pm_client)
    assert "€ 79.200" in body
    assert "D-0000" in body  # a recent decision or an overdue report names its initiative


def page_html(client: Client, **params: str) -> str:
    return client.get(URL, params).content.decode()


def test_uniform_rollup_sums_every_work_form(portfolio, pm_client: Client) -> None:
    rollup = _page(pm_client).data.rollup
    rows = {row.key: row for row in rollup}
    assert [row.key for row in rollup] == ["project", "programma", "proces", "lijn", ""]
    # Project = n 0, 4, 8: states running, submitted, planned; n 0 is running and green.
    project = rows["project"]
    assert (project.count, project.running, project.colours) == (3, 1, {"groen": 1})
    assert project.budget == 1100 + 5100 + 9100
    assert project.demand_hours == 30
    assert (project.milestones, project.milestones_done, project.progress_pct) == (3, 0, 0)
    assert rows["programma"].progress_pct == 100  # n 1, 5, 9: odd, milestones achieved
    total = rows[""]
    assert (total.count, total.running, total.budget, total.demand_hours) == (12, 4, 79_200, 120)
    assert total.colours == {"groen": 2, "oranje": 1, "rood": 1}


SCOPES = [
    {},
    {"domain": "d-sociaal"},
    {"period": "2026-Q2"},
    {"period": "2026"},
    {"domain": "d-ruimte", "period": "2026-Q1"},
]


@pytest.mark.parametrize("scope", SCOPES)
def test_every_tile_drills_down_to_exactly_its_items(portfolio, pm_client, scope) -> None:
    page = _page(pm_client, **scope)
    for tile in page.tiles:
        if tile.key == "budget":
            continue
        assert scope.items() <= _query(tile.url).items(), tile.url
        assert _listed(pm_client, tile.url) == tile.value, (tile.key, tile.url)
    for rows in (page.states, page.work_forms, page.domains, page.rag, page.rollup):
        for row, url in rows:
            assert _listed(pm_client, url) == row.count, url
    for row, url in page.programmes:
        if url:
            assert _listed(pm_client, url) == row.count, url
    for row, url in page.benefits:
        assert _listed(pm_client, url) == row.benefits, url


def test_owner_and_programme_filters(portfolio, pm_client: Client) -> None:
    owner = str(portfolio.owner.pk)
    page = _page(pm_client, owner=owner)
    assert page.data.composition.total == 4  # n 0, 3, 6, 9
    assert _listed(pm_client, page.tiles[0].url) == 4
    programme = str(portfolio.programme.pk)
    page = _page(pm_client, programme=programme, owner=owner)
    assert page.data.composition.total == 2  # n 0 and 6
    for row, url in page.states:
        assert _listed(pm_client, url) == row.count
    assert _listed(pm_client, page.risks_url) == page.data.risks.active == 2


def test_drill_down_links_name_the_target_list_and_filter(portfolio, pm_client) -> None:
    page = _page(pm_client, domain="d-sociaal")
    state_url = {row.key: url for row, url in page.states}["gepland"]
    assert resolve(urlsplit(state_url).path).view_name == "portfolio:list"
    assert _query(state_url) == {"domain": "d-sociaal", "state": "gepland"}
    rag_url = {row.key: url for row, url in page.rag}["rood"]
    assert resolve(urlsplit(rag_url).path).view_name == "monitoring:index"
    assert _query(rag_url) == {"domain": "d-sociaal", "rag": "rood"}
    assert _query(page.risks_url) == {"domain": "d-sociaal", "status": "active"}
    assert resolve(urlsplit(page.risks_url).path).view_name == "monitoring:risks"
    benefit_url = page.benefits[0][1]
    assert resolve(urlsplit(benefit_url).path).view_name == "monitoring:benefits"
    assert _query(benefit_url) == {"domain": "d-sociaal", "objective": "D1"}


def test_filters_stay_in_the_url_and_the_form(portfolio, pm_client: Client) -> None:
    body = page_html(pm_client, domain="d-ruimte", period="2026-Q3")
    assert '<option value="d-ruimte" selected>' in body
    assert '<option value="2026-Q3" selected>' in body
    assert 'method="get"' in body
    assert "Filters wissen" in body


def test_malformed_filters_are_ignored(portfolio, pm_client: Client) -> None:
    page = _page(pm_client, period="later", owner="iemand", programme="x")
    assert not page.data.scope.is_filtered
    assert page.data.composition.total == 12


def test_charts_have_data_and_table_alternatives(portfolio, pm_client: Client) -> None:
    response = pm_client.get(URL)
    charts = json.loads(
        response.content.decode()
        .split('id="dashboard-charts" type="application/json">')[1]
        .split("</script>")[0]
    )
    assert set(charts) >= {"states", "domains", "work_forms", "rag", "benefits"}
    assert charts["domains"]["series"][0]["data"] == [6, 6]
    body = response.content.decode()
    # Each chart is hidden from assistive technology; the table next to it has a caption.
    assert body.count('aria-hidden="true" hidden') == body.count("data-chart=")
    assert body.count("<caption") >= body.count("data-chart=")
    assert "vendor/echarts.min.js" in body
    assert "koersvast/js/dashboard.js" in body


def test_capacity_per_pool_from_the_plan_of_record(portfolio, pm_client: Client) -> None:
    scenario = ScenarioFactory(
        municipality=portfolio.municipality, name="Plan 2026", is_plan_of_record=True
    )
    ScenarioRunFactory(
        scenario=scenario,
        status="done",
        problem={
            "periods": ["2026-Q1", "2026-Q2"],
            "pools": [{"id": "pl", "name": "Projectleiders", "capacity": [100, 100]}],
            "initiatives": [],
        },
        solution={"utilisation": {"pl": [50, 120]}, "selected": []},
    )
    data = _page(pm_client).data
    assert data.capacity is not None
    [pool] = data.capacity.pools
    assert (pool.name, pool.used, pool.capacity, pool.pct) == ("Projectleiders", 170, 200, 85)
    assert (pool.peak_pct, pool.peak_period, pool.over_periods) == (120, "2026-Q2", 1)
    body = page_html(pm_client)
    assert "Projectleiders" in body
    assert reverse("planning:capacity_map") in body


def test_without_a_plan_the_capacity_panel_says_so(portfolio, pm_client: Client) -> None:
    assert "Er is nog geen doorgerekend vastgesteld plan." in page_html(pm_client)


def test_empty_municipality_shows_an_empty_state(municipality, pm_client: Client) -> None:
    response = pm_client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Er zijn nog geen initiatieven in het portfolio." in body
    assert "data-chart=" not in body


def test_filter_without_results_shows_its_own_empty_state(portfolio, pm_client) -> None:
    body = page_html(pm_client, period="2030")
    assert "Geen initiatieven binnen deze filters." in body


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.READER, 200), (Role.POLITICAL_SPONSOR, 200), (Role.SUBMITTER, 403)],
)
def test_rights(portfolio, personas, client_for, role, status) -> None:
    assert client_for(personas[role]).get(URL).status_code == status


def test_anonymous_goes_to_login(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_administrator_without_portfolio_right_gets_403(personas, client_for) -> None:
    assert client_for(personas[Role.ADMINISTRATOR]).get(URL).status_code == 403


def test_outsider_sees_nothing_of_another_municipality(
    portfolio, outsider, other_municipality, client_for
) -> None:
    build_portfolio(other_municipality, 2, prefix="A")
    client = client_for(outsider)
    page = _page(client)
    assert page.data.composition.total == 2
    body = client.get(URL).content.decode()
    assert "D-0000" not in body and "D Programma" not in body and "Sociaal" in body
    # Filtering on the other municipality's programme or owner yields nothing of theirs.
    page = _page(client, programme=str(portfolio.programme.pk))
    assert page.data.composition.total == 0
    page = _page(client, owner=str(portfolio.owner.pk))
    assert page.data.composition.total == 0
    assert str(portfolio.owner.get_full_name()) not in client.get(URL).content.decode()


def test_menu_and_home_link_to_the_dashboard(portfolio, pm_client: Client) -> None:
    body = pm_client.get(reverse("home")).content.decode()
    assert f'href="{URL}"' in body
    labels = [entry["item"].key for entry in pm_client.get(URL).context["menu"]]
    assert labels[labels.index("portfolio") + 1] == "dashboard"


def test_running_work_without_a_report_drills_down_too(portfolio, pm_client: Client) -> None:
    InitiativeFactory(
        municipality=portfolio.municipality,
        reference="D-9999",
        domain=portfolio.domains[0],
        state="in_uitvoering",
    )
    page = _page(pm_client)
    row, url = next((row, url) for row, url in page.rag if row.key == "")
    assert row.count == 1
    assert _query(url) == {"rag": "geen"}
    response = pm_client.get(url)
    assert [i.reference for i in response.context["page"].object_list] == ["D-9999"]


def test_list_pages_accept_the_shared_filters(portfolio, pm_client: Client) -> None:
    """The filters the dashboard passes on, applied by the lists themselves."""
    owner = str(portfolio.owner.pk)
    response = pm_client.get(reverse("portfolio:list"), {"owner": owner, "period": "2026-Q1"})
    # Owner on n 0, 3, 6, 9; of those, start in Q1 (n % 4 == 0): n 0.
    assert [i.reference for i in response.context["page"].object_list] == ["D-0000"]
    response = pm_client.get(reverse("monitoring:risks"), {"domain": "d-ruimte"})
    assert response.context["page"].paginator.count == 6
    response = pm_client.get(reverse("monitoring:benefits"), {"objective": "geen"})
    assert response.context["page"].paginator.count == 0


def test_lists_keep_the_dashboard_filters_their_forms_do_not_show(pm_client):
    page = pm_client.get(reverse("portfolio:list") + "?programme=7&period=2027&q=x").text
    assert '<input type="hidden" name="programme" value="7">' in page
    assert '<input type="hidden" name="period" value="2027">' in page
    assert 'type="hidden" name="owner"' not in page  # only filters that are set
    risks = pm_client.get(reverse("monitoring:risks") + "?domain=sociaal&owner=3").text
    assert '<input type="hidden" name="domain" value="sociaal">' in risks
    assert '<input type="hidden" name="owner" value="3">' in risks
