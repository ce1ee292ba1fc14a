"""Two colleagues edit the same initiative at once: the second save shows both versions."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from koersvast.portfolio.models import Initiative
from koersvast.tenancy.choices import Role
from tests.conftest import PASSWORD
from tests.factories import DomainFactory, InitiativeFactory

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_lost_update_between_two_browser_sessions(live_server, browser: Browser, personas):
    manager = personas[Role.PORTFOLIO_MANAGER]
    domain = DomainFactory(municipality=manager.memberships.first().municipality)
    initiative = InitiativeFactory(
        municipality=domain.municipality, domain=domain, title="Wijkaanpak Noord"
    )
    edit_url = f"{live_server.url}{reverse('intake:edit', args=[initiative.pk])}"
    anna, bram = (browser.new_context(locale="nl-NL").new_page() for _ in range(2))
    for page in (anna, bram):
        login(page, live_server, manager.username, PASSWORD)
        page.goto(edit_url)  # both open the form before either saves

    anna.get_by_label("Titel").fill("Wijkaanpak Noord en Oost")
    anna.get_by_role("button", name="Opslaan als concept").click()
    expect(anna.get_by_role("heading", level=1)).to_have_text("Wijkaanpak Noord en Oost")

    bram.get_by_label("Titel").fill("Wijkaanpak Noord 2028")
    bram.get_by_role("button", name="Opslaan als concept").click()
    alert = bram.get_by_role("alert").filter(has_text="Iemand anders heeft dit intussen gewijzigd")
    expect(alert).to_be_visible()
    expect(alert.get_by_role("cell", name="Wijkaanpak Noord 2028")).to_be_visible()
    expect(alert.get_by_role("cell", name="Wijkaanpak Noord en Oost")).to_be_visible()
    assert_accessible(bram)
    initiative.refresh_from_db()
    assert initiative.title == "Wijkaanpak Noord en Oost"  # Anna's save survived

    # Bram has seen both versions and saves again on purpose: now his version is kept.
    bram.get_by_role("button", name="Opslaan als concept").click()
    expect(bram.get_by_role("heading", level=1)).to_have_text("Wijkaanpak Noord 2028")
    assert Initiative.objects.get(pk=initiative.pk).title == "Wijkaanpak Noord 2028"
    for page in (anna, bram):
        page.context.close()


def test_no_lost_update_of_a_score_sheet(live_server, browser: Browser, personas):
    """Two portfolio managers score the same initiative at once; the second sees both."""
    from koersvast.framework.models import Framework, ImpactAxis, Objective

    manager = personas[Role.PORTFOLIO_MANAGER]
    municipality = manager.memberships.first().municipality
    framework = Framework.objects.create(
        municipality=municipality, name="Kader", version=1, status="published"
    )
    Objective.objects.create(
        municipality=municipality,
        framework=framework,
        code="D1",
        name="Veilige wijken",
        source="coalitieakkoord",
    )
    ImpactAxis.objects.create(
        municipality=municipality, framework=framework, code="risk", name="Risico"
    )
    initiative = InitiativeFactory(municipality=municipality, title="Cameratoezicht centrum")
    url = f"{live_server.url}{reverse('intake:score', args=[initiative.pk])}"
    anna, bram = (browser.new_context(locale="nl-NL").new_page() for _ in range(2))
    for page in (anna, bram):
        login(page, live_server, manager.username, PASSWORD)
        page.goto(url)

    anna.get_by_label("D1 Veilige wijken").select_option("2")
    anna.get_by_label("Reden bij Veilige wijken").fill("Minder overlast")
    anna.get_by_role("button", name="Scores opslaan").click()
    expect(anna.get_by_role("status")).to_contain_text("Scores opgeslagen")

    bram.get_by_label("D1 Veilige wijken").select_option("-1")
    bram.get_by_label("Reden bij Veilige wijken").fill("Privacy")
    bram.get_by_role("button", name="Scores opslaan").click()
    alert = bram.get_by_role("alert").filter(has_text="Iemand anders heeft dit intussen gewijzigd")
    expect(alert.get_by_role("cell", name="-1 (Privacy)")).to_be_visible()
    expect(alert.get_by_role("cell", name="2 (Minder overlast)")).to_be_visible()
    expect(bram.get_by_label("Reden bij Veilige wijken")).to_have_value("Privacy")
    assert_accessible(bram)
    for page in (anna, bram):
        page.context.close()
