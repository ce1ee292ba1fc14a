"""Governance of running work in the browser: the project leader proposes a pause from a progress
report, the ambtelijk opdrachtgever decides, the work is paused; then it is resumed through a
decision (issue 15, decision 0403)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from koersvast.tenancy.choices import Role
from tests.conftest import PASSWORD
from tests.factories import InitiativeFactory, ProgressReportFactory

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Vervanging zaaksysteem"


def _decide_as_sponsor(page: Page, live_server, rationale: str) -> None:
    """The opdrachtgever opens the proposal from Mijn taken and adopts it."""
    login(page, live_server, Role.OFFICIAL_SPONSOR.value, PASSWORD)
    tasks = page.get_by_role("region", name="Voorstellen over lopend werk")
    tasks.get_by_role("link", name=TITLE, exact=False).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    assert_accessible(page)
    page.get_by_label("Voorstel aannemen").check()
    page.get_by_label("Motivering").fill(rationale)
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("Besluit vastgelegd")
    page.get_by_role("button", name="Uitloggen").click()


def test_pause_from_a_report_and_resume_through_decisions(live_server, page: Page, personas):
    leader = personas[Role.PROJECT_LEADER]
    initiative = InitiativeFactory(
        municipality=leader.memberships.get().municipality,
        title=TITLE,
        state="in_uitvoering",
        contractor=leader,
        official_sponsor=personas[Role.OFFICIAL_SPONSOR],
        start_year=2027,
        start_quarter=1,
        duration_quarters=4,
    )
    report = ProgressReportFactory(
        initiative=initiative,
        status="ingediend",
        narrative="Leverancier failliet; herstart pas na nieuwe aanbesteding.",
        decisions_needed="Project pauzeren tot de aanbesteding rond is.",
    )

    # 1. The project leader proposes a pause from the submitted progress report.
    login(page, live_server, leader.username, PASSWORD)
    page.goto(f"{live_server.url}/monitoring/rapportages/{report.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Besluit voorstellen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    assert_accessible(page)
    page.get_by_label("Pauzeren").check()
    page.get_by_label("Onderbouwing").fill("De leverancier is failliet; eerst opnieuw aanbesteden.")
    page.get_by_label("Ingangsdatum").fill("2027-07-01")
    page.get_by_role("button", name="Voorstel indienen").click()
    expect(page.get_by_role("status")).to_contain_text("Voorstel ingediend")
    governance = page.get_by_role("region", name="Besturing van lopend werk")
    expect(governance).to_contain_text("Ter besluitvorming")
    expect(governance.get_by_role("link", name="Besluiten")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Uitloggen").click()

    # 2. The ambtelijk opdrachtgever decides: the initiative is gepauzeerd.
    _decide_as_sponsor(page, live_server, "Akkoord: pauzeren tot de nieuwe aanbesteding.")
    login(page, live_server, Role.PORTFOLIO_MANAGER.value, PASSWORD)
    page.goto(f"{live_server.url}{initiative.get_absolute_url()}")
    expect(page.locator(".state").first).to_have_text("Gepauzeerd")
    governance = page.get_by_role("region", name="Besturing van lopend werk")
    expect(governance).to_contain_text("Gepauzeerd sinds 1 juli 2027")
    expect(governance).to_contain_text("Aangenomen")
    assert_accessible(page)

    # 3. The portfolio manager prepares the resume, with a new end; the opdrachtgever decides.
    governance.get_by_role("link", name="Besluit voorstellen").click()
    page.get_by_label("Hervatten").check()
    page.get_by_label("Onderbouwing").fill("De nieuwe leverancier is gecontracteerd.")
    page.get_by_label("Nieuw eindjaar").fill("2028")
    page.get_by_label("Nieuw eindkwartaal").select_option("2")
    page.get_by_role("button", name="Voorstel indienen").click()
    expect(page.get_by_role("status")).to_contain_text("Voorstel ingediend")
    page.get_by_role("button", name="Uitloggen").click()
    _decide_as_sponsor(page, live_server, "Hervatten, einde 2028-Q2.")

    login(page, live_server, Role.PORTFOLIO_MANAGER.value, PASSWORD)
    page.goto(f"{live_server.url}{initiative.get_absolute_url()}")
    expect(page.locator(".state").first).to_have_text("In uitvoering")
    page.goto(f"{live_server.url}/intake/besluiten/")
    table = page.get_by_role("region", name="Besluiten over lopend werk")
    expect(table).to_contain_text("Hervatten")
    expect(table).to_contain_text("Pauzeren")
    assert_accessible(page)
