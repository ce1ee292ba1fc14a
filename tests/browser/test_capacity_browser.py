"""A portfolio manager sets up a capacity pool with its formation per quarter."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from koersvast.capacity.models import CapacityPool
from koersvast.tenancy.choices import Role
from tests.conftest import PASSWORD

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_portfolio_manager_sets_up_a_pool(live_server, page, personas):
    login(page, live_server, personas[Role.PORTFOLIO_MANAGER].username, PASSWORD)
    page.goto(f"{live_server.url}/planning/")
    page.get_by_role("link", name="Nieuwe pool").click()
    assert_accessible(page)
    page.get_by_label("Naam").fill("Juristen")
    page.get_by_label("Code").fill("jur")
    year = timezone.localdate().year + 1
    page.get_by_label(f"fte in {year}-Q1").fill("2,5")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Juristen")
    expect(page.get_by_role("table")).to_contain_text(f"{year}-Q1")
    assert_accessible(page)
    assert CapacityPool.objects.get(code="jur").capacities.get().fte == 2.5
