"""Planning extras in the browser: the efficient frontier and the heat-map drill-down, with axe."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from koersvast.demo import content
from koersvast.demo.planning_demo import load_planning
from koersvast.planning.models import Scenario
from tests.demo_snapshot import load_demo

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_frontier_and_heat_map_drill_down(live_server, page):
    municipality, _logins = load_demo()
    users = {u.username: u for u in get_user_model().objects.all()}
    load_planning(municipality, users=users)
    plan = Scenario.objects.get(municipality=municipality, is_plan_of_record=True)

    login(page, live_server, "portfoliomanager", content.DEMO_PASSWORD)
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.get_by_role("link", name="Marginale waarde en efficiënte grens").click()
    page.get_by_label("Pool voor de efficiënte grens").select_option(label="Projectleiders")
    # The test server computes the frontier (a dozen optimiser runs of a second each, about
    # 12 s on the demo; docs/performance.md) within the request; the click waits for it, with
    # room for a loaded machine.
    page.get_by_role("button", name="Berekenen").click(timeout=60_000)
    frontier = page.get_by_role("table", name="Haalbare waarde van het portfolio tegen extra")
    expect(frontier).to_be_visible(timeout=30_000)
    expect(frontier.get_by_role("row")).to_have_count(6)
    expect(page.get_by_role("img", name="Efficiënte grens Projectleiders")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Planning").get_by_role(
        "link", name="Capaciteitskaart"
    ).click()
    heat = page.get_by_role("table", name="Vraag en capaciteit per pool per kwartaal")
    expect(heat).to_be_visible()
    assert_accessible(page)
    heat.get_by_role("link", name="Projectleiders 2027-Q1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Projectleiders in 2027-Q1")
    expect(
        page.get_by_role("table", name="Initiatieven met vraag aan Projectleiders")
    ).to_be_visible()
    assert_accessible(page)


def test_roadmap_zooms_and_a_dragged_bar_previews_the_move(live_server, page):
    municipality, _logins = load_demo()
    users = {u.username: u for u in get_user_model().objects.all()}
    load_planning(municipality, users=users)

    login(page, live_server, "portfoliomanager", content.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/planning/scenarios/roadmap/")
    table = page.locator("table.roadmap")
    expect(table).to_be_visible()
    assert_accessible(page)

    # Zoom: the quarter columns grow and shrink; the level is announced.
    cell = table.locator(".roadmap__q").first
    before = cell.bounding_box()["width"]
    page.get_by_role("button", name="Inzoomen").click()
    expect(page.locator("#roadmap-zoom-level")).to_have_text("3/4")
    assert cell.bounding_box()["width"] > before
    page.get_by_role("button", name="Uitzoomen").click()
    page.get_by_role("button", name="Uitzoomen").click()
    assert cell.bounding_box()["width"] < before

    # Drag the first movable bar two quarters to the right: the preview shows that move.
    row = table.locator("tr[data-start]").first
    start = int(row.get_attribute("data-start"))
    name = row.locator("th[scope=row] a").inner_text().split(" ", 1)[1]
    bar = row.locator(".roadmap__cell--on").first
    box = bar.bounding_box()
    width = cell.bounding_box()["width"]
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + width, y, steps=4)
    page.mouse.move(x + 2 * width, y, steps=4)
    page.mouse.up()
    periods = table.locator("select[name=start]").first.locator("option").all_inner_texts()
    heading = page.get_by_role("heading", name=f"Gevolg van {name} verschuiven")
    expect(heading).to_contain_text(f"naar {periods[start + 2]}")
    assert f"start={periods[start + 2]}" in page.url  # the move is in the URL, shareable
    assert_accessible(page)
