"""Urgency decisions take effect (issue 15): deciding *faseren* on the demo's urgency request
moves the displaced initiatives by the computed periods and plans the urgent one; deciding
*extra middelen* raises pool capacity and budget room by the computed amounts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from koersvast.capacity.models import BudgetCapacity, CapacityPool, PoolCapacity
from koersvast.core.templatetags.koersvast import euro
from koersvast.demo import content
from koersvast.demo.planning_demo import URGENT_TITLE, load_planning
from koersvast.planning.choices import UrgencyOption
from koersvast.planning.models import UrgencyRequest
from koersvast.planning.selectors.plan import current_version
from koersvast.portfolio.models import Initiative
from tests.demo_snapshot import load_demo

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _demo():
    municipality, _logins = load_demo()
    users = {u.username: u for u in get_user_model().objects.all()}
    load_planning(municipality, users=users)
    return municipality, UrgencyRequest.objects.get(municipality=municipality)


def _open_request(page):
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Planning").click()
    page.get_by_role("navigation", name="Planning").get_by_role("link", name="Scenario's").click()
    page.get_by_role("table", name="Urgente verzoeken").get_by_role(
        "link", name=URGENT_TITLE
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(URGENT_TITLE)


def _decide(page, option: str, rationale: str):
    page.get_by_role("radio", name=option, exact=True).check()
    page.get_by_label("Gremium").select_option(label="College van B&W")
    page.get_by_label("Motivering").fill(rationale)
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_role("status").first).to_contain_text("Besluit vastgelegd")
    expect(page.get_by_role("heading", name="Besluit", exact=True)).to_be_visible()


def _quarters(period: str) -> int:
    return int(period[:4]) * 4 + int(period[-1]) - 1


def test_faseren_moves_the_displaced_and_plans_the_urgent(live_server, page):
    municipality, request = _demo()
    moved = request.options[UrgencyOption.PHASE]["moved"]
    assert moved, "the demo's urgency request displaces nothing"
    first = moved[0]
    displaced = Initiative.objects.get(municipality=municipality, reference=first["id"])

    login(page, live_server, "portfoliomanager", content.DEMO_PASSWORD)
    page.goto(live_server.url + displaced.get_absolute_url())
    expect(page.locator(".initiative-plan")).to_contain_text(f"gepland {first['from']} –")

    _open_request(page)
    for option in ("1. Niet doen", "2. Faseren", "3. Extra middelen", "4. Faseren van het verzoek"):
        expect(page.get_by_role("heading", name=option)).to_be_visible()
    assert_accessible(page)
    _decide(page, "Faseren", "Opvang gaat voor; de woonzorgvisie en het Stationskwartier schuiven.")
    outcome = page.locator(".urgency-outcome")
    expect(outcome).to_contain_text("Nieuwe planversie: Plan 2027-2.")
    expect(outcome).to_contain_text(
        f"{first['name']} schuift van {first['from']} naar {first['to']}."
    )
    assert_accessible(page)

    # The displaced initiative's planned start moved by the computed periods.
    page.goto(live_server.url + displaced.get_absolute_url())
    expect(page.locator(".initiative-plan")).to_contain_text(f"gepland {first['to']} –")
    expect(page.locator(".initiative-plan")).to_contain_text("Plan 2027-2")
    assert _quarters(first["to"]) - _quarters(first["from"]) == first["by"]
    expect(page.locator(".initiative-urgency")).to_contain_text(
        f"schuift van {first['from']} naar {first['to']}"
    )
    assert_accessible(page)

    # The urgent initiative is admitted and planned at its requested start.
    urgent = Initiative.objects.get(pk=request.initiative_id)
    assert urgent.state == "gepland"
    page.goto(live_server.url + urgent.get_absolute_url())
    start = request.options["request"]["start"]
    expect(page.locator(".initiative-plan")).to_contain_text(f"gepland {start} –")
    expect(page.locator(".initiative-urgency")).to_contain_text(
        f"opgenomen in Plan 2027-2, start {start}"
    )
    assert current_version(municipality.pk).label == "Plan 2027-2"


def _cell(page, table_name: str, row_name: str, column: str) -> str:
    table = page.get_by_role("table", name=table_name)
    headers = table.locator("thead th").all_inner_texts()
    row = table.locator("tbody tr").filter(has_text=row_name)
    return row.locator("td").nth(headers.index(column) - 1).inner_text()


def test_extra_middelen_raise_capacity_and_budget_room(live_server, page):
    municipality, request = _demo()
    extra = request.options[UrgencyOption.EXTRA]
    assert extra["possible"] and extra["pools"] and extra["budget"], extra
    pool_row, budget_row = extra["pools"][0], extra["budget"][0]
    pool = CapacityPool.objects.get(pk=pool_row["pool_pk"])
    quarter = pool_row["quarters"][0]
    year, q = int(quarter["period"][:4]), int(quarter["period"][-1])
    fte_before = PoolCapacity.objects.get(pool=pool, year=year, quarter=q).fte
    cell = budget_row["cells"][0]
    room_before = BudgetCapacity.objects.get(
        municipality=municipality, kind=budget_row["kind"], year=int(cell["year"])
    ).amount

    login(page, live_server, "portfoliomanager", content.DEMO_PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Planning").click()
    hours_table = "Capaciteit per pool per kwartaal (uren)"
    budget_table = "Budgetruimte per jaar (€)"
    assert _cell(page, hours_table, pool.name, quarter["period"]).replace(".", "") == str(
        pool.portfolio_hours(fte_before)
    )
    assert _cell(page, budget_table, budget_row["pool"], cell["year"]) == euro(room_before)

    _open_request(page)
    expect(page.get_by_role("heading", name="3. Extra middelen")).to_be_visible()
    # Its cost per year on the exploitatie, incidental and structural, and what stays uncovered.
    cost = page.get_by_role("table", name="Effect op de exploitatie per jaar en dekking")
    expect(cost.get_by_role("rowheader", name="Structureel")).to_be_visible()
    expect(cost.get_by_role("rowheader", name="Ongedekt")).to_be_visible()
    assert_accessible(page)
    _decide(page, "Extra middelen", "Rijksbijdrage voor de opvang dekt de extra inzet.")
    expect(page.locator(".urgency-outcome")).to_contain_text(pool.name)
    assert_accessible(page)

    # Pool capacity and budget room rose by exactly the computed amounts, from the decision.
    fte_after = PoolCapacity.objects.get(pool=pool, year=year, quarter=q).fte
    assert fte_after == fte_before + Decimal(str(quarter["fte"]))
    room_after = BudgetCapacity.objects.get(
        municipality=municipality, kind=budget_row["kind"], year=int(cell["year"])
    ).amount
    assert room_after == room_before + cell["euro"]
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Planning").click()
    assert _cell(page, hours_table, pool.name, quarter["period"]).replace(".", "") == str(
        pool.portfolio_hours(fte_after)
    )
    assert _cell(page, budget_table, budget_row["pool"], cell["year"]) == euro(room_after)
    changes = page.get_by_role("table", name="Besloten wijzigingen van capaciteit en budget")
    expect(changes).to_contain_text(f"Urgent verzoek {request.initiative.reference}, Plan 2027-2")
    assert_accessible(page)

    # The decision document shows the chosen option, ready for the college voorstel.
    _open_request(page)
    page.get_by_role("link", name="Besluitdocument (afdrukken of PDF)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Besluitdocument")
    expect(page.get_by_role("table", name="De opties naast elkaar")).to_contain_text(
        "Extra middelen (gekozen)"
    )
    assert_accessible(page)
