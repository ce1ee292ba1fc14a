"""Browser journey of MFA: a portfolio manager logs in, enrols, and is asked for a code next time.

The test plays the authenticator app: it reads the secret the page shows for manual entry and
computes the TOTP codes itself (RFC 6238, independent of django-otp).
"""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from koersvast.tenancy.choices import Role
from tests.conftest import PASSWORD
from tests.identity.helpers import enrol_device
from tests.identity.totp import next_totp, totp

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_portfolio_manager_enrols_and_verifies(live_server, page, personas, settings):
    settings.KOERSVAST_MFA_REQUIRED = True
    manager = personas[Role.PORTFOLIO_MANAGER]

    login(page, live_server, manager.username, PASSWORD)
    expect(page).to_have_url(re.compile(r"/account/tweestapsverificatie/instellen/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    expect(page.get_by_role("img", name=re.compile("QR-code"))).to_be_visible()
    assert_accessible(page)

    # Another page is out of reach until enrolment is done.
    page.goto(f"{live_server.url}/portfolio/")
    expect(page).to_have_url(re.compile(r"/instellen/"))

    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Verificatiecode").fill(totp(secret))
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie is ingesteld")
    assert page.locator("#recovery-codes li").count() == 8
    assert_accessible(page)
    page.get_by_role("link", name="Doorgaan").click()
    expect(page).to_have_url(re.compile(r"/portfolio/$"))
    assert page.locator("h1").count() == 1

    page.get_by_role("link", name="Tweestapsverificatie").click()
    expect(page.get_by_role("main")).to_contain_text("Ingesteld op")
    assert_accessible(page)

    # Next login: the password alone is not enough.
    page.get_by_role("button", name="Uitloggen").click()
    login(page, live_server, manager.username, PASSWORD)
    expect(page).to_have_url(re.compile(r"/account/tweestapsverificatie/controleren/"))
    page.get_by_label("Verificatiecode").fill("000000")
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_text("Deze code klopt niet.")).to_be_visible()
    assert_accessible(page)
    # django-otp delays a device for a moment after a wrong code; lift that, as time would.
    TOTPDevice.objects.filter(user=manager).update(throttling_failure_count=0)
    page.get_by_label("Verificatiecode").fill(next_totp(secret))
    page.get_by_role("button", name="Controleren").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def test_administrator_resets_a_members_mfa(live_server, page, personas):
    reader = personas[Role.READER]
    enrol_device(reader)
    login(page, live_server, personas[Role.ADMINISTRATOR].username, PASSWORD)
    page.get_by_role("banner").get_by_role("link", name="Tweestapsverificatie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie")
    assert_accessible(page)
    page.get_by_role("link", name="Tweestapsverificatie van medewerkers").click()
    row = page.get_by_role("row").filter(has_text=reader.username)
    expect(row).to_contain_text("ingesteld")
    assert_accessible(page)
    row.get_by_label(re.compile("Reden")).fill("Telefoon verloren")
    row.get_by_role("button", name=re.compile("Herstellen")).click()
    expect(page.get_by_role("status")).to_contain_text("is hersteld")
    expect(page.get_by_role("row").filter(has_text=reader.username)).to_contain_text(
        "niet ingesteld"
    )
    assert not TOTPDevice.objects.filter(user=reader).exists()
