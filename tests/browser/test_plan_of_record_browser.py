"""Adopting a scenario with +1 fte: the planned starts, the roadmap, the capacity page and the
raad report all show the adopted plan (issue 15, the plan of record)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from koersvast.capacity.models import CapacityPool, PoolCapacity
from koersvast.demo import content
from koersvast.demo.planning_demo import EXTRA_FTE, load_planning
from koersvast.planning.models import PlanItem
from koersvast.planning.selectors.plan import current_version
from tests.demo_snapshot import load_demo

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _juristen_2027_q3(page) -> str:
    table = page.get_by_role("table", name="Capaciteit per pool per kwartaal (uren)")
    headers = table.locator("thead th").all_inner_texts()
    row = table.locator("tbody tr").filter(has=page.get_by_role("link", name="Juristen"))
    # The first header is the pool column; cells are the periods in the same order.
    return row.locator("td").nth(headers.index("2027-Q3") - 1).inner_text()


def test_adopting_plus_one_fte_reaches_plan_roadmap_and_capacity(live_server, page):
    municipality, _logins = load_demo()
    users = {u.username: u for u in get_user_model().objects.all()}
    load_planning(municipality, users=users)
    first = current_version(municipality.pk)
    assert first is not None and first.label == "Plan 2027-1"

    login(page, live_server, "portfoliomanager", content.DEMO_PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Planning").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("capaciteit per pool")
    before = _juristen_2027_q3(page)
    expect(page.get_by_role("heading", name="Besloten wijzigingen")).to_be_visible()

    # Adopt the demo's scenario with one extra jurist from 2027-Q3.
    page.get_by_role("navigation", name="Planning").get_by_role("link", name="Scenario's").click()
    page.get_by_role("link", name=EXTRA_FTE).first.click()
    page.get_by_role("link", name="Vaststellen als plan").click()
    page.get_by_label("Gremium").select_option(index=0)
    page.get_by_label("Motivering").fill("Extra jurist vanaf het derde kwartaal, begroot.")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_role("status").first).to_contain_text("vastgesteld als het nieuwe plan")

    version = current_version(municipality.pk)
    assert version.label == "Plan 2027-2" and version.scenario.name == EXTRA_FTE

    # The capacity page: the decided change with its decision, and the extra fte from 2027-Q3.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Planning").click()
    changes = page.get_by_role("table", name="Besloten wijzigingen van capaciteit en budget")
    expect(changes).to_contain_text(f"+1 fte Juristen vanaf 2027-Q3 (besluit {version.label})")
    expect(changes).to_contain_text(version.label)
    juristen = CapacityPool.objects.get(municipality=municipality, code="jur")
    fte = PoolCapacity.objects.get(pool=juristen, year=2027, quarter=3).fte
    after = _juristen_2027_q3(page)
    assert after != before
    assert after.replace(".", "") == str(juristen.portfolio_hours(fte))
    assert_accessible(page)

    # The roadmap reads the adopted version and its decision.
    page.get_by_role("navigation", name="Planning").get_by_role("link", name="Roadmap").click()
    expect(page.locator(".plan-version")).to_contain_text(f"{version.label}, vastgesteld door")
    item = (
        PlanItem.objects.filter(version=version, running=False)
        .exclude(start_period="")
        .select_related("initiative")
        .order_by("start_year", "start_quarter", "initiative__reference")
        .first()
    )
    row = page.get_by_role("row").filter(
        has=page.get_by_role("link", name=f"{item.initiative.reference} {item.initiative.title}")
    )
    expect(row).to_contain_text(f"{item.start_period}–{item.end_period}")
    assert_accessible(page)

    # The initiative's page: its planned start and end in the adopted version, and its state.
    row.get_by_role("link", name=f"{item.initiative.reference} {item.initiative.title}").click()
    expect(page.locator(".initiative-plan")).to_contain_text(
        f"gepland {item.start_period} – {item.end_period}"
    )
    expect(page.locator(".initiative-plan")).to_contain_text(version.label)
    item.initiative.refresh_from_db()
    assert item.initiative.state in ("gepland", "in_uitvoering")
    assert_accessible(page)

    # The raad report names the plan version and its decision, and each large project's start
    # and end are the adopted plan's, not the submitter's start window.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Rapportages").click()
    page.get_by_label("Soort rapportage").select_option(label="Raadsrapportage grote projecten")
    page.get_by_label("P&C-moment").select_option(label="Voorjaarsnota")
    page.get_by_label("Jaar").fill(str(version.year))
    page.get_by_role("button", name="Rapportage tonen").click()
    expect(page.locator(".pc-report__plan")).to_contain_text(f"{version.label}, vastgesteld door")
    rows = page.get_by_role(
        "table", name="Fase, planning, budget, risico's en kleur per groot project"
    )
    first = rows.locator("tbody tr").first
    reference = first.locator("td, th").first.inner_text().strip()
    planned = PlanItem.objects.get(version=version, initiative__reference=reference)
    expect(first).to_contain_text(f"{planned.start_period}")
    expect(first).to_contain_text(f"{planned.end_period}")
    assert_accessible(page)
