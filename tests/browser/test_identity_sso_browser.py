"""Browser journey of single sign-on against a real OIDC provider (npm oidc-provider, loopback).

Anna logs in with her organisation account, answers the provider's login and consent pages and
comes back as portfolio manager through the claim mapping; after the mapping is removed, her next
login revokes the role. An administrator manages the mappings on their page.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from koersvast.identity.models import RoleMapping
from koersvast.identity.oidc import forget_discovery
from koersvast.tenancy.choices import Role
from koersvast.tenancy.models import Membership
from tests.conftest import PASSWORD
from tests.identity.provider import oidc_provider

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def provider(live_server, settings):
    with oidc_provider([f"{live_server.url}/sso/callback/"]) as running:
        for name, value in running.settings().items():
            setattr(settings, name, value)
        forget_discovery()
        yield running
    forget_discovery()


def _login_at_provider(page, account: str) -> None:
    page.get_by_role("link", name="Inloggen met uw organisatieaccount").click()
    page.locator("input[name=login]").fill(account)
    page.locator("input[name=password]").fill("willekeurig")
    page.get_by_role("button", name="Sign-in").click()
    page.wait_for_load_state()
    consent = page.get_by_role("button", name="Continue")
    if "/interaction/" in page.url and consent.count():
        consent.click()
    page.wait_for_load_state()


def test_sso_login_maps_roles_and_a_later_login_revokes_them(
    live_server, page, provider, municipality
):
    mapping = RoleMapping.objects.create(
        municipality=municipality, claim="groups", value="kv-portfolio", role=Role.PORTFOLIO_MANAGER
    )
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/inloggen/"))
    expect(page.get_by_role("link", name="Inloggen met uw organisatieaccount")).to_be_visible()
    assert_accessible(page)

    _login_at_provider(page, "anna")
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Portfolio van Utrecht")
    assert_accessible(page)
    anna = get_user_model().objects.get(username="anna")
    assert list(Membership.objects.filter(user=anna).values_list("role", flat=True)) == [
        Role.PORTFOLIO_MANAGER
    ]

    # The administrator removes the mapping; Anna's next login takes the role away.
    mapping.delete()
    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_role("link", name="Inloggen met uw organisatieaccount").click()
    page.wait_for_load_state()
    if "/interaction/" in page.url:  # the provider may ask again; usually it remembers Anna
        page.get_by_role("button", name=re.compile("Sign-in|Continue")).click()
    # Logged in (no password form), but without any role now.
    expect(page.get_by_role("heading", level=1)).to_have_text("Nog geen toegang")
    assert_accessible(page)
    assert not Membership.objects.current().filter(user=anna).exists()  # withdrawn: history


def test_administrator_manages_the_mappings(live_server, page, personas):
    login(page, live_server, personas[Role.ADMINISTRATOR].username, PASSWORD)
    page.goto(f"{live_server.url}/beheer/sso-koppelingen/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("SSO-koppelingen")
    assert_accessible(page)
    page.get_by_label("Waarde").fill("kv-portfolio")
    page.get_by_role("combobox", name="Rol").select_option(label="Portfoliomanager")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text("De koppeling is toegevoegd.")
    expect(page.get_by_role("table")).to_contain_text("kv-portfolio")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Verwijderen")).click()
    expect(page.get_by_role("table")).to_contain_text("Nog geen koppelingen.")
    assert not RoleMapping.objects.exists()
