"""A portfolio manager allocates a person beyond their availability and sees the warning, on the
person's workload page and in the pool's team view (issue 17, decision 0406)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from koersvast.capacity.models import Allocation
from koersvast.capacity.selectors import next_quarters
from koersvast.tenancy.choices import Role
from tests.conftest import PASSWORD
from tests.factories import CapacityPoolFactory, InitiativeFactory, PersonFactory

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_allocating_a_person_beyond_availability_shows_a_warning(
    live_server, page, personas, municipality
):
    pool = CapacityPoolFactory(
        municipality=municipality,
        name="Juristen",
        hours_per_fte=Decimal(330),
        going_concern_pct=0,
    )
    # Half a week of 40 hours less: 0.8 fte is 264 hours a quarter for the portfolio.
    person = PersonFactory(pool=pool, name="Eva Dijkstra", function="Jurist", fte=Decimal("0.80"))
    InitiativeFactory(
        municipality=municipality, state="opgenomen", reference="KV-007", title="Zaaksysteem"
    )
    year, quarter = next_quarters(1)[0]
    period = f"{year}-Q{quarter}"

    login(page, live_server, personas[Role.PORTFOLIO_MANAGER].username, PASSWORD)
    page.goto(f"{live_server.url}/planning/")
    page.get_by_role("link", name="Medewerkers en inzet").click()
    assert_accessible(page)
    page.get_by_role("link", name="Eva Dijkstra").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Eva Dijkstra")
    assert_accessible(page)

    page.get_by_label("Initiatief:", exact=True).select_option(label="KV-007 Zaaksysteem")
    page.get_by_label("Kwartaal:", exact=True).select_option(label=period)
    page.get_by_label("Inzet:", exact=True).fill("300")
    page.get_by_label("Eenheid:", exact=True).select_option(label="uren")
    page.get_by_role("button", name="Inzet opslaan").click()

    messages = page.locator(".messages")
    expect(messages).to_contain_text(f"Eva Dijkstra is in {period} overbelast")
    expect(messages).to_contain_text("36,0 uur meer ingezet dan beschikbaar")
    workload = page.get_by_role("region", name="Werklast per kwartaal")
    expect(workload).to_contain_text("KV-007 Zaaksysteem")
    expect(workload).to_contain_text("Overbelast: 36,0 uur te veel")
    assert_accessible(page)
    assert Allocation.objects.get(person=person).hours == 300

    # The pool's team view says it too, in words.
    page.get_by_role("link", name="Juristen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team Juristen")
    team = page.get_by_role("region", name="Team per kwartaal")
    expect(team).to_contain_text("Eva Dijkstra")
    expect(team).to_contain_text("Overbelast: 36,0 uur te veel")
    assert_accessible(page)
