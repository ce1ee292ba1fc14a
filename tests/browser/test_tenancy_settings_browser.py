"""The beheerder sets the reference prefix in Beheer › Instellingen gemeente (accessible)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from koersvast.demo import content
from koersvast.portfolio.references import next_reference
from koersvast.tenancy.models import Municipality
from tests.demo_snapshot import load_demo

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_beheerder_changes_the_reference_prefix(live_server, page):
    municipality, _logins = load_demo()
    login(page, live_server, "beheerder", content.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/beheer/")
    page.get_by_role("link", name="Instellingen gemeente").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Instellingen Gemeente Voorbeeld")
    expect(page.get_by_role("main")).to_contain_text("KV-001")
    assert_accessible(page)
    field = page.get_by_label("Voorvoegsel kenmerken")
    expect(field).to_have_value("KV")
    field.fill("K V")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("main")).to_contain_text("hoofdletters of cijfers")
    assert_accessible(page)
    page.get_by_label("Voorvoegsel kenmerken").fill("vb")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".messages")).to_contain_text("Instellingen opgeslagen.")
    municipality = Municipality.objects.get(pk=municipality.pk)
    assert municipality.reference_prefix == "VB"
    assert next_reference(municipality) == "VB-001"
