"""The key page in the browser: reach it from the header, create a key, use it, revoke it."""

from __future__ import annotations

import base64
from typing import Any

import pytest
import requests
from playwright.sync_api import Page, expect

from koersvast.tenancy.choices import Role
from tests.conftest import PASSWORD
from tests.playwright_support import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _feed_status(live_server: Any, secret: str) -> int:
    token = base64.b64encode(f"powerbi:{secret}".encode()).decode()
    with requests.Session() as session:
        response = session.get(
            f"{live_server.url}/odata/v4/Initiatives",
            headers={"Authorization": f"Basic {token}"},
            timeout=30,
        )
    return response.status_code


def test_reader_creates_uses_and_revokes_a_key(
    live_server: Any, page: Page, personas: dict[Role, Any]
) -> None:
    login(page, live_server, personas[Role.READER].username, PASSWORD)
    page.get_by_role("link", name="Power BI-sleutels").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Power BI-sleutels (OData-feed)")
    expect(page.get_by_text("Er zijn nog geen sleutels.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Naam van de rapportage").fill("Power BI dashboard MT")
    page.get_by_role("button", name="Sleutel aanmaken").click()
    secret = page.locator("#new-secret").inner_text()
    assert secret.startswith("kvo_")
    expect(page.get_by_role("cell", name="Power BI dashboard MT", exact=True)).to_be_visible()
    assert_accessible(page)
    assert _feed_status(live_server, secret) == 200

    page.get_by_role("button", name="Intrekken (Power BI dashboard MT)").click()
    expect(page.get_by_text("is ingetrokken")).to_be_visible()
    expect(page.locator("#new-secret")).to_have_count(0)
    assert _feed_status(live_server, secret) == 401
