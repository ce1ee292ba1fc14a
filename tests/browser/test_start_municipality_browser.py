"""Acceptance: a gemeente sets itself up and runs Koersvast without a developer (issue 20).

From an empty database with only an operator (made on the command line, the one step that is
not in the browser): the operator adds a municipality and invites its beheerder; the beheerder
sets a password, enrols MFA and follows the first-run guide (starter templates, framework,
domains, one own intake field, bodies, a capacity pool, inviting a portfolio manager and an
indiener); the portfolio manager sets a password; the indiener submits an initiative that fills
the own field; the portfolio manager takes it
through intake and the portfolioboard admits it within its mandate. Each person works in their
own browser session, as they would; axe checks every new page on the way.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from koersvast.administration.services import operator_create
from koersvast.intake.models import Decision
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality
from tests.identity.totp import totp

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "een-lang-wachtwoord-42"
TITLE = "Laadpalen bij sportparken"


def new_session(browser: Browser) -> Page:
    page = browser.new_context(locale="nl-NL").new_page()
    page.set_default_timeout(20_000)
    return page


def enrol_mfa(page: Page) -> None:
    """Play the authenticator app: read the secret shown for manual entry, confirm a code."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Verificatiecode").fill(totp(secret))
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie is ingesteld")
    page.get_by_role("link", name="Doorgaan").click()


def accept_invitation(page: Page, link: str, first: str, last: str) -> None:
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom bij Koersvast")
    assert_accessible(page)
    page.get_by_label("Voornaam").fill(first)
    page.get_by_label("Achternaam").fill(last)
    page.get_by_label(re.compile(r"^Wachtwoord:?$")).fill(PASSWORD)
    page.get_by_label("Wachtwoord (nogmaals)").fill(PASSWORD)
    page.get_by_role("button", name="Account aanmaken").click()


def shown_link(page: Page) -> str:
    """The invitation link the page shows once (it is mailed as well)."""
    link = page.get_by_role("textbox", name="Link").input_value()
    assert "/uitnodiging/" in link
    return link


def invite(page: Page, email: str, role: str) -> str:
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label(role, exact=True).check()
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_role("status")).to_contain_text(f"verstuurd naar {email}")
    return shown_link(page)


def guide_step(page: Page, live_server: Any, slug: str) -> None:
    page.goto(f"{live_server.url}/beheer/aan-de-slag/{slug}/")
    assert_accessible(page)


def test_a_municipality_starts_without_a_developer(live_server, browser, settings, mailoutbox):
    settings.KOERSVAST_MFA_REQUIRED = True
    assert not Municipality.objects.exists()
    operator_create(username="operator", email="ops@example.nl", password=PASSWORD)

    # 1. The operator adds Utrecht from the CBS list and invites its first beheerder.
    operator = new_session(browser)
    login(operator, live_server, "operator", PASSWORD)
    enrol_mfa(operator)
    expect(operator).to_have_url(re.compile(r"/installatie/$"))
    expect(operator.get_by_role("heading", level=1)).to_have_text("Beheer van de installatie")
    assert_accessible(operator)
    operator.get_by_label("Gemeente (CBS-lijst)").select_option("GM0344")
    operator.get_by_label("E-mailadres van de eerste beheerder").fill("beheer@utrecht.example")
    operator.get_by_label(re.compile("ook de rol portfoliomanager")).check()
    operator.get_by_role("button", name="Gemeente toevoegen en beheerder uitnodigen").click()
    expect(operator.get_by_role("status")).to_contain_text("Utrecht is toegevoegd")
    expect(operator.get_by_role("row").filter(has_text="GM0344")).to_contain_text("ja")
    assert_accessible(operator)
    beheerder_link = shown_link(operator)
    assert beheerder_link in mailoutbox[-1].body

    # 2. The beheerder sets a password, enrols MFA and opens the guide.
    beheerder = new_session(browser)
    accept_invitation(beheerder, beheerder_link, "Bea", "Beheer")
    enrol_mfa(beheerder)
    beheerder.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Beheer").click()
    expect(beheerder.get_by_role("note")).to_contain_text("Nog nodig voordat de intake open kan")
    assert_accessible(beheerder)
    beheerder.get_by_role("link", name="Aan de slag").first.click()
    expect(beheerder.get_by_role("heading", level=1)).to_have_text(
        "Aan de slag met Koersvast in Utrecht"
    )
    assert_accessible(beheerder)

    # Step 1: the starter templates, then publish the framework.
    guide_step(beheerder, live_server, "sjabloon")
    beheerder.get_by_role(
        "button", name=re.compile("Startsjabloon overnemen.*Afwegingskader")
    ).click()
    expect(beheerder.get_by_role("status")).to_contain_text("Startsjabloon overgenomen")
    beheerder.get_by_role(
        "button", name=re.compile("Startsjabloon overnemen.*Toelatingscriteria")
    ).click()
    expect(beheerder.get_by_role("status")).to_contain_text("Startsjabloon overgenomen")
    beheerder.get_by_role("link", name=re.compile("bekijken en vaststellen")).click()
    beheerder.get_by_role("link", name="Vaststellen").click()
    beheerder.get_by_role("button", name="Versie 1 vaststellen").click()
    guide_step(beheerder, live_server, "sjabloon")
    expect(beheerder.get_by_role("main")).to_contain_text("Vastgesteld: Afwegingskader")
    beheerder.get_by_role("link", name="Overslaan, naar de volgende stap").click()

    # Step 2: the suggested domains (groups of the BBV taakvelden).
    expect(beheerder.get_by_role("heading", level=1)).to_have_text("Stap 2: Domeinen")
    assert_accessible(beheerder)
    beheerder.get_by_role("button", name="Gekozen domeinen aanmaken").click()
    expect(beheerder.get_by_role("status")).to_contain_text("Sociaal domein")
    # One own intake field, asked of every indiener.
    beheerder.get_by_role("link", name="Eigen intakevelden inrichten").click()
    beheerder.get_by_role("link", name="Nieuw eigen veld").click()
    beheerder.get_by_label("Label").fill("Wijk")
    beheerder.get_by_label("Helptekst").fill("De wijk waar het initiatief vooral speelt.")
    beheerder.get_by_label("Verplicht").check()
    beheerder.get_by_role("button", name="Opslaan").click()
    expect(beheerder.get_by_role("status")).to_contain_text("‘Wijk’ is opgeslagen")
    guide_step(beheerder, live_server, "domeinen")
    beheerder.get_by_role("link", name="Volgende stap").click()

    # Step 3: the usual bodies, with an editable mandate.
    expect(beheerder.get_by_role("heading", level=1)).to_have_text("Stap 3: Gremia en mandaten")
    assert_accessible(beheerder)
    beheerder.get_by_role("button", name="Gekozen gremia aanmaken").click()
    expect(beheerder.get_by_role("table")).to_contain_text("Portfolioboard")
    assert_accessible(beheerder)
    beheerder.get_by_role("link", name="Volgende stap").click()

    # Step 4: a capacity pool (the existing page).
    expect(beheerder.get_by_role("heading", level=1)).to_have_text(
        "Stap 4: Capaciteit en budgetruimte"
    )
    assert_accessible(beheerder)
    beheerder.get_by_role("link", name="Capaciteitspool toevoegen").click()
    beheerder.get_by_label("Naam").fill("Projectleiders")
    beheerder.get_by_label("Code").fill("pl")
    beheerder.get_by_label(f"fte in {timezone.localdate().year + 1}-Q1").fill("3")
    beheerder.get_by_role("button", name="Opslaan").click()
    expect(beheerder.get_by_role("heading", level=1)).to_have_text("Projectleiders")

    # Step 5: invite a portfolio manager and an indiener.
    guide_step(beheerder, live_server, "mensen")
    beheerder.get_by_role("link", name="Collega's uitnodigen").click()
    assert_accessible(beheerder)
    pm_link = invite(beheerder, "pm@utrecht.example", "Portfoliomanager")
    submitter_link = invite(beheerder, "indiener@utrecht.example", "Indiener")
    expect(beheerder.get_by_role("table").first).to_contain_text("indiener@utrecht.example")
    assert_accessible(beheerder)

    # 3. The invited portfolio manager and indiener set their passwords.
    manager = new_session(browser)
    accept_invitation(manager, pm_link, "Pim", "Portfolio")
    enrol_mfa(manager)
    submitter = new_session(browser)
    accept_invitation(submitter, submitter_link, "Iris", "Indiener")
    expect(submitter.get_by_role("status")).to_contain_text("De uitnodiging is aangenomen")

    # The guide now says intake can open.
    guide_step(beheerder, live_server, "portfolio")
    expect(beheerder.get_by_role("main")).to_contain_text("de intake kan open")

    # 4. The indiener submits an initiative.
    submitter.get_by_role("link", name="Nieuw initiatief indienen").first.click()
    submitter.get_by_label("Titel").fill(TITLE)
    submitter.get_by_label("Probleem of behoefte").fill("Sporters kunnen nergens laden.")
    submitter.get_by_label("Beoogd resultaat").fill("Veertig laadpalen bij vier sportparken.")
    submitter.get_by_label("Domein").select_option(label="Sport, cultuur en recreatie")
    submitter.get_by_label("Krediet (€)").fill("120000")
    submitter.get_by_label("Wijk").fill("Zuilen")
    submitter.get_by_role("button", name="Opslaan en indienen").click()
    expect(submitter.locator(".state").first).to_have_text("Ingediend")

    # 5. The portfolio manager takes it through intake; the portfolioboard admits it.
    manager.goto(f"{live_server.url}/portfolio/?q=Laadpalen")
    manager.get_by_role("link", name=TITLE).click()
    manager.get_by_role("button", name="In behandeling nemen").click()
    manager.get_by_role("button", name="Naar adviesronde").click()
    manager.get_by_role("link", name="Scoren").click()
    for select in manager.locator("select[name^='objective-']").all():
        select.select_option("2")
    for select in manager.locator("select[name^='axis-']").all():
        select.select_option("3")
    manager.get_by_role("button", name="Scores opslaan").click()
    expect(manager.get_by_role("status")).to_contain_text("prioriteitsscore")
    manager.get_by_role("button", name="Agenderen voor besluitvorming").click()
    expect(manager.get_by_role("status")).to_contain_text("Status bijgewerkt")
    expect(manager.locator(".state").first).to_have_text("Besluitvorming")
    manager.get_by_role("link", name="Besluit vastleggen").click()
    manager.get_by_label("Gremium").select_option(label="Portfolioboard")
    manager.get_by_label("Opnemen", exact=True).check()
    manager.get_by_label("Motivering").fill("Past binnen het kader en het budget.")
    manager.get_by_role("button", name="Besluit vastleggen").click()
    expect(manager.locator(".state").first).to_have_text("Opgenomen")

    initiative = Initiative.objects.get(title=TITLE)
    decision = Decision.objects.get(initiative=initiative)
    assert (decision.body.name, decision.outcome) == ("Portfolioboard", "admit")
    assert initiative.custom_values == {"wijk": "Zuilen"}
    assert decision.body.within_mandate(initiative.total_budget)
    users = get_user_model().objects
    assert list(users.filter(is_superuser=True).values_list("username", flat=True)) == ["operator"]
    assert not users.filter(is_staff=True).exclude(username="operator").exists()
