"""Benchmarking in the browser: a reader compares, an administrator switches participation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from koersvast.demo import content
from koersvast.demo.benchmark_demo import load_benchmark_peers
from tests.demo_snapshot import load_demo

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_compares_and_administrator_opts_out(live_server, page: Page, browser) -> None:
    load_demo()
    load_benchmark_peers()

    login(page, live_server, "lezer", content.DEMO_PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Vergelijken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vergelijken met andere gemeenten")
    table = page.get_by_role("table", name="Kengetallen van uw gemeente naast")
    expect(table.get_by_role("columnheader", name="Mediaan")).to_be_visible()
    expect(
        table.get_by_role("rowheader", name="Portfoliogrootte per 10.000 inwoners")
    ).to_be_visible()
    expect(page.get_by_text("Uw gemeente doet mee aan de benchmark.")).to_be_visible()
    expect(page.get_by_role("button", name="Stoppen met deelnemen")).to_have_count(0)
    assert "Amsterdam" not in page.content()
    assert_accessible(page)

    admin = browser.new_context(locale="nl-NL").new_page()
    login(admin, live_server, "beheerder", content.DEMO_PASSWORD)
    admin.goto(f"{live_server.url}/vergelijken/deelname/")
    admin.get_by_role("button", name="Stoppen met deelnemen").click()
    expect(admin.get_by_text("Uw gemeente doet niet mee aan de benchmark.")).to_be_visible()
    expect(admin.get_by_role("button", name="Deelnemen aan de benchmark")).to_be_visible()
    assert_accessible(admin)
    admin.context.close()

    page.reload()
    expect(page.get_by_role("columnheader", name="Mediaan")).to_have_count(0)
