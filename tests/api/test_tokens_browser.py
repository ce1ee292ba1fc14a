"""The API-key page in the browser: create (key shown once), use it, revoke; accessible."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from koersvast.tenancy.choices import Role
from tests.conftest import PASSWORD
from tests.playwright_support import assert_accessible, login

from .conftest import ApiClient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_create_use_and_revoke_a_key(live_server: Any, page: Page, personas: dict) -> None:
    login(page, live_server, personas[Role.READER].username, PASSWORD)
    page.get_by_role("link", name="API-sleutels").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API-sleutels")
    expect(page.get_by_text("U heeft nog geen API-sleutels.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Naam").fill("Rapportagescript")
    page.get_by_role("button", name="Sleutel aanmaken").click()
    key = page.locator("#new-key").inner_text()
    assert key.startswith("kv_")
    assert_accessible(page)
    assert ApiClient(key).get("/api/v1/initiatives").status_code == 200

    page.get_by_role("button", name="Intrekken (Rapportagescript)").click()
    expect(page.get_by_text("De sleutel 'Rapportagescript' is ingetrokken.")).to_be_visible()
    expect(page.get_by_text("Ingetrokken op")).to_be_visible()
    assert key not in page.content()
    assert ApiClient(key).get("/api/v1/initiatives").status_code == 401
