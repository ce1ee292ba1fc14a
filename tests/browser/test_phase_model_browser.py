"""The portfolio manager sets the municipality's own phases; the sponsor passes a gate with them."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from koersvast.monitoring.selectors.phases import phase_model
from koersvast.tenancy.choices import Role
from tests.conftest import PASSWORD
from tests.factories import InitiativeFactory

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_own_phase_model_drives_the_phase_gate(live_server, page: Page, personas, browser):
    manager = personas[Role.PORTFOLIO_MANAGER]
    sponsor = personas[Role.OFFICIAL_SPONSOR]
    municipality = manager.memberships.get().municipality
    initiative = InitiativeFactory(
        municipality=municipality, state="in_uitvoering", official_sponsor=sponsor
    )

    # 1. The portfolio manager opens the phase model: the standard one, ready to adapt.
    login(page, live_server, manager.username, PASSWORD)
    page.goto(f"{live_server.url}/monitoring/")
    page.get_by_role("link", name="Fasemodel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fasemodel")
    expect(page.get_by_text("standaard fasemodel")).to_be_visible()
    assert_accessible(page)

    # Rename the first phase, give its gate its own document, drop "Ontwerp", add "Haalbaarheid".
    first = page.get_by_role("group", name="Fase 1: Initiatie")
    first.get_by_label("Naam van de fase").fill("Verkenning")
    first.get_by_label("Vereiste documenten").fill("Startnotitie\nStakeholderanalyse")
    page.get_by_role("group", name="Fase 3: Ontwerp").get_by_label("Verwijderen").check()
    new = page.get_by_role("group", name="Nieuwe fase").first
    new.get_by_label("Naam van de fase").fill("Haalbaarheid")
    new.get_by_label("Vereiste documenten").fill("Business case")
    new.get_by_label("Volgorde").fill("2")
    page.get_by_role("button", name="Fasemodel opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Fasemodel opgeslagen")
    expect(page.get_by_role("group", name="Fase 2: Haalbaarheid")).to_be_visible()
    assert_accessible(page)
    assert [s.name for s in phase_model(municipality.pk)][:3] == [
        "Verkenning",
        "Haalbaarheid",
        "Definitie",
    ]

    # 2. The sponsor sees the new phase's checklist and passes the gate with it.
    context = browser.new_context(locale="nl-NL")
    other = context.new_page()
    login(other, live_server, sponsor.username, PASSWORD)
    other.goto(f"{live_server.url}/monitoring/initiatieven/{initiative.pk}/")
    expect(other.get_by_text("Huidige fase: Verkenning")).to_be_visible()
    other.get_by_label("Startnotitie").check()
    other.get_by_role("button", name="Naar de volgende fase").click()
    expect(other.get_by_role("status")).to_contain_text("ontbreken nog: Stakeholderanalyse")
    other.get_by_label("Startnotitie").check()
    other.get_by_label("Stakeholderanalyse").check()
    other.get_by_role("button", name="Naar de volgende fase").click()
    expect(other.get_by_role("status")).to_contain_text("Door naar de fase Haalbaarheid")
    expect(other.get_by_text("Verkenning → Haalbaarheid")).to_be_visible()
    expect(other.get_by_label("Business case")).to_be_visible()
    assert_accessible(other)
    context.close()

    # 3. A phase in a recorded gate can no longer be removed: the editor says why.
    page.reload()
    first = page.get_by_role("group", name="Fase 1: Verkenning")
    expect(first.get_by_text("kan niet weg")).to_be_visible()
    expect(first.get_by_label("Verwijderen")).to_have_count(0)
