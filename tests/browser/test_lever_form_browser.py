"""The lever form shows only the fields of the chosen kind (issue 19 item 21), with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from koersvast.demo import content
from koersvast.planning.models import Scenario
from tests.demo_snapshot import load_demo

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choosing_a_kind_shows_its_fields(live_server, page):
    municipality, _logins = load_demo()
    scenario = Scenario.objects.filter(municipality=municipality).order_by("pk").first()
    login(page, live_server, "portfoliomanager", content.DEMO_PASSWORD)
    page.goto(f"{live_server.url}{scenario.get_absolute_url()}?hefboom=force_in")
    form = page.locator(".lever-form")
    expect(form.get_by_label("Initiatief")).to_be_visible()
    expect(form.get_by_label("Pool")).to_be_hidden()
    # With JavaScript the reload button is not needed.
    expect(form.get_by_role("button", name="Velden voor deze soort tonen")).to_be_hidden()
    assert_accessible(page)

    form.get_by_label("Soort hefboom").select_option(label="Capaciteit wijzigen (fte)")
    expect(form.get_by_label("Pool")).to_be_visible()
    expect(form.get_by_label("Fte erbij (negatief: eraf)")).to_be_visible()
    expect(form.get_by_label("Initiatief")).to_be_hidden()
    expect(form.get_by_label("Planningsruimte (%)")).to_be_hidden()
    form.get_by_label("Pool").select_option(label="Juristen")
    form.get_by_label("Fte erbij (negatief: eraf)").fill("1")
    form.get_by_label("Vanaf / start (kwartaal)").select_option("2027-Q3")
    form.get_by_role("button", name="Hefboom toevoegen").click()
    expect(page.get_by_role("status").first).to_contain_text("Hefboom toegevoegd")
    assert_accessible(page)
